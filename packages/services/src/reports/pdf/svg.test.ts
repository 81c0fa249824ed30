import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { defaultPdfFonts, embedTypeface, useNodeDeflate } from "../../platform/pdf-text.ts";
import { chartSvg } from "./chart.ts";
import { apply, drawSvg, multiply, parseColor, parseSvg, parseTransform } from "./svg.ts";
import { contentStreams, paintedShapes, pdfText } from "./test-helpers.ts";

/** Draws `svg` into a 200-point-wide box whose top-left corner is (50, 700) on an A4 page; returns the PDF. */
async function drawn(svg: string, width = 200) {
  const doc = await PDFDocument.create();
  useNodeDeflate(doc);
  const face = await embedTypeface(doc, defaultPdfFonts, svg);
  const page = doc.addPage([595.28, 841.89]);
  const stats = drawSvg(page, face, svg, { x: 50, top: 700, width });
  return { bytes: await doc.save({ useObjectStreams: false }), stats };
}

const close = (a: number, b: number, eps = 0.01) => Math.abs(a - b) < eps;

describe("SVG parsing", () => {
  it("reads nested elements, self-closing tags and entities, and skips comments, CDATA styles and declarations", () => {
    const svg = parseSvg(`<?xml version="1.0"?><!-- c --><svg viewBox="0 0 10 10"><g fill="red"><rect width="1" height="2"/><text x='1'>A &amp; B &lt;&#x4e2d;&#25991;&gt;</text></g><style><![CDATA[.a:hover{fill:red}]]></style></svg>`);
    expect(svg.attrs.viewBox).toBe("0 0 10 10");
    const g = svg.children[0]!;
    expect(g.children.map((c) => c.name)).toEqual(["rect", "text"]);
    expect(g.children[1]!.text).toBe("A & B <中文>");
    expect(svg.children[1]!.name).toBe("style");
  });

  it("refuses mismatched tags and input without an <svg>", () => {
    expect(() => parseSvg("<svg><g></svg>")).toThrow(/closes/);
    expect(() => parseSvg("<html></html>")).toThrow(/no <svg>/);
  });
});

