import type { ReactNode } from "react";
import { Link, NavLink } from "@remix-run/react";
import { t, t as tr, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";

/** What the credit pages pass from loader to component (dates as strings). */
export type TTotalsData = {
  cycle: { startYear: number; endYear: number };
  cycleHours: number;
  requiredHours: number;
  percent: number;
  pace: "done" | "onTrack" | "behind";
  expectedByNow: number;
  expectedThisYear: number;
  year: number;
  yearHours: number;
  yearlyMinimum: number;
  yearShortfall: number;
  byYear: Record<string, number>;
  byCategory: Partial<Record<string, number>>;
  categoryShortfalls: Partial<Record<string, number>>;
};

export type TLedgerRowData = {
  id: string;
  title: string;
  hours: number;
  category: string;
  organiserLevel: string;
  countsFor: string;
  source: string;
  reason: string | null;
  reversedBy: { reason: string | null } | null;
  evidence: { kind: string; title: string | null; href: string | null }[];
  /** A certified fixed-point item (decision 032): no 学时 attended; the scheme gives its value. */
  fixedPoint?: string | null;
  /** 学分 an imported list stated (decision 039). */
  statedCredits?: number | null;
};

/** 12 → "12", 36.5 → "36.5", −36.5 → "−36.5". */
export const formatHours = (n: number) => (n < 0 ? `−${Math.abs(n)}` : String(n));

const roundShare = (n: number) => Math.round(n * 10) / 10;

const categoryLabel = (c: string) => t(`credits.category.${c}` as TMessageKey);

/** The progress bar toward the cycle requirement with pace, this year against the yearly minimum, and totals by year and category. */
/**
 * The totals cards. Under a credit scheme in 学分 (decision 025) the figures are 学分: the same texts are shown
 * with the unit swapped, the scheme named, and a link to the line-by-line explanation (为何是 X 学分).
 */
export function CreditTotals(props: { totals: TTotalsData; scheme?: { unit: "hours" | "credits"; name: string; version: number } | null; whyHref?: string }) {
  const d = props.totals;
  const credits = props.scheme?.unit === "credits";
  const t: typeof tr = (key, vars) => (credits ? tr(key, vars).replaceAll("学时", "学分") : tr(key, vars));
  const unit = credits ? "学分" : "学时";
  return (
    <>
      <Card title={t("credits.cycle.heading", { start: d.cycle.startYear, end: d.cycle.endYear })} testId="credit-totals">
        <p className="yx-credits-big">
          <strong data-testid="cycle-hours">{d.cycleHours}</strong> <span className="yx-muted">{t("credits.cycle.of", { required: d.requiredHours })}</span>
          <span className={`yx-badge yx-credits-pace-${d.pace}`} data-testid="credit-pace" data-pace={d.pace}>
            {t(`credits.pace.${d.pace}`)}
          </span>
        </p>
        <progress className="yx-progress" max={d.requiredHours} value={Math.min(d.cycleHours, d.requiredHours)} aria-label={t("credits.cycle.progress", { percent: d.percent })} />
        <p className="yx-muted">
          {t("credits.cycle.progress", { percent: d.percent })}
          {d.pace !== "done" ? ` · ${t("credits.cycle.expected", { hours: d.expectedByNow })}` : null}
        </p>
        <p>
          <strong>{t("credits.year.heading", { year: d.year })}</strong>：{t("credits.year.vsMinimum", { hours: d.yearHours, minimum: d.yearlyMinimum })}{" "}
          <span className={d.yearShortfall > 0 ? "yx-warning" : "yx-muted"}>{d.yearShortfall > 0 ? t("credits.year.short", { hours: d.yearShortfall }) : t("credits.year.met")}</span>
          {d.pace !== "done" && d.yearShortfall > 0 ? <span className="yx-muted"> · {t("credits.year.expected", { hours: d.expectedThisYear })}</span> : null}
        </p>
        {props.scheme ? (
          <p className="yx-muted" data-testid="credit-scheme">
            {tr("credits.scheme.basis", { name: props.scheme.name, version: props.scheme.version })}{" "}
            {props.whyHref ? (
              <Link to={props.whyHref} data-testid="why-link">
                {tr("scheme.why.link", { amount: d.cycleHours, unit })}
              </Link>
            ) : null}
          </p>
        ) : null}
        <p className="yx-muted">{t("credits.pace.rule", { share: roundShare(d.requiredHours / (d.cycle.endYear - d.cycle.startYear + 1)), minimum: d.yearlyMinimum })}</p>
        {Object.entries(d.categoryShortfalls).map(([c, h]) => (
          <p key={c} className="yx-warning">
            {t("credits.shortfall", { category: categoryLabel(c), hours: h ?? 0 })}
          </p>
        ))}
      </Card>
      <div className="yx-grid yx-credits-split">
        <Card title={t("credits.byYear")}>
          <dl className="yx-facts">
            {Object.entries(d.byYear).map(([y, h]) => (
              <div key={y} className="yx-credits-fact">
                <dt>{t("credits.yearLabel", { year: y })}</dt>
                <dd>{t("credits.hoursValue", { hours: h })}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title={t("credits.byCategory")}>
          {Object.keys(d.byCategory).length === 0 ? (
            <EmptyState>{t("credits.noHours")}</EmptyState>
          ) : (
            <dl className="yx-facts">
              {Object.entries(d.byCategory).map(([c, h]) => (
                <div key={c} className="yx-credits-fact">
                  <dt>{categoryLabel(c)}</dt>
                  <dd>{t("credits.hoursValue", { hours: h ?? 0 })}</dd>
                </div>
              ))}
            </dl>
          )}
        </Card>
      </div>
    </>
  );
}

/** The ledger, newest first; reversed awards struck through with the reason, reversal rows marked. */
export function LedgerTable(props: { rows: TLedgerRowData[]; action?: (row: TLedgerRowData) => ReactNode }) {
  if (props.rows.length === 0) return <EmptyState>{t("credits.ledger.empty")}</EmptyState>;
  return (
    <div className="yx-credits-scroll">
      <ScrollX label={t("common.scrollTable")}>
      <table className="yx-table yx-credits-ledger" data-testid="credit-ledger">
        <thead>
          <tr>
            <th scope="col">{t("credits.ledger.date")}</th>
            <th scope="col">{t("credits.ledger.item")}</th>
            <th scope="col">{t("credits.ledger.category")}</th>
            <th scope="col">{t("credits.ledger.level")}</th>
            <th scope="col" className="yx-credits-num">{t("credits.ledger.hours")}</th>
            <th scope="col">{t("credits.ledger.source")}</th>
            <th scope="col">{t("credits.ledger.evidence")}</th>
            {props.action ? <th scope="col">{t("credits.ledger.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => {
            const isReversal = r.source === "reversal";
            const cls = isReversal ? "yx-credits-reversal" : r.reversedBy ? "yx-credits-reversed" : undefined;
            return (
              <tr key={r.id} className={cls} data-testid="ledger-row" data-source={r.source} data-reversed={r.reversedBy ? "true" : undefined}>
                <td>{r.countsFor}</td>
                <td>
                  <span className="yx-credits-title">{r.fixedPoint ? t("credits.ledger.fixedPointTitle", { item: t(`credits.fixedPoint.${r.fixedPoint}` as TMessageKey), title: r.title }) : r.title}</span>
                  {r.reversedBy ? (
                    <span className="yx-badge yx-credits-badge-reversed">{r.reversedBy.reason ? t("credits.ledger.reversedReason", { reason: r.reversedBy.reason }) : t("credits.ledger.reversed")}</span>
                  ) : null}
                  {isReversal && r.reason ? <div className="yx-muted">{t("credits.ledger.reversalReason", { reason: r.reason })}</div> : null}
                </td>
                <td>{categoryLabel(r.category)}</td>
                <td>{t(`credits.level.${r.organiserLevel}` as TMessageKey)}</td>
                <td className="yx-credits-num">
                  {r.fixedPoint ? (
                    <span title={t("credits.ledger.fixedPointHint")}>{t("credits.ledger.fixedPointHours")}</span>
                  ) : r.statedCredits != null ? (
                    <span title={t("credits.ledger.statedCreditsHint")} data-testid="ledger-stated-credits">
                      {r.hours > 0 ? `${formatHours(r.hours)} · ` : ""}
                      {t("credits.ledger.statedCredits", { credits: r.statedCredits })}
                    </span>
                  ) : (
                    formatHours(r.hours)
                  )}
                </td>
                <td>{t(`credits.source.${r.source}` as TMessageKey)}</td>
                <td>
                  <ul className="yx-credits-evidence">
                    {r.evidence.map((e, i) => {
                      const text = t("credits.evidence.item", { kind: t(`credits.evidence.${e.kind}` as TMessageKey), title: e.title ?? "—" });
                      return <li key={i}>{e.href ? <a href={e.href}>{text}</a> : text}</li>;
                    })}
                  </ul>
                </td>
                {props.action ? <td>{props.action(r)}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
</ScrollX>
    </div>
  );
}

/** Loader data for the totals and ledger from the service's view (Dates and numbers made plain). */
export function toLedgerData(rows: { id: string; title: string; hours: number; category: string; organiserLevel: string; countsFor: string; source: string; reason: string | null; reversedBy: { reason: string | null } | null; evidence: TLedgerRowData["evidence"]; fixedPoint?: string | null; statedCredits?: number | null }[]): TLedgerRowData[] {
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    hours: r.hours,
    category: r.category,
    organiserLevel: r.organiserLevel,
    countsFor: r.countsFor,
    source: r.source,
    reason: r.reason,
    reversedBy: r.reversedBy ? { reason: r.reversedBy.reason } : null,
    evidence: r.evidence,
    fixedPoint: r.fixedPoint ?? null,
    statedCredits: r.statedCredits ?? null,
  }));
}

export function toTotalsData(x: TTotalsData): TTotalsData {
  return {
    cycle: { startYear: x.cycle.startYear, endYear: x.cycle.endYear },
    cycleHours: x.cycleHours,
    requiredHours: x.requiredHours,
    percent: x.percent,
    pace: x.pace,
    expectedByNow: x.expectedByNow,
    expectedThisYear: x.expectedThisYear,
    year: x.year,
    yearHours: x.yearHours,
    yearlyMinimum: x.yearlyMinimum,
    yearShortfall: x.yearShortfall,
    byYear: x.byYear,
    byCategory: x.byCategory,
    categoryShortfalls: x.categoryShortfalls,
  };
}

/** The sub-tabs of 学时管理 under /admin/credits. */
export function CreditsAdminNav() {
  const tabs: [string, TMessageKey, boolean][] = [
    ["/admin/credits", "credits.admin.tabs.status", true],
    ["/admin/credits/requests", "credits.admin.tabs.requests", false],
    ["/admin/credits/fixed-points", "credits.admin.tabs.fixedPoints", false],
    ["/admin/credits/import", "credits.admin.tabs.import", false],
    ["/admin/credits/scheme", "credits.admin.tabs.scheme", false],
    ["/admin/credits/policy", "credits.admin.tabs.policy", false],
    ["/admin/rollups", "credits.admin.tabs.rollups", false],
  ];
  return (
    <nav className="yx-tabs yx-credits-subtabs" aria-label={t("credits.admin.tabs.label")}>
      {tabs.map(([to, key, end]) => (
        <NavLink key={to} to={to} end={end} className={({ isActive }) => (isActive ? "yx-tab yx-tab-active" : "yx-tab")}>
          {t(key)}
        </NavLink>
      ))}
    </nav>
  );
}
