import { PDFDocument, PDFHexString, PDFName, rgb, type PDFRef, type PDFPage, type RGB } from "pdf-lib";
import { cleanText, defaultPdfFonts, embedTypeface, useNodeDeflate, wrapText, type TPdfFonts, type Typeface } from "../../platform/pdf-text.ts";
import { chartSvg } from "./chart.ts";
import { drawSvg } from "./svg.ts";

export type TReportBlock =
  | { kind: "heading"; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "figures"; items: { label: string; value: string }[] }
  | { kind: "table"; headers: string[]; rows: (string | number)[][]; align?: ("left" | "right")[]; note?: string }
  | { kind: "chart"; title: string; option: Record<string, unknown>; height?: number };
export type TReportSection = { title: string; blocks: TReportBlock[] };
export type TReportDocument = {
  title: string;
  subtitle?: string;
  cover: { label: string; value: string }[];
  sections: TReportSection[];
  footer: string;
};
export type TRenderReportOptions = {
  onProgress?: (done: number, total: number) => void | Promise<void>;
  createdAt?: Date;
  fonts?: TPdfFonts;
};

/**
 * The fixed words of the report's template (like the printed parts of a form), not interface text: this
 * package cannot reach the UI's catalogue, so they live here.
 */
export const reportWording = {
  contents: "目录",
  noData: "无数据",
  chartFailed: "（图表无法生成）",
  pageOf: "第 {n} 页 / 共 {m} 页",
  author: "研修平台",
  sectionNumber: "{n}、",
} as const;

// A4 portrait, in points. Margins close to the national standard for official documents (GB/T 9704).
const PAGE: [number, number] = [595.28, 841.89];
const [W, H] = PAGE;
const LEFT = 68;
const RIGHT = W - 68;
const TW = RIGHT - LEFT;
const TOP = H - 78;
const BOTTOM = 72;

const ink = rgb(0.13, 0.13, 0.15);
const grey = rgb(0.42, 0.43, 0.46);
const lightRule = rgb(0.82, 0.83, 0.85);
const accent = rgb(0.64, 0.1, 0.1);
const shade = rgb(0.925, 0.933, 0.95);
const zebra = rgb(0.972, 0.975, 0.982);
const figureFill = rgb(0.957, 0.962, 0.972);

const text = {
  body: { size: 10.5, lh: 19 },
  heading: { size: 12.5, lh: 20 },
  section: { size: 17, lh: 26 },
  table: { size: 9, lh: 13 },
  note: { size: 8.5, lh: 12.5 },
  toc: { size: 11.5, lh: 27 },
};
/** ECharts' default 12px labels at this scale come out at 9.6pt, the size of the tables' text. */
const CHART_SCALE = 0.8;
const DEFAULT_CHART_HEIGHT = 240;

const DIGITS = "零一二三四五六七八九";
/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; above that, Arabic digits. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens > 1 ? DIGITS[tens] : "") + (tens > 0 ? "十" : "") + (ones ? DIGITS[ones] : "");
}

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);

/** The baseline of a line whose box (of height `lh`) starts at `top`: the glyphs centred in the box. */
const baseline = (top: number, lh: number, size: number) => top - lh / 2 - size * 0.35;

/** The page being filled and where the free space starts (PDF y, from the bottom). */
class Flow {
  page!: PDFPage;
  y = TOP;
  /** Nothing drawn on the page yet: a block too tall for a page is split rather than pushed to the next one. */
  fresh = true;
  constructor(
    private readonly doc: PDFDocument,
    readonly face: Typeface,
  ) {}
  newPage() {
    this.page = this.doc.addPage(PAGE);
    this.y = TOP;
    this.fresh = true;
  }
  /** Room for `h` points here, else a new page. */
  ensure(h: number) {
    if (this.y - h < BOTTOM && !this.fresh) this.newPage();
  }
  room() {
    return this.y - BOTTOM;
  }
  advance(h: number) {
    this.y -= h;
    this.fresh = false;
  }
  draw(s: string, x: number, y: number, size: number, color: RGB = ink, bold = false) {
    this.face.draw(this.page, s, { x, y, size, color, bold });
  }
}

