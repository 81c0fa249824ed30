import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { iso } from "../lib/iso.ts";

/** A 定额项目 claim as the pages take it from a loader (dates as strings). */
export type TClaimData = {
  id: string;
  kind: string;
  level: string;
  title: string;
  happenedOn: string;
  description: string;
  value: number;
  unit: "hours" | "credits";
  status: "pending" | "returned" | "rejected" | "approved";
  round: number;
  step: number;
  lastReason: string | null;
  steps: { level: string; unitName: string }[];
  actingUnitName: string | null;
  files: { round: number; fileId: string; label: string; name: string; href: string; current: boolean }[];
  trail: { round: number; step: number; action: string; level: string; forUnitName: string; actingUnitName: string | null; actorName: string; reason: string | null; at: string }[];
  mayDecide: boolean;
};

type TClaimIn = Omit<TClaimData, "trail"> & { trail: (Omit<TClaimData["trail"][number], "at"> & { at: Date })[] };

export function toClaimData(c: TClaimIn): TClaimData {
  return {
    id: c.id,
    kind: c.kind,
    level: c.level,
    title: c.title,
    happenedOn: c.happenedOn,
    description: c.description,
    value: c.value,
    unit: c.unit,
    status: c.status,
    round: c.round,
    step: c.step,
    lastReason: c.lastReason,
    steps: c.steps,
    actingUnitName: c.actingUnitName,
    files: c.files.map((f) => ({ round: f.round, fileId: f.fileId, label: f.label, name: f.name, href: f.href, current: f.current })),
    trail: c.trail.map((x) => ({ ...x, at: iso(x.at) ?? "" })),
    mayDecide: c.mayDecide,
  };
}

const levelName = (l: string) => t(`fixedPoints.level.${l}` as TMessageKey);

/** The chain, each step marked done, current (with who acts for it) or to come. */
export function ClaimSteps(props: { claim: Pick<TClaimData, "steps" | "step" | "status" | "actingUnitName"> }) {
  const c = props.claim;
  return (
    <ol className="yx-claim-steps" aria-label={t("fixedPoints.steps")}>
      {c.steps.map((s, i) => {
        const state = c.status === "approved" || i < c.step ? "done" : i === c.step ? (c.status === "pending" ? "current" : c.status) : "todo";
        return (
          <li key={i} className={`yx-claim-step yx-claim-step-${state}`} data-state={state} aria-current={state === "current" ? "step" : undefined}>
            {t("fixedPoints.trail.for", { level: levelName(s.level), unit: s.unitName })}
            {state === "current" ? <span> · {t("fixedPoints.step.current")}</span> : state === "returned" || state === "rejected" ? <span> · {t(`fixedPoints.status.${state}`)}</span> : null}
            {state === "current" && c.actingUnitName ? <span className="yx-muted"> · {t("fixedPoints.actingFor", { acting: c.actingUnitName })}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}

/** Who did what, for which level, acting for whom, and why. */
export function ClaimTrail(props: { trail: TClaimData["trail"] }) {
  return (
    <ol className="yx-claim-trail" data-testid="claim-trail">
      {props.trail.map((x, i) => (
        <li key={i} data-action={x.action}>
          <span>{t("fixedPoints.trail.entry", { at: x.at.slice(0, 16).replace("T", " "), actor: x.actorName, action: t(`fixedPoints.action.${x.action}` as TMessageKey) })}</span>
          <span className="yx-muted">
            {" · "}
            {x.actingUnitName
              ? t("fixedPoints.trail.acting", { acting: x.actingUnitName, unit: `${levelName(x.level)}${x.forUnitName}` })
              : t("fixedPoints.trail.for", { level: levelName(x.level), unit: x.forUnitName })}
          </span>
          {x.reason ? <div className="yx-claim-reason">{t("fixedPoints.reason", { reason: x.reason })}</div> : null}
        </li>
      ))}
    </ol>
  );
}
