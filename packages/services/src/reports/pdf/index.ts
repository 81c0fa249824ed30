export { chartSvg } from "./chart.ts";
export { renderReportPdf, reportWording, type TRenderReportOptions, type TReportBlock, type TReportDocument, type TReportSection } from "./render.ts";