/** `s` cut to fit `width` with an ellipsis (one-line places: the contents, running header, footer). */
function fitLine(face: Typeface, s: string, size: number, width: number): string {
  const line = cleanText(s).replace(/\n/g, " ");
  if (face.width(line, size) <= width) return line;
  const chars = Array.from(line);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (face.width(chars.slice(0, mid).join("") + "…", size) <= width) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join("") + "…";
}

/** At most `max` lines: the last one kept cut with an ellipsis (titles and labels that must stay in their place). */
function clampLines(face: Typeface, lines: string[], size: number, width: number, max: number): string[] {
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max - 1), fitLine(face, lines.slice(max - 1).join(""), size, width)];
}

function drawParagraph(f: Flow, body: string, style = text.body, color: RGB = ink, indent = true) {
  const em = indent ? 2 * style.size : 0;
  // Each "\n"-line is a paragraph of its own, its first line indented two characters (首行缩进).
  for (const chunk of cleanText(body).split("\n")) {
    const lines = wrapText(f.face, chunk, style.size, TW, { firstIndent: em });
    lines.forEach((line, i) => {
      // No paragraph's first line alone at a page's foot, nor its last alone at the next page's head.
      const fit = Math.floor(f.room() / style.lh);
      const left = lines.length - i;
      if (!f.fresh && ((i === 0 && left >= 2 && fit < 2) || (left === 2 && fit === 1))) f.newPage();
      else f.ensure(style.lh);
      f.draw(line, LEFT + (i === 0 ? em : 0), baseline(f.y, style.lh, style.size), style.size, color);
      f.advance(style.lh);
    });
  }
  f.advance(6);
}

function drawHeading(f: Flow, s: string) {
  const lines = clampLines(f.face, wrapText(f.face, s, text.heading.size, TW), text.heading.size, TW, 3);
  f.advance(f.fresh ? 0 : 8);
  // Keep the heading with (at least) three lines of what follows.
  f.ensure(lines.length * text.heading.lh + 3 * text.body.lh);
  for (const line of lines) {
    f.draw(line, LEFT, baseline(f.y, text.heading.lh, text.heading.size), text.heading.size, ink, true);
    f.advance(text.heading.lh);
  }
  f.advance(4);
}

function drawFigures(f: Flow, items: { label: string; value: string }[]) {
  if (!items.length) return;
  // At most four a row, rows balanced (five items: three and two, not four and one).
  const perRow = Math.ceil(items.length / Math.ceil(items.length / 4));
  const gap = 10;
  const bw = (TW - (perRow - 1) * gap) / perRow;
  const pad = 10;
  const valueSize = 19;
  const labelSize = 9;
  const labelLh = 13;
  for (let r = 0; r < items.length; r += perRow) {
    const row = items.slice(r, r + perRow).map((it) => {
      const value = cleanText(it.value).replace(/\n/g, " ");
      // A long value shrinks rather than leaving its box.
      let size = valueSize;
      while (size > 9 && f.face.width(value, size) > bw - 2 * pad) size -= 1;
      return { value: fitLine(f.face, value, size, bw - 2 * pad), size, label: clampLines(f.face, wrapText(f.face, it.label, labelSize, bw - 2 * pad), labelSize, bw - 2 * pad, 4) };
    });
    const bh = pad + valueSize * 1.25 + 4 + Math.max(...row.map((c) => c.label.length)) * labelLh + pad;
    f.ensure(bh + gap);
    row.forEach((c, i) => {
      const x = LEFT + i * (bw + gap);
      f.page.drawRectangle({ x, y: f.y - bh, width: bw, height: bh, color: figureFill });
      f.page.drawRectangle({ x, y: f.y - bh, width: 2.5, height: bh, color: accent });
      f.draw(c.value, x + pad + 2, f.y - pad - valueSize * 0.95, c.size, accent);
      c.label.forEach((line, j) => f.draw(line, x + pad + 2, f.y - pad - valueSize * 1.25 - 4 - j * labelLh - labelSize, labelSize, grey));
    });
    f.advance(bh + gap);
  }
}

const cellText = (v: string | number | undefined | null) =>
  typeof v === "number" ? (Number.isFinite(v) ? String(v) : "—") : cleanText(String(v ?? ""));

