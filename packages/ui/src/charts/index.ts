export { Chart } from "./chart.tsx";
export { chartOption, chartSummary, type TChartData, type TChartKind, type TChartSeries } from "./options.ts";
