import { t } from "../i18n/index.ts";
import { themeTokens } from "../theme.ts";

/** What a chart shows, independent of ECharts: a category axis (or pie slices) and one or more series. */
export type TChartKind = "bar" | "line" | "pie";
export type TChartSeries = { name: string; data: (number | null)[] };
/** `integer`: the values are counts (people, answers), so the value axis steps by whole numbers. */
export type TChartData = { kind: TChartKind; categories: string[]; series: TChartSeries[]; unit?: string; max?: number; integer?: boolean };

/** The theme's colours (packages/ui/src/theme.ts' primary first), so charts speak the app's palette. */
export const chartColors = [themeTokens.colorPrimary, "#36a3a0", "#f0a020", themeTokens.colorError, "#7a5cc2", "#5c7080"];

/** The ECharts option for the data: CJK font, the theme's colours, values with their unit in the tooltip. */
export function chartOption(d: TChartData): Record<string, unknown> {
  const fmt = (v: unknown) => (v == null ? "—" : `${String(v)}${d.unit ?? ""}`);
  const base = {
    color: chartColors,
    animation: false,
    textStyle: { fontFamily: "inherit" },
    tooltip: { trigger: d.kind === "pie" ? "item" : "axis", valueFormatter: fmt, confine: true },
    legend: d.series.length > 1 || d.kind === "pie" ? { bottom: 0, type: "scroll" } : undefined,
  };
  if (d.kind === "pie") {
    const s = d.series[0] ?? { name: "", data: [] };
    return {
      ...base,
      series: [{ type: "pie", name: s.name, radius: ["40%", "68%"], center: ["50%", "45%"], label: { formatter: "{b}: {d}%" }, data: d.categories.map((c, i) => ({ name: c, value: s.data[i] ?? 0 })) }],
    };
  }
  return {
    ...base,
    grid: { left: 8, right: 16, top: 24, bottom: d.series.length > 1 ? 40 : 8, containLabel: true },
    xAxis: { type: "category", data: d.categories, axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: "value", max: d.max, minInterval: d.integer ? 1 : undefined, axisLabel: { formatter: `{value}${d.unit ?? ""}` } },
    series: d.series.map((s) => ({ type: d.kind, name: s.name, data: s.data, barMaxWidth: 36, smooth: d.kind === "line", connectNulls: false })),
  };
}

/** One sentence for assistive technology: what the chart is and its extremes (the table beside it has every value). */
export function chartSummary(label: string, d: TChartData): string {
  const s = d.series[0];
  if (!s || d.categories.length === 0) return label;
  const points = d.categories.map((c, i) => ({ c, v: s.data[i] })).filter((p): p is { c: string; v: number } => p.v != null);
  if (points.length === 0) return label;
  const hi = points.reduce((a, b) => (b.v > a.v ? b : a));
  const lo = points.reduce((a, b) => (b.v < a.v ? b : a));
  const u = d.unit ?? "";
  return t("chart.summary", { label, count: points.length, hiName: hi.c, hi: `${hi.v}${u}`, loName: lo.c, lo: `${lo.v}${u}` });
}