/**
 * Column widths from the content: natural widths (the widest line, at most half the table) when they fit,
 * else each column between a minimum and its natural width, in proportion. A column's minimum keeps its
 * numbers and Latin words whole (1234567 and 91.2% never wrap) and four Chinese characters a line.
 */
function columnWidths(face: Typeface, columns: string[][], size: number, pad: number, width: number): number[] {
  const natural: number[] = [];
  const min: number[] = [];
  for (const col of columns) {
    let widest = 0;
    let word = 0;
    for (const c of col) {
      for (const l of c.split("\n")) widest = Math.max(widest, face.width(l, size));
      for (const w of c.match(/[\u0021-\u007e\u00a1-\u024f\u0370-\u04ff]+/g) ?? []) word = Math.max(word, face.width(w, size));
    }
    const n = Math.min(width * 0.55, widest + 2 * pad);
    natural.push(n);
    min.push(Math.min(n, Math.max(4 * size, word) + 2 * pad));
  }
  const sumNatural = natural.reduce((a, b) => a + b, 0);
  if (sumNatural <= width) return natural.map((n) => n + ((width - sumNatural) * n) / sumNatural);
  const sumMin = min.reduce((a, b) => a + b, 0);
  if (sumMin >= width) return min.map((m) => (m * width) / sumMin);
  const slack = sumNatural - sumMin;
  return natural.map((n, i) => min[i]! + ((width - sumMin) * (n - min[i]!)) / slack);
}

