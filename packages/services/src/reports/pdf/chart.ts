import * as echarts from "echarts";

/**
 * Renders an ECharts option to an SVG string on the server (ECharts' own SSR renderer: no DOM, no canvas).
 * Animation is off so the first frame is the final one. The option is plain JSON: callbacks (formatters)
 * would not survive a job payload anyway.
 */
export function chartSvg(option: Record<string, unknown>, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