describe("SVG transforms and colours", () => {
  it("composes transform lists left to right, as SVG does", () => {
    expect(apply(parseTransform("translate(10 20) scale(2)"), 1, 1)).toEqual([12, 22]);
    expect(apply(parseTransform("scale(2) translate(10,20)"), 1, 1)).toEqual([22, 42]);
    const [x, y] = apply(parseTransform("rotate(90)"), 1, 0);
    expect(close(x, 0) && close(y, 1)).toBe(true);
    const [rx, ry] = apply(parseTransform("rotate(180 5 5)"), 0, 0);
    expect(close(rx, 10) && close(ry, 10)).toBe(true);
    // ECharts' rotated axis labels: matrix(cos, -sin, sin, cos, x, y).
    const [mx, my] = apply(parseTransform("matrix(0.866,-0.5,0.5,0.866,132,168)"), 10, 0);
    expect(close(mx, 140.66) && close(my, 163)).toBe(true);
    expect(multiply(parseTransform("translate(3 4)"), parseTransform("scale(2)"))).toEqual(parseTransform("translate(3 4) scale(2)"));
    expect(parseTransform(undefined)).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it("parses #rgb, #rrggbb, rgb(), rgba() and names; none and transparent paint nothing", () => {
    const c = (s: string) => {
      const p = parseColor(s);
      return p && [Math.round(p.color.red * 255), Math.round(p.color.green * 255), Math.round(p.color.blue * 255), Math.round(p.alpha * 100) / 100];
    };
    expect(c("#5070dd")).toEqual([0x50, 0x70, 0xdd, 1]);
    expect(c("#FFF")).toEqual([255, 255, 255, 1]);
    expect(c("rgb(0,0,0)")).toEqual([0, 0, 0, 1]);
    expect(c("rgba(88, 123, 243, 0.5)")).toEqual([88, 123, 243, 0.5]);
    expect(c("rgb(100% 0% 0%)")).toEqual([255, 0, 0, 1]);
    expect(c("#11223380")).toEqual([0x11, 0x22, 0x33, 0.5]);
    expect(c("grey")).toEqual([128, 128, 128, 1]);
    expect(c("none")).toBeNull();
    expect(c("transparent")).toBeNull();
    expect(c("url(#gradient)")).toBeNull();
    expect(c("rgb(a,b,c)")).toBeNull();
  });
});

describe("SVG drawn into a PDF", () => {
  it("maps the SVG's top-left to the box's top-left, y downwards, through nested group transforms", async () => {
    // A 10×10 square at the SVG's top-left (viewBox 100 wide → scale 2), one inside two translated groups.
    const { bytes } = await drawn(
      `<svg viewBox="0 0 100 100"><rect x="0" y="0" width="10" height="10" fill="#ff0000"/><g transform="translate(20 0)"><g transform="translate(0,30)"><path d="M0 0L10 0L10 10L0 10Z" fill="#00ff00"/></g></g></svg>`,
    );
    const shapes = contentStreams(bytes).flatMap(paintedShapes);
    const red = shapes.find((s) => s.fill[0] === 1 && s.fill[1] === 0)!;
    const green = shapes.find((s) => s.fill[1] === 1 && s.fill[0] === 0)!;
    expect(red.op).toBe("f");
    expect(red.box.map((v) => Math.round(v))).toEqual([50, 680, 70, 700]);
    expect(green.box.map((v) => Math.round(v))).toEqual([90, 620, 110, 640]);
  });

  it("strokes with width, dashes and opacity; fill none strokes only; zero stroke width and transparent paint draw nothing", async () => {
    const { bytes, stats } = await drawn(
      `<svg viewBox="0 0 200 100"><path d="M0 50L200 50" fill="none" stroke="#333" stroke-width="2" stroke-dasharray="8,4" opacity="0.5"/><rect width="10" height="10" fill="rgba(0,0,0,0)" stroke="#000" stroke-width="0"/><circle cx="50" cy="50" r="5" fill="transparent"/></svg>`,
    );
    expect(stats.paths).toBe(1);
    const [stream] = contentStreams(bytes);
    expect(stream).toMatch(/\[8 4\] 0 d/);
    expect(stream).toMatch(/\n2 w\n/);
    expect(stream).toMatch(/\nS\n/);
    expect(stream).not.toMatch(/\nf\n/);
    expect(Buffer.from(bytes).toString("latin1")).toMatch(/\/CA 0\.5/);
  });

  it("anchors text at its start, middle or end, on the central baseline, upright, Chinese and Latin alike", async () => {
    const { bytes } = await drawn(
      `<svg viewBox="0 0 200 200"><text x="100" y="20" text-anchor="start" style="font-size:12px">长沙市</text><text x="100" y="60" text-anchor="middle" style="font-size:12px">长沙市</text><g transform="translate(100 100)"><text text-anchor="end" dominant-baseline="central" style="font-size:12px;font-family:sans-serif;">长沙市</text></g><text transform="matrix(0.866,-0.5,0.5,0.866,20,180)">Total 12</text></svg>`,
    );
    const [items] = await pdfText(bytes);
    const runs = items!.filter((i) => i.str === "长沙市");
    expect(runs).toHaveLength(3);
    const [start, middle, end] = runs.sort((p, q) => q.y - p.y);
    const w = start!.width;
    expect(w).toBeGreaterThan(30);
    // The box is 200 wide for a 200-wide viewBox: SVG x 100 is page x 150, SVG y is 700 − y.
    expect(start!.x).toBeCloseTo(150, 1);
    expect(start!.y).toBeCloseTo(680, 1);
    expect(middle!.x).toBeCloseTo(150 - w / 2, 1);
    expect(end!.x).toBeCloseTo(150 - w, 1);
    // Central: the baseline a third of an em below the anchor.
    expect(end!.y).toBeCloseTo(600 - 12 * 0.36, 1);
    for (const r of runs) expect(r.a).toBeGreaterThan(0); // upright, not mirrored
    const rotated = items!.find((i) => i.str.startsWith("Total"))!;
    // Rotated 30° upwards (SVG's y points down, so a negative SVG angle is counter-clockwise on the page).
    expect(rotated.b).toBeGreaterThan(0);
    expect(rotated.x).toBeCloseTo(70, 1);
    expect(rotated.y).toBeCloseTo(520, 1);
  });

  it("draws a real ECharts bar chart: one filled path per bar in the bar colour, bars standing on the axis, labels in the text layer", async () => {
    const cities = ["长沙市", "株洲市", "湘潭市", "衡阳市"];
    const svg = chartSvg(
      {
        legend: { data: ["参训人数"] },
        xAxis: { type: "category", data: cities },
        yAxis: { type: "value" },
        series: [{ name: "参训人数", type: "bar", itemStyle: { color: "#123456" }, data: [120, 200, 150, 80] }],
      },
      500,
      250,
    );
    const { bytes, stats } = await drawn(svg, 400);
    expect(stats.paths).toBeGreaterThan(4);
    const barColour = [0x12 / 255, 0x34 / 255, 0x56 / 255];
    const same = (c: number[]) => c.every((v, i) => Math.abs(v - barColour[i]!) < 1e-6);
    const filled = contentStreams(bytes)
      .flatMap(paintedShapes)
      .filter((s) => s.op === "f" && same(s.fill));
    // Four bars and the legend's icon.
    expect(filled).toHaveLength(5);
    const bars = filled.filter((s) => s.box[2] - s.box[0] > 30).sort((p, q) => p.box[0] - q.box[0]);
    expect(bars).toHaveLength(4);
    // All stand on the same baseline, inside the chart box, and grow upwards with their values.
    const bottoms = bars.map((b) => Math.round(b.box[1]));
    expect(new Set(bottoms).size).toBe(1);
    expect(bottoms[0]).toBeGreaterThan(700 - 200);
    expect(bottoms[0]).toBeLessThan(700);
    const heights = bars.map((b) => b.box[3] - b.box[1]);
    expect(heights[1]! / heights[0]!).toBeCloseTo(200 / 120, 1);
    const [items] = await pdfText(bytes);
    const text = items!.map((i) => i.str).join(" ");
    for (const label of [...cities, "参训人数", "200"]) expect(text).toContain(label);
  });
});