function drawTable(f: Flow, t: Extract<TReportBlock, { kind: "table" }>) {
  const { size, lh } = text.table;
  const padX = 5;
  const padY = 4;
  const n = t.rows.reduce((m, r) => Math.max(m, r.length), t.headers.length);
  f.advance(f.fresh ? 0 : 2);
  if (n === 0) {
    drawParagraph(f, reportWording.noData, text.table, grey, false);
    return;
  }
  const headers = Array.from({ length: n }, (_, i) => cellText(t.headers[i]));
  const rows = t.rows.map((r) => Array.from({ length: n }, (_, i) => cellText(r[i])));
  const widths = columnWidths(f.face, headers.map((h, i) => [h, ...rows.map((r) => r[i]!)]), size, padX, TW);
  const xs = widths.map((_, i) => LEFT + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const right = (i: number) => t.align?.[i] === "right";
  const headerLines = headers.map((h, i) => clampLines(f.face, wrapText(f.face, h, size, widths[i]! - 2 * padX), size, widths[i]! - 2 * padX, 4));
  const headerH = Math.max(...headerLines.map((l) => l.length)) * lh + 2 * padY;
  const fullRoom = TOP - BOTTOM - headerH;

  const drawCells = (lines: string[][], from: number, count: number, top: number, bold: boolean) => {
    lines.forEach((cell, i) => {
      cell.slice(from, from + count).forEach((line, j) => {
        const w = f.face.width(line, size);
        const x = right(i) ? xs[i]! + widths[i]! - padX - w : xs[i]! + padX;
        f.draw(line, x, baseline(top - padY - j * lh, lh, size), size, ink, bold);
      });
    });
  };
  const rule = (y: number, thickness: number, color: RGB) =>
    f.page.drawLine({ start: { x: LEFT, y }, end: { x: RIGHT, y }, thickness, color });
  const header = () => {
    f.page.drawRectangle({ x: LEFT, y: f.y - headerH, width: TW, height: headerH, color: shade });
    rule(f.y, 1, ink);
    drawCells(headerLines, 0, Infinity, f.y, true);
    f.advance(headerH);
    rule(f.y, 0.6, ink);
  };
  const breakPage = () => {
    rule(f.y, 0.8, ink);
    f.newPage();
    header();
  };

  // The header does not stay behind alone: it goes with the first row (or a page's worth of it).
  const firstRow = Math.max(1, ...(rows[0] ?? [""]).map((c, i) => wrapText(f.face, c, size, widths[i]! - 2 * padX).length));
  f.ensure(headerH + Math.min(firstRow * lh, fullRoom - 2 * padY) + 2 * padY);
  header();
  if (rows.length === 0) {
    const h = lh + 2 * padY;
    const w = f.face.width(reportWording.noData, size);
    f.draw(reportWording.noData, LEFT + (TW - w) / 2, baseline(f.y - padY, lh, size), size, grey);
    f.advance(h);
  }
  rows.forEach((row, r) => {
    const lines = row.map((c, i) => wrapText(f.face, c, size, widths[i]! - 2 * padX));
    const total = Math.max(1, ...lines.map((l) => l.length));
    let from = 0;
    while (from < total) {
      const left = total - from;
      let fits = Math.floor((f.room() - 2 * padY) / lh);
      // A row that fits on a page of its own moves there whole; only a row taller than a page is split.
      if (fits < left && left * lh <= fullRoom - 2 * padY) {
        breakPage();
        fits = Math.floor((f.room() - 2 * padY) / lh);
      } else if (fits < 1) {
        breakPage();
        fits = Math.floor((f.room() - 2 * padY) / lh);
      }
      const count = Math.max(1, Math.min(left, fits));
      const h = count * lh + 2 * padY;
      if (r % 2 === 1) f.page.drawRectangle({ x: LEFT, y: f.y - h, width: TW, height: h, color: zebra });
      drawCells(lines, from, count, f.y, false);
      f.advance(h);
      from += count;
      if (r < rows.length - 1 || from < total) rule(f.y, 0.3, lightRule);
    }
  });
  rule(f.y, 0.8, ink);
  f.advance(4);
  if (t.note) drawParagraph(f, t.note, text.note, grey, false);
  f.advance(6);
}

function drawChart(f: Flow, c: Extract<TReportBlock, { kind: "chart" }>) {
  const titleH = 20;
  let height = Math.min(Math.max(60, c.height ?? DEFAULT_CHART_HEIGHT), TOP - BOTTOM - titleH - 10);
  let svg: string | null = null;
  try {
    svg = chartSvg(c.option, Math.round(TW / CHART_SCALE), Math.round(height / CHART_SCALE));
  } catch {
    // A broken option costs its chart, not the report: a short line says so.
    height = 30;
  }
  f.advance(f.fresh ? 0 : 4);
  f.ensure(titleH + height + 10);
  const title = fitLine(f.face, c.title, text.body.size, TW);
  f.draw(title, LEFT + (TW - f.face.width(title, text.body.size)) / 2, baseline(f.y, titleH, text.body.size), text.body.size, ink, true);
  f.advance(titleH);
  if (svg) drawSvg(f.page, f.face, svg, { x: LEFT, top: f.y, width: TW });
  else {
    const w = f.face.width(reportWording.chartFailed, text.table.size);
    f.draw(reportWording.chartFailed, LEFT + (TW - w) / 2, baseline(f.y, height, text.table.size), text.table.size, grey);
  }
  f.advance(height + 10);
}

function drawSectionTitle(f: Flow, number: number, title: string): { y: number } {
  const s = text.section;
  const lines = clampLines(f.face, wrapText(f.face, fill(reportWording.sectionNumber, { n: chineseNumber(number) }) + title, s.size, TW), s.size, TW, 3);
  const top = f.y;
  for (const line of lines) {
    f.draw(line, LEFT, baseline(f.y, s.lh, s.size), s.size, ink, true);
    f.advance(s.lh);
  }
  f.advance(6);
  f.page.drawLine({ start: { x: LEFT, y: f.y }, end: { x: RIGHT, y: f.y }, thickness: 1.2, color: accent });
  f.advance(16);
  return { y: top };
}

function drawCover(f: Flow, doc: TReportDocument) {
  const { page } = f;
  page.drawRectangle({ x: LEFT, y: H - 150, width: TW, height: 3, color: accent });
  page.drawRectangle({ x: LEFT, y: H - 156, width: TW, height: 0.8, color: accent });
  const size = 26;
  let y = H - 280;
  for (const line of clampLines(f.face, wrapText(f.face, doc.title, size, TW - 20), size, TW - 20, 4)) {
    f.draw(line, (W - f.face.width(line, size)) / 2, y, size, ink, true);
    y -= size * 1.55;
  }
  if (doc.subtitle) {
    y -= 6;
    for (const line of clampLines(f.face, wrapText(f.face, doc.subtitle, 15, TW - 40), 15, TW - 40, 3)) {
      f.draw(line, (W - f.face.width(line, 15)) / 2, y, 15, grey);
      y -= 15 * 1.6;
    }
  }
  // The cover's lines: labels right-aligned against a column, values after them, the block centred.
  const ls = 12.5;
  const labels = doc.cover.map((c) => fitLine(f.face, c.label, ls, TW / 3) + "：");
  const labelW = Math.max(0, ...labels.map((l) => f.face.width(l, ls)));
  const values = doc.cover.map((c) => clampLines(f.face, wrapText(f.face, c.value, ls, TW - labelW - 40), ls, TW - labelW - 40, 2));
  const valueW = Math.max(0, ...values.flat().map((l) => f.face.width(l, ls)));
  const x0 = LEFT + (TW - labelW - valueW) / 2;
  // Below the title, above the foot rule; a long list starts higher rather than running off the page.
  let cy = Math.min(y - 60, Math.max(300, 120 + values.flat().length * ls * 2));
  doc.cover.forEach((_, i) => {
    f.draw(labels[i]!, x0 + labelW - f.face.width(labels[i]!, ls), cy, ls, grey);
    for (const line of values[i]!.length ? values[i]! : [""]) {
      f.draw(line, x0 + labelW, cy, ls, ink);
      cy -= ls * 2;
    }
  });
  page.drawRectangle({ x: LEFT, y: 96, width: TW, height: 0.8, color: accent });
}

const TOC_TOP = TOP - 70;
const tocPerPage = Math.floor((TOC_TOP - BOTTOM) / text.toc.lh);

function drawToc(f: Flow, pages: PDFPage[], entries: { title: string; page: number; ref: PDFRef; y: number }[], doc: PDFDocument) {
  const { size, lh } = text.toc;
  pages.forEach((page, p) => {
    f.page = page;
    if (p === 0) {
      const w = f.face.width(reportWording.contents, 20);
      f.draw(reportWording.contents, (W - w) / 2, TOP - 30, 20, ink, true);
    }
    entries.slice(p * tocPerPage, (p + 1) * tocPerPage).forEach((e, i) => {
      const top = TOC_TOP - i * lh;
      const y = baseline(top, lh, size);
      const num = String(e.page);
      const numW = f.face.width(num, size);
      const title = fitLine(f.face, e.title, size, TW - 60);
      const titleW = f.face.width(title, size);
      f.draw(title, LEFT, y, size, ink);
      f.draw(num, RIGHT - numW, y, size, ink);
      page.drawLine({ start: { x: LEFT + titleW + 6, y: y + 1 }, end: { x: RIGHT - numW - 6, y: y + 1 }, thickness: 0.8, color: grey, dashArray: [0.8, 2.6] });
      // The whole line links to the section.
      const link = doc.context.obj({
        Type: "Annot",
        Subtype: "Link",
        Rect: [LEFT, top - lh, RIGHT, top],
        Border: [0, 0, 0],
        Dest: [e.ref, "XYZ", null, e.y, null],
      });
      page.node.addAnnot(doc.context.register(link));
    });
  });
}

/** PDF bookmarks (the reader's side panel), one per section; pdf-lib has no API for them, so the dictionaries are written directly. */
function addOutline(doc: PDFDocument, entries: { title: string; ref: PDFRef; y: number }[]) {
  if (!entries.length) return;
  const ctx = doc.context;
  const root = ctx.nextRef();
  const refs = entries.map(() => ctx.nextRef());
  entries.forEach((e, i) => {
    const item = ctx.obj({ Title: PDFHexString.fromText(e.title), Parent: root, Dest: [e.ref, "XYZ", null, e.y, null] });
    if (i > 0) item.set(PDFName.of("Prev"), refs[i - 1]!);
    if (i < refs.length - 1) item.set(PDFName.of("Next"), refs[i + 1]!);
    ctx.assign(refs[i]!, item);
  });
  ctx.assign(root, ctx.obj({ Type: "Outlines", First: refs[0]!, Last: refs[refs.length - 1]!, Count: refs.length }));
  doc.catalog.set(PDFName.of("Outlines"), root);
  doc.catalog.set(PDFName.of("PageMode"), PDFName.of("UseOutlines"));
}

function drawFrame(f: Flow, page: PDFPage, n: number, m: number, doc: TReportDocument) {
  f.page = page;
  const size = 8.5;
  // Running header: the report's title, small, over a hairline.
  const head = fitLine(f.face, doc.title, size, TW);
  f.draw(head, RIGHT - f.face.width(head, size), H - 50, size, grey);
  page.drawLine({ start: { x: LEFT, y: H - 56 }, end: { x: RIGHT, y: H - 56 }, thickness: 0.5, color: lightRule });
  page.drawLine({ start: { x: LEFT, y: 52 }, end: { x: RIGHT, y: 52 }, thickness: 0.5, color: lightRule });
  const pageOf = fill(reportWording.pageOf, { n: String(n), m: String(m) });
  const pw = f.face.width(pageOf, size);
  f.draw(fitLine(f.face, doc.footer, size, TW - pw - 20), LEFT, 38, size, grey);
  f.draw(pageOf, RIGHT - pw, 38, size, grey);
}

/**
 * The annual report as a PDF: an A4 cover, the contents (目录) with each section's page, then the
 * sections (each from a new page, numbered 一、二、…), every page but the cover with a running header and a
 * footer (doc.footer, 第 N 页 / 共 M 页). Chinese text in DroidSansFallback, Latin in DejaVuSans, both
 * embedded as subsets; charts are ECharts options rendered to SVG on the server and drawn as vectors.
 * The contents' length depends only on the number of sections, so its pages are reserved first and
 * filled in once the sections are laid out. The same document and createdAt give the same bytes.
 */
export async function renderReportPdf(doc: TReportDocument, opts: TRenderReportOptions = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  useNodeDeflate(pdf);
  const face = await embedTypeface(pdf, opts.fonts ?? defaultPdfFonts, JSON.stringify(doc));
  const at = opts.createdAt ?? new Date();
  pdf.setTitle(cleanText(doc.title).replace(/\n/g, " "), { showInWindowTitleBar: true });
  if (doc.subtitle) pdf.setSubject(cleanText(doc.subtitle).replace(/\n/g, " "));
  pdf.setAuthor(reportWording.author);
  pdf.setCreator(reportWording.author);
  pdf.setProducer("Yanxiu report renderer (pdf-lib, ECharts)");
  pdf.setLanguage("zh-CN");
  pdf.setCreationDate(at);
  pdf.setModificationDate(at);

  const f = new Flow(pdf, face);
  f.newPage();
  drawCover(f, doc);
  const tocPages: PDFPage[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(doc.sections.length / tocPerPage)); i++) {
    f.newPage();
    tocPages.push(f.page);
  }

  const entries: { title: string; page: number; ref: PDFRef; y: number }[] = [];
  const total = doc.sections.length;
  await opts.onProgress?.(0, total);
  for (const [i, section] of doc.sections.entries()) {
    f.newPage();
    const title = cleanText(section.title).replace(/\n/g, " ");
    const { y } = drawSectionTitle(f, i + 1, title);
    entries.push({ title: fill(reportWording.sectionNumber, { n: chineseNumber(i + 1) }) + title, page: pdf.getPageCount(), ref: f.page.ref, y });
    for (const block of section.blocks) {
      switch (block.kind) {
        case "heading":
          drawHeading(f, block.text);
          break;
        case "paragraph":
          drawParagraph(f, block.text);
          break;
        case "figures":
          drawFigures(f, block.items);
          break;
        case "table":
          drawTable(f, block);
          break;
        case "chart":
          drawChart(f, block);
          break;
      }
    }
    await opts.onProgress?.(i + 1, total);
  }

  drawToc(f, tocPages, entries, pdf);
  addOutline(pdf, entries);
  const pages = pdf.getPages();
  pages.forEach((page, i) => {
    if (i > 0) drawFrame(f, page, i + 1, pages.length, doc);
  });
  // Plain (not object-stream) dictionaries: any reader, and a test, can see the embedded font subsets.
  return pdf.save({ useObjectStreams: false });
}
