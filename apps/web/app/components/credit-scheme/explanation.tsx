import type { TSchemeEvaluation } from "@yanxiu/domain/credit-scheme";
import { flagLabel, statusLabel, unitLabel } from "@yanxiu/domain/credit-scheme";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";

/**
 * 为何是 X 学分: a teacher's totals under the scheme in effect, from the engine's evaluation — each award and
 * what it became (the rule applied, or why it counts nothing), then the caps, cover, totals and shortfalls in
 * the engine's order, then the consequence flags. A list, not a table, so it reads on a phone.
 */
export function SchemeExplanation({ e, day }: { e: TSchemeEvaluation; day: string }) {
  const u = unitLabel[e.scheme.unit];
  const awardLines = new Set(e.awards.map((a) => a.line));
  // The flag lines come last in the engine's explanation; they are shown in their own card below.
  const steps = e.explanation.filter((l) => !awardLines.has(l)).slice(0, e.explanation.length - e.awards.length - e.flags.length);
  const shown = e.awards.filter((a) => a.inCycle || a.excluded != null || (a.date >= e.cycle.start && a.date <= e.cycle.end));
  return (
    <>
      <p className="yx-muted">{t("scheme.why.intro", { version: e.scheme.version, name: e.scheme.name, day })}</p>
      <Card title={t("scheme.why.cycle", { start: e.cycle.start, end: e.cycle.end })} testId="why-total">
        <p className="yx-credits-big">
          <strong data-testid="why-counted">{t("scheme.why.counted", { counted: e.cycleTotal.counted, minimum: e.cycleTotal.minimum, unit: u })}</strong>{" "}
          <span className={`yx-badge yx-credits-pace-${e.status}`} data-testid="why-status">
            {statusLabel[e.status]}
          </span>
        </p>
        {e.scheme.unit === "credits" ? <p className="yx-muted">{t("scheme.why.raw", { hours: e.cycleTotal.rawHours })}</p> : null}
      </Card>
      <Card title={t("scheme.why.awards")} testId="why-awards">
        {shown.length === 0 ? (
          <EmptyState>{t("scheme.why.noAwards")}</EmptyState>
        ) : (
          <ol className="yx-why-list">
            {shown.map((a) => (
              <li key={a.id} data-testid="why-award" data-excluded={a.excluded != null ? "true" : undefined} className={a.inCycle ? undefined : "yx-muted"}>
                <span className="yx-why-line">{a.line}</span>
                <strong className="yx-why-amount">{a.inCycle ? t("scheme.why.amount", { amount: a.amount, unit: u }) : a.excluded ? "0" : t("scheme.why.outside")}</strong>
              </li>
            ))}
          </ol>
        )}
      </Card>
      <Card title={t("scheme.why.steps")} testId="why-steps">
        <ol className="yx-why-list">
          {steps.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ol>
        {e.shortfalls.length === 0 ? <p className="yx-success">{t("scheme.why.noShortfalls")}</p> : null}
      </Card>
      {e.flags.length > 0 ? (
        <Card title={t("scheme.why.flags")} testId="why-flags">
          <ul className="yx-why-list">
            {e.flags.map((f) => (
              <li key={f.flag}>
                <span className="yx-why-line">
                  {flagLabel[f.flag]}：{f.reason}
                </span>
                <span className={f.ok ? "yx-badge yx-credits-pace-done" : "yx-badge yx-credits-pace-behind"}>{f.ok ? t("scheme.why.flagOk") : t("scheme.why.flagNo")}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </>
  );
}
