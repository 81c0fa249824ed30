/**
 * The only module that touches ECharts, loaded lazily by <Chart> in the browser (decision 018): the core,
 * the three chart types the app draws and the canvas renderer, so a page's bundle never carries the rest of
 * ECharts and the server never imports it.
 */
import { BarChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { init };
