import type { ReactNode } from "react";
import { t } from "@yanxiu/ui/i18n";
import type { TShell } from "../../lib/guard.server.ts";
import { AppShell } from "@yanxiu/ui/layout";
import { RouteErrorBoundary } from "../route-error.tsx";

/**
 * A learner's page (课程目录, 我的课程, 名师工作室, 我的直播 …). The way between them is the app frame's menu (the
 * side menu, or the tab bar on a phone), drawn by the root; this keeps the page's column.
 */
export function LearnerShell(props: { shell: TShell; children: ReactNode }) {
  return <AppShell>{props.children}</AppShell>;
}

/** The learner pages' error boundary (the same as every other route's). */
export const LearningErrorBoundary = RouteErrorBoundary;

const fmt = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
const fmtDay = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });

export const formatTime = (s: string) => fmt.format(new Date(s));
export const formatDay = (s: string) => fmtDay.format(new Date(s));

/** "from – to", "from 起", "截至 to" or 不限. */
export function windowText(from: string | null, to: string | null): string {
  if (from && to) return t("learning.course.range", { from: formatDay(from), to: formatDay(to) });
  if (from) return t("learning.course.from", { from: formatDay(from) });
  if (to) return t("learning.course.until", { to: formatDay(to) });
  return t("learning.course.anytime");
}

export function UnitStateBadge(props: { unitId: string; state: "notStarted" | "inProgress" | "complete" }) {
  return (
    <span className={`yx-learning-state yx-learning-state-${props.state}`} data-testid={`unit-state-${props.unitId}`} data-state={props.state}>
      {t(`learning.state.${props.state}`)}
    </span>
  );
}
