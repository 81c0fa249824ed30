import type { TNotificationKind, TNotificationParams } from "@yanxiu/domain/notifications";
import { t, type TMessageKey } from "../i18n/index.ts";

/**
 * A notice's words (decision 034): the kind's title and body from the catalogue, filled with its facts (the
 * labels of levels, items and units resolved here). A notice whose facts no longer fit shows a plain line.
 */
export function noticeText(n: { kind: TNotificationKind; params: TNotificationParams } | null): { title: string; body: string } {
  if (!n) return { title: t("notifications.unknown.title"), body: t("notifications.unknown.body") };
  const p = n.params as Record<string, unknown>;
  const vars: Record<string, string | number> = {};
  if (typeof p.claimTitle === "string") vars.claim = p.claimTitle;
  if (typeof p.itemKind === "string") vars.item = t(`credits.fixedPoint.${p.itemKind}` as TMessageKey);
  if (typeof p.level === "string") vars.level = t(`notifications.level.${p.level}` as TMessageKey);
  if (typeof p.nextLevel === "string") vars.next = t(`notifications.level.${p.nextLevel}` as TMessageKey);
  if (typeof p.unit === "string") vars.unit = t(`notifications.unit.${p.unit}` as TMessageKey);
  if (typeof p.value === "number") vars.value = p.value;
  if (typeof p.hours === "number") vars.hours = p.hours;
  if (typeof p.reason === "string") vars.reason = p.reason;
  if (typeof p.title === "string") vars.title = p.title;
  if (typeof p.projectName === "string") vars.project = p.projectName;
  if (typeof p.dueOn === "string") vars.due = p.dueOn;
  if (typeof p.className === "string") vars.class = p.className;
  if (typeof p.unitName === "string") vars.scope = p.unitName;
  if (typeof p.year === "number") vars.year = p.year;
  return { title: t(`notifications.kind.${n.kind}.title` as TMessageKey, vars), body: t(`notifications.kind.${n.kind}.body` as TMessageKey, vars) };
}
