import { describe, expect, it } from "vitest";
import { chartOption, chartSummary } from "./options.ts";

describe("chart options", () => {
  it("a bar chart puts the categories on the x axis and one series per name, with the unit on the axis", () => {
    const o = chartOption({ kind: "bar", categories: ["长沙市", "株洲市"], series: [{ name: "按计划比例", data: [80, null] }], unit: "%", max: 100 }) as {
      xAxis: { data: string[] };
      yAxis: { max: number; axisLabel: { formatter: string } };
      series: { type: string; data: (number | null)[] }[];
    };
    expect(o.xAxis.data).toEqual(["长沙市", "株洲市"]);
    expect(o.yAxis).toMatchObject({ max: 100, axisLabel: { formatter: "{value}%" } });
    expect(o.series).toEqual([expect.objectContaining({ type: "bar", data: [80, null] })]);
  });

  it("a chart of counts steps its value axis by whole numbers; others do not", () => {
    const counts = chartOption({ kind: "bar", categories: ["1 分", "2 分"], series: [{ name: "人数", data: [0, 1] }], integer: true }) as { yAxis: { minInterval?: number } };
    const percent = chartOption({ kind: "bar", categories: ["a"], series: [{ name: "x", data: [50] }], unit: "%" }) as { yAxis: { minInterval?: number } };
    expect(counts.yAxis.minInterval).toBe(1);
    expect(percent.yAxis.minInterval).toBeUndefined();
  });

  it("a pie chart makes one slice per category", () => {
    const o = chartOption({ kind: "pie", categories: ["按计划", "落后"], series: [{ name: "教师", data: [7, 3] }] }) as { series: { data: unknown[] }[] };
    expect(o.series[0]!.data).toEqual([{ name: "按计划", value: 7 }, { name: "落后", value: 3 }]);
  });

  it("the text alternative names the highest and lowest values, skipping missing ones", () => {
    expect(chartSummary("各地按计划比例", { kind: "bar", categories: ["甲", "乙", "丙"], series: [{ name: "比例", data: [40, 90, null] }], unit: "%" })).toBe(
      "各地按计划比例：2 项，最高 乙 90%，最低 甲 40%",
    );
    expect(chartSummary("空图", { kind: "bar", categories: [], series: [] })).toBe("空图");
  });
});
