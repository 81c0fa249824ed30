import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFDocument, PDFName } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { renderReportPdf, type TReportDocument } from "./index.ts";
import { sampleCities, sampleReport } from "./sample.ts";
import { contentStreams, lines, paintedShapes, pdfNavigation, pdfText, type TTextItem } from "./test-helpers.ts";

const createdAt = new Date("2026-12-07T16:00:00+08:00");
const joined = (items: TTextItem[]) => items.map((i) => i.str).join("");
const footer = (n: number, m: number) => `第 ${n} 页 / 共 ${m} 页`;
/** Lines without the spaces pdf.js puts between items drawn apart (table cells, a contents entry and its page). */
const squashed = (items: TTextItem[]) => lines(items).map((l) => l.replace(/\s+/g, ""));

describe("the annual report's PDF (sample report)", () => {
  let bytes: Uint8Array;
  let pages: TTextItem[][];
  let pageLines: string[][];
  const progress: [number, number][] = [];
  const doc = sampleReport();

  beforeAll(async () => {
    bytes = await renderReportPdf(doc, { createdAt, onProgress: (d, t) => void progress.push([d, t]) });
    pages = await pdfText(bytes);
    pageLines = pages.map(squashed);
  });

  it("opens with the cover (title, subtitle, cover lines, no footer), then the contents", () => {
    expect(joined(pages[0]!)).toContain(doc.title);
    expect(joined(pages[0]!)).toContain("基于研修平台数据的年度分析");
    expect(pageLines[0]).toContain("生成时间：2026年12月7日16:00");
    expect(joined(pages[0]!)).not.toContain("第 1 页");
    expect(pageLines[1]).toContain("目录");
  });

  it("lists every section in the contents with the page on which its numbered heading is", () => {
    const numbered = ["一、总体概况", "二、各学区培训完成情况", "三、学时趋势与问题建议"];
    for (const title of numbered) {
      const entry = pageLines[1]!.find((l) => l.startsWith(title));
      expect(entry, title).toBeDefined();
      const listed = Number(entry!.slice(title.length));
      const found = pageLines.findIndex((ls) => ls.includes(title)) + 1;
      expect(found).toBeGreaterThan(2);
      expect(listed, title).toBe(found);
    }
  });

  it("puts the footer on every page but the cover, with the right page count", () => {
    const m = pages.length;
    expect(m).toBeGreaterThanOrEqual(7);
    expect(lines(pages[1]!).some((l) => l.endsWith(footer(2, m)))).toBe(true);
    for (let n = 2; n <= m; n++) {
      const ls = lines(pages[n - 1]!);
      expect(ls.some((l) => l.includes(footer(n, m)) && l.includes(doc.footer)), `page ${n}`).toBe(true);
    }
  });

  it("shows the figures row and the long paragraph", () => {
    const page = joined(pages[2]!);
    for (const s of ["186,420", "参训教师（人）", "87.3%", "名师工作室（个）"]) expect(page).toContain(s);
    expect(page).toContain("ICT training (information and communication technology)");
  });

  it("splits the 60-row table across pages with the header row repeated, every cell present", () => {
    const header = "学区参训教师（人）完成人数（人）完成率人均学时";
    const first = pageLines.findIndex((ls) => ls.some((l) => l.startsWith("长沙市第1学区")));
    const last = pageLines.findIndex((ls) => ls.some((l) => l.startsWith("衡阳市第60学区")));
    expect(first).toBeGreaterThan(1);
    expect(last).toBeGreaterThan(first);
    for (let p = first; p <= last; p++) expect(pageLines[p], `page ${p + 1}`).toContain(header);
    // Rows whole, in order, each once, numbers right-aligned to the column's edge.
    const rows = pageLines.slice(first, last + 1).flat().filter((l) => /^\S+第\d+学区/.test(l));
    expect(rows).toHaveLength(60);
    expect(rows.map((r) => Number(/第(\d+)学区/.exec(r)![1]))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const row = doc.sections[1]!.blocks[1]!;
    if (row.kind !== "table") throw new Error("sample changed");
    expect(rows[0]).toBe(row.rows[0]!.join(""));
    expect(lines(pages[first]!)).toContain(row.rows[0]!.join(" "));
    const rights = pages[first]!.filter((i) => /^\d+\.\d$/.test(i.str)).map((i) => Math.round(i.x + i.width));
    expect(new Set(rights).size).toBe(1);
    expect(joined(pages[last]!)).toContain("注：完成率 = 完成人数 ÷ 参训教师");
  });

  it("draws the charts with their titles, Chinese axis labels, legends and pie labels in the text layer", () => {
    const all = pages.map(joined);
    const chartPage = all.findIndex((t) => t.includes("各市州参训教师人数"));
    for (const s of ["长沙市", "张家界市", "湘西州", "参训人数", "完成人数", "18,000"]) expect(all[chartPage]).toContain(s);
    const pie = all.find((t) => t.includes("参训教师学段分布"))!;
    for (const s of ["幼儿园", "特殊教育", "小学：42.07%"]) expect(pie).toContain(s);
    const line = all.find((t) => t.includes("月度人均学时"))!;
    for (const s of ["本年度", "上年度", "12月"]) expect(line).toContain(s);
    // The bars are vector fills in ECharts' first two palette colours.
    const fills = contentStreams(bytes)
      .flatMap(paintedShapes)
      .filter((s) => s.op === "f");
    const palette = (hex: string) => fills.filter((s) => s.fill.every((v, i) => Math.abs(v * 255 - parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16)) < 0.01)).length;
    expect(palette("#5070dd")).toBeGreaterThanOrEqual(14);
    expect(palette("#b6d634")).toBeGreaterThanOrEqual(14);
  });

  it("reports progress per section", () => {
    expect(progress).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it("carries its metadata, bookmarks for the sections, and the same bytes for the same document and time", async () => {
    const loaded = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(loaded.getTitle()).toBe(doc.title);
    expect(loaded.getAuthor()).toBe("研修平台");
    expect(loaded.getCreationDate()?.getTime()).toBe(createdAt.getTime());
    expect(loaded.getModificationDate()?.getTime()).toBe(createdAt.getTime());
    expect(String(loaded.catalog.get(PDFName.of("Lang")))).toContain("zh-CN");
    const raw = Buffer.from(bytes).toString("latin1");
    expect(raw).toMatch(/\/Type \/Outlines/);
    // Bookmarks and the contents' links jump to the pages the sections are on.
    const headings = ["一、总体概况", "二、各学区培训完成情况", "三、学时趋势与问题建议"];
    const at = headings.map((h) => pageLines.findIndex((ls) => ls.includes(h)) + 1);
    const nav = await pdfNavigation(bytes);
    expect(nav.outline).toEqual(headings.map((title, i) => ({ title, page: at[i] })));
    expect(nav.links[1]).toEqual(at);
    const again = await renderReportPdf(sampleReport(), { createdAt });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });

  it("embeds both fonts as subsets (pdffonts)", () => {
    const bin = "/usr/bin/pdffonts";
    if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: install poppler-utils (infra/bin/bootstrap.sh) to run this test`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "report-pdf-")), "report.pdf");
    fs.writeFileSync(file, bytes);
    const out = execFileSync(bin, [file], { encoding: "utf8" });
    const fonts = out.split("\n").slice(2).filter(Boolean);
    expect(fonts).toHaveLength(2);
    for (const name of ["DroidSansFallback", "DejaVuSans"]) {
      const line = fonts.find((l) => l.includes(name));
      expect(line, out).toMatch(new RegExp(`^[A-Z]{6}\\+${name}\\s.*\\byes\\s+yes\\s+yes\\b`));
    }
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});

describe("the annual report's PDF with hostile or empty content", () => {
  const long = "A".repeat(5000);
  const hostile: TReportDocument = {
    title: "报告\u0000标题👍",
    subtitle: long,
    cover: [{ label: "范围\r\n", value: "全省\u0007" }, { label: long, value: long }],
    footer: "页脚\u0000👍",
    sections: [
      { title: long, blocks: [{ kind: "heading", text: "长标题之后" }] },
      {
        title: "第一节\u0000\r\n👍",
        blocks: [
          { kind: "heading", text: long },
          { kind: "paragraph", text: `第一行\r\n第二行\r第三行\u0000末尾👍🏽，𠀀${long}` },
          { kind: "figures", items: [{ label: long, value: long }] },
          { kind: "table", headers: ["名称", "数量"], rows: [[long, Number.NaN], ["👍", 1]], align: ["left", "right"], note: long },
          { kind: "table", headers: ["空表"], rows: [] },
          { kind: "table", headers: [long, "列"], rows: [["甲", 1]] },
          { kind: "table", headers: [], rows: [] },
          { kind: "chart", title: long, option: { series: [{ type: "no-such-chart" }] } },
          { kind: "chart", title: "坏图", option: { series: [{ type: "bar", data: [1] }] } },
          { kind: "chart", title: "巨高", option: { xAxis: { type: "category", data: ["甲👍"] }, yAxis: {}, series: [{ type: "bar", data: [1] }] }, height: 100000 },
        ],
      },
    ],
  };

  it("renders: control characters dropped, CR/LF as line breaks, missing glyphs as □, long strings broken onto lines", async () => {
    const bytes = await renderReportPdf(hostile, { createdAt });
    const pages = await pdfText(bytes);
    const all = pages.map(joined).join("");
    const ls = pages.flatMap(squashed);
    for (const c of ["\u0000", "\u0007", "\r"]) expect(all).not.toContain(c);
    expect(ls).toContain("第一行");
    expect(ls).toContain("第二行");
    expect(ls.some((l) => l.startsWith("第三行末尾□，□"))).toBe(true);
    expect(ls.some((l) => l.startsWith("二、第一节□"))).toBe(true);
    expect(ls.some((l) => l.startsWith("一、AAAA"))).toBe(true);
    expect(all).not.toContain("👍");
    expect(all).toContain("报告标题□");
    // The 5,000 A's of the paragraph come out whole, over many lines none wider than the text column.
    const aLines = pages.flatMap((p) => p.filter((i) => /^A+$/.test(i.str)));
    expect(aLines.length).toBeGreaterThan(10);
    for (const i of aLines) expect(i.x + i.width).toBeLessThanOrEqual(595.28 - 68 + 0.5);
    expect(all).toContain("无数据");
    expect(all).toContain("（图表无法生成）");
    expect(all).toContain("巨高");
    expect(pages.length).toBeGreaterThan(5);
    // Nothing runs off the page or into the margins, however long.
    for (const [p, items] of pages.entries()) {
      for (const i of items) {
        expect(i.y, `page ${p + 1}: ${i.str.slice(0, 20)}`).toBeGreaterThan(30);
        expect(i.y, `page ${p + 1}: ${i.str.slice(0, 20)}`).toBeLessThan(841.89 - 30);
        expect(i.x).toBeGreaterThanOrEqual(68 - 0.5);
        expect(i.x + i.width).toBeLessThanOrEqual(595.28 - 68 + 0.5);
      }
    }
  });

  it("gives a wide table's number columns room for whole numbers and lets the text column wrap", async () => {
    const headers = ["市州", "教师数", "参训人数", "参训率", "完成人数", "完成率", "人均学时", "证书数", "工作室数", "备注"];
    const rows = sampleCities.map((c, i) => [c, 12000 + i * 731, 11000 + i * 613, "91.2%", 9800 + i * 500, "87.3%", "72.5", 8000 + i, 20 + i, "乡村学校参训比例偏低，需加强督导"]);
    const bytes = await renderReportPdf({ title: "宽表", cover: [], footer: "", sections: [{ title: "宽表", blocks: [{ kind: "table", headers, rows }] }] }, { createdAt });
    const items = (await pdfText(bytes)).flat().map((i) => i.str);
    for (const r of rows) for (const v of r.slice(1, 9)) expect(items).toContain(String(v));
    expect(items).not.toContain("乡村学校参训比例偏低，需加强督导");
  });

  it("renders an empty report (no sections, no cover lines) as a cover and an empty contents page", async () => {
    const bytes = await renderReportPdf({ title: "空报告", cover: [], sections: [], footer: "" }, { createdAt });
    const pages = await pdfText(bytes);
    expect(pages).toHaveLength(2);
    expect(joined(pages[0]!)).toContain("空报告");
    expect(squashed(pages[1]!)).toContain("目录");
    expect(joined(pages[1]!)).toContain(footer(2, 2));
  });

  it("continues a contents longer than a page on the next page, and numbers the sections after it", async () => {
    const sections = Array.from({ length: 30 }, (_, i) => ({ title: `第${i + 1}部分`, blocks: [{ kind: "paragraph" as const, text: "内容。" }] }));
    const bytes = await renderReportPdf({ title: "长目录", cover: [], sections, footer: "页脚" }, { createdAt });
    const pages = (await pdfText(bytes)).map(squashed);
    expect(pages).toHaveLength(1 + 2 + 30);
    const contents = [...pages[1]!, ...pages[2]!];
    expect(pages[2]!.some((l) => l.startsWith("三十、第30部分"))).toBe(true);
    // Cover, two contents pages, then one page per section: section k (from 0) starts on page 4 + k.
    for (const [k, title] of [[0, "一、第1部分"], [9, "十、第10部分"], [20, "二十一、第21部分"], [29, "三十、第30部分"]] as const) {
      const entry = contents.find((l) => l.startsWith(title))!;
      expect(Number(entry.slice(title.length)), title).toBe(4 + k);
      expect(pages[3 + k]).toContain(title);
    }
  });

  it("lays out a 40-page report (the contents page numbers still match)", async () => {
    const sample = sampleReport();
    const sections = Array.from({ length: 7 }, (_, k) => sample.sections.map((s) => ({ ...s, title: `${s.title}${k + 1}` }))).flat();
    const bytes = await renderReportPdf({ ...sample, sections }, { createdAt });
    const pages = await pdfText(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(40);
    const title = "二十一、学时趋势与问题建议7";
    const entry = squashed(pages[1]!).find((l) => l.startsWith(title))!;
    expect(Number(entry.slice(title.length))).toBe(pages.findIndex((p) => squashed(p).includes(title)) + 1);
  });
});
