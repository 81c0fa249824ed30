import { awardCategories, type TAwardCategory } from "@yanxiu/domain/credits";
import { categoryLabel, fixedPointLabel, flagLabel, levelLabel, roleLabel, unitLabel, type TCreditScheme } from "@yanxiu/domain/credit-scheme";
import { rateText } from "@yanxiu/domain/credit-scheme-form";
import { t } from "@yanxiu/ui/i18n";
import { Card, ScrollX } from "@yanxiu/ui/layout";

/** A scheme, read-only: what a city or county admin sees, and what the versions page shows of the one in effect. */
export function SchemeSummary({ scheme: s }: { scheme: TCreditScheme }) {
  const u = unitLabel[s.unit];
  const none = t("scheme.summary.none");
  const limits = awardCategories.filter((c) => s.categoryLimits[c]);
  const approval = (a: string) => t(`scheme.form.approval.${a}` as "scheme.form.approval.school");
  return (
    <Card title={t("scheme.summary.heading")} testId="scheme-summary">
      <dl className="yx-facts yx-scheme-facts">
        <div>
          <dt>{t("scheme.summary.unit")}</dt>
          <dd>{u}</dd>
        </div>
        <div>
          <dt>{t("scheme.summary.cycle")}</dt>
          <dd>
            {t("scheme.summary.cycleValue", {
              years: s.cycle.years,
              anchor: s.cycle.anchor === "calendar" ? t("scheme.summary.anchorCalendar", { year: s.cycle.startYear ?? "" }) : t("scheme.summary.anchorHire"),
            })}
          </dd>
        </div>
        <div>
          <dt>{t("scheme.summary.creditYear")}</dt>
          <dd>{t("scheme.summary.creditYearValue", { month: s.creditYearStartMonth })}</dd>
        </div>
        <div>
          <dt>{t("scheme.summary.requirement")}</dt>
          <dd>{t("scheme.summary.requirementValue", { cycle: `${s.cycleMinimum} ${u}`, year: `${s.yearlyMinimum} ${u}` })}</dd>
        </div>
        <div>
          <dt>{t("scheme.summary.rounding")}</dt>
          <dd>{t("scheme.round.value", { mode: t(`scheme.round.${s.rounding.mode}`), decimals: s.rounding.decimals })}</dd>
        </div>
        <div>
          <dt>{t("scheme.summary.countyOrAbove")}</dt>
          <dd>
            {s.countyOrAbove
              ? [s.countyOrAbove.minAmount != null ? `${s.countyOrAbove.minAmount} ${u}` : null, s.countyOrAbove.minShare != null ? `${Math.round(s.countyOrAbove.minShare * 100)}%` : null].filter(Boolean).join(" / ")
              : none}
          </dd>
        </div>
        <div>
          <dt>{t("scheme.summary.eligibility")}</dt>
          <dd>
            {[
              s.eligibility.accreditedProvidersOnly ? t("scheme.summary.accredited") : null,
              s.eligibility.assessmentRequired ? t("scheme.summary.assessment") : null,
              ...Object.entries(s.eligibility.minDurationDays).map(([c, d]) => t("scheme.summary.minDays", { category: categoryLabel[c as TAwardCategory], days: d ?? 0 })),
            ]
              .filter(Boolean)
              .join("；") || none}
          </dd>
        </div>
        <div>
          <dt>{t("scheme.form.tracks")}</dt>
          <dd>
            {[
              s.tracks.newTeacher ? `${t("scheme.form.newTeacher")} ${s.tracks.newTeacher.firstYearMinimum} ${u}` : null,
              s.tracks.classTeacher ? `${t("scheme.form.classTeacher")} ${s.tracks.classTeacher.cycleMinimum} ${u}` : null,
              s.tracks.principal ? `${t("scheme.form.principal")} ${s.tracks.principal.cycleMinimum} ${u}` : null,
            ]
              .filter(Boolean)
              .join("；") || none}
          </dd>
        </div>
        <div>
          <dt>{t("scheme.summary.flags")}</dt>
          <dd>{s.flags.map((f) => flagLabel[f]).join("、") || none}</dd>
        </div>
      </dl>
      <h3>{t("scheme.form.conversions")}</h3>
      <p className="yx-muted">{t("scheme.summary.defaultRate", { rate: rateText(s.defaultRate) })}</p>
      {s.conversions.length > 0 ? (
        <ScrollX label={t("common.scrollTable")}>
          <table className="yx-table">
            <thead>
              <tr>
                <th scope="col">{t("scheme.form.category")}</th>
                <th scope="col">{t("scheme.form.level")}</th>
                <th scope="col">{t("scheme.form.role")}</th>
                <th scope="col">{t("scheme.form.rate")}</th>
              </tr>
            </thead>
            <tbody>
              {s.conversions.map((r, i) => (
                <tr key={i}>
                  <td>{categoryLabel[r.category]}</td>
                  <td>{r.level ? levelLabel[r.level] : t("scheme.form.any")}</td>
                  <td>{r.role ? roleLabel[r.role] : t("scheme.form.any")}</td>
                  <td>{rateText(r.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollX>
      ) : null}
      {limits.length > 0 ? (
        <>
          <h3>{t("scheme.form.limits")}</h3>
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table">
              <thead>
                <tr>
                  <th scope="col">{t("scheme.form.category")}</th>
                  {(["yearMin", "yearMax", "cycleMin", "cycleMax"] as const).map((k) => (
                    <th key={k} scope="col">
                      {t(`scheme.form.${k}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {limits.map((c) => (
                  <tr key={c}>
                    <th scope="row">{categoryLabel[c]}</th>
                    {(["yearMin", "yearMax", "cycleMin", "cycleMax"] as const).map((k) => (
                      <td key={k}>{s.categoryLimits[c]?.[k] ?? "—"}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        </>
      ) : null}
      {s.cover.length > 0 || s.neverCovers.length > 0 ? (
        <>
          <h3>{t("scheme.form.cover")}</h3>
          <ul className="yx-list">
            {s.cover.map((r, i) => (
              <li key={i}>
                {categoryLabel[r.from]} → {categoryLabel[r.to]}
              </li>
            ))}
            {s.neverCovers.length > 0 ? (
              <li>
                {t("scheme.form.neverCovers")}：{s.neverCovers.map((c) => categoryLabel[c]).join("、")}
              </li>
            ) : null}
          </ul>
        </>
      ) : null}
      {s.fixedPoints.length > 0 ? (
        <>
          <h3>{t("scheme.form.fixedPoints")}</h3>
          <ul className="yx-list">
            {s.fixedPoints.map((f) => (
              <li key={f.kind}>
                <strong>{fixedPointLabel[f.kind]}</strong>（{categoryLabel[f.category]}）：
                {Object.entries(f.valueByLevel)
                  .map(([l, v]) => `${levelLabel[l as keyof typeof levelLabel]} ${v}`)
                  .join("、")}{" "}
                {u}
                {f.yearlyCap != null ? `；${t("scheme.form.yearlyCap")} ${f.yearlyCap}` : ""}；{t("scheme.form.evidence")}：{f.evidence.join("、")}；{t("scheme.form.chain")}：
                {f.approvalChain.map(approval).join(" → ")}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {s.notes ? (
        <p className="yx-muted">
          {t("scheme.summary.notes")}：{s.notes}
        </p>
      ) : null}
    </Card>
  );
}
