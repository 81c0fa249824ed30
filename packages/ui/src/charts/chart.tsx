import { useEffect, useRef, useState } from "react";
import { t } from "../i18n/index.ts";
import { chartOption, chartSummary, type TChartData } from "./options.ts";

type TChartInstance = { setOption(o: object, notMerge?: boolean): void; resize(): void; dispose(): void };

/**
 * A bar, line or pie chart drawn by ECharts in the browser only (decision 018). On the server, and until the
 * lazily loaded ECharts has drawn, it is a box of the final height (no layout shift), so server rendering is
 * safe. The canvas is hidden from assistive technology; a summary names the chart (`aria-label`) and a
 * visually hidden table carries every value. It follows its container's width (ResizeObserver) and is
 * disposed on unmount.
 */
export function Chart(props: TChartData & { label: string; height?: number; valueHeader?: string; testId?: string }) {
  const { label, height = 260, valueHeader, testId, ...data } = props;
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<TChartInstance | null>(null);
  const [drawn, setDrawn] = useState(false);
  const option = chartOption(data);
  const optionKey = JSON.stringify(option);

  useEffect(() => {
    let cancelled = false;
    let observer: ResizeObserver | null = null;
    void import("./echarts.ts").then(({ init }) => {
      if (cancelled || !box.current) return;
      const c = init(box.current, undefined, { renderer: "canvas" }) as unknown as TChartInstance;
      chart.current = c;
      c.setOption(JSON.parse(optionKey) as object, true);
      observer = new ResizeObserver(() => c.resize());
      observer.observe(box.current);
      setDrawn(true);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
    // Drawn once per mount (the first option read through optionKey); new data goes through setOption below.
  }, []);

  useEffect(() => {
    chart.current?.setOption(JSON.parse(optionKey) as object, true);
  }, [optionKey]);

  return (
    <figure className="yx-chart" aria-label={chartSummary(label, data)} data-testid={testId} data-drawn={drawn ? "true" : "false"}>
      {/* ECharts owns the inner box's children; React renders nothing inside it (the placeholder is a sibling). */}
      <div className="yx-chart-canvas" style={{ height }} aria-hidden="true">
        <div ref={box} className="yx-chart-box" />
        {drawn ? null : <span className="yx-chart-loading">{t("chart.loading")}</span>}
      </div>
      <table className="yx-sr-only">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{valueHeader ?? t("chart.category")}</th>
            {data.series.map((s) => (
              <th key={s.name} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.categories.map((c, i) => (
            <tr key={c}>
              <th scope="row">{c}</th>
              {data.series.map((s) => (
                <td key={s.name}>{s.data[i] == null ? "—" : `${s.data[i]}${data.unit ?? ""}`}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
