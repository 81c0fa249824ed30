import {
  concatTransformationMatrix,
  LineCapStyle,
  LineJoinStyle,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setLineJoin,
  type PDFPage,
  type RGB,
} from "pdf-lib";
import { cleanText, type Typeface } from "../../platform/pdf-text.ts";

/**
 * SVG → PDF vectors, for the subset ECharts' server-side SVG renderer emits (checked against its output for
 * bar, stacked bar, line and pie charts): <g>, <path>, <rect>, <circle>, <ellipse>, <line>, <polyline>,
 * <polygon>, <text> (and <tspan>), with fill/stroke attributes or `style`, opacities, dash arrays and
 * `transform`s. Clip paths, <defs>, <style> (ECharts' hover rules) and images are ignored. Not a general
 * SVG renderer: gradients, patterns, markers and CSS selectors are out of scope.
 */

// ---------------------------------------------------------------- a tiny XML parser

export type TSvgNode = { name: string; attrs: Record<string, string>; children: TSvgNode[]; text: string };

const entities: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: "\u00a0" };
function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const cp = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : "";
    }
    return entities[e] ?? m;
  });
}

/**
 * Parses well-formed XML (what a renderer writes) into elements. Comments, processing instructions,
 * doctypes are skipped; CDATA is text. Throws on a closing tag that does not match.
 */
export function parseSvg(xml: string): TSvgNode {
  const root: TSvgNode = { name: "#root", attrs: {}, children: [], text: "" };
  const stack: TSvgNode[] = [root];
  const token = /<!--[^]*?-->|<!\[CDATA\[([^]*?)\]\]>|<\?[^]*?\?>|<![^>]*>|<\/\s*([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  const attr = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (const m of xml.matchAll(token)) {
    const top = stack[stack.length - 1]!;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2] !== undefined) {
      if (top.name !== m[2] || stack.length === 1) throw new Error(`SVG: </${m[2]}> closes <${top.name}>`);
      stack.pop();
    } else if (m[3] !== undefined) {
      const node: TSvgNode = { name: m[3], attrs: {}, children: [], text: "" };
      for (const a of (m[4] ?? "").matchAll(attr)) node.attrs[a[1]!] = decode(a[2] ?? a[3] ?? "");
      top.children.push(node);
      if (!m[5]) stack.push(node);
    } else if (m[6] !== undefined) top.text += decode(m[6]);
  }
  const svg = root.children.find((c) => c.name === "svg");
  if (!svg) throw new Error("SVG: no <svg> element");
  return svg;
}

// ---------------------------------------------------------------- transforms

/** An affine matrix [a b c d e f]: x' = a·x + c·y + e, y' = b·x + d·y + f (SVG and PDF agree on the layout). */
export type TMatrix = [number, number, number, number, number, number];
export const identity: TMatrix = [1, 0, 0, 1, 0, 0];

/** m·n: the transform that applies n first, then m. */
export function multiply(m: TMatrix, n: TMatrix): TMatrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export function apply(m: TMatrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

const numbers = (s: string) => (s.match(/[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi) ?? []).map(Number);

/** An SVG `transform` list (matrix, translate, scale, rotate, skewX, skewY), composed left to right as SVG does. */
export function parseTransform(s: string | undefined): TMatrix {
  let m = identity;
  if (!s) return m;
  for (const [, fn, args] of s.matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const a = numbers(args!);
    let t: TMatrix = identity;
    const rad = ((a[0] ?? 0) * Math.PI) / 180;
    switch (fn) {
      case "matrix":
        if (a.length === 6) t = a as TMatrix;
        break;
      case "translate":
        t = [1, 0, 0, 1, a[0] ?? 0, a[1] ?? 0];
        break;
      case "scale":
        t = [a[0] ?? 1, 0, 0, a[1] ?? a[0] ?? 1, 0, 0];
        break;
      case "rotate": {
        const r: TMatrix = [Math.cos(rad), Math.sin(rad), -Math.sin(rad), Math.cos(rad), 0, 0];
        const [cx, cy] = [a[1] ?? 0, a[2] ?? 0];
        t = multiply(multiply([1, 0, 0, 1, cx, cy], r), [1, 0, 0, 1, -cx, -cy]);
        break;
      }
      case "skewX":
        t = [1, 0, Math.tan(rad), 1, 0, 0];
        break;
      case "skewY":
        t = [1, Math.tan(rad), 0, 1, 0, 0];
        break;
    }
    m = multiply(m, t);
  }
  return m;
}

// ---------------------------------------------------------------- colours

const named: Record<string, [number, number, number]> = {
  black: [0, 0, 0],
  white: [255, 255, 255],
  red: [255, 0, 0],
  green: [0, 128, 0],
  blue: [0, 0, 255],
  gray: [128, 128, 128],
  grey: [128, 128, 128],
  silver: [192, 192, 192],
  yellow: [255, 255, 0],
  orange: [255, 165, 0],
  purple: [128, 0, 128],
  navy: [0, 0, 128],
  teal: [0, 128, 128],
  maroon: [128, 0, 0],
  olive: [128, 128, 0],
  lime: [0, 255, 0],
  aqua: [0, 255, 255],
  fuchsia: [255, 0, 255],
};

/** An SVG/CSS colour as RGB and alpha; null for none, transparent and what this does not understand (gradients: url(#…)). */
export function parseColor(s: string | undefined): { color: RGB; alpha: number } | null {
  if (!s) return null;
  const v = s.trim().toLowerCase();
  const c = (r: number, g: number, b: number, alpha = 1) => ({
    color: rgb(clamp(r / 255), clamp(g / 255), clamp(b / 255)),
    alpha: clamp(alpha),
  });
  let m = /^#([0-9a-f]{3,4})$/.exec(v);
  if (m) {
    const [r, g, b, a] = Array.from(m[1]!, (h) => parseInt(h + h, 16));
    return c(r!, g!, b!, a === undefined ? 1 : a / 255);
  }
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(v);
  if (m) {
    const n = parseInt(m[1]!, 16);
    return c((n >> 16) & 255, (n >> 8) & 255, n & 255, m[2] ? parseInt(m[2], 16) / 255 : 1);
  }
  m = /^rgba?\(([^)]*)\)$/.exec(v);
  if (m) {
    const parts = m[1]!.split(/[\s,/]+/).filter(Boolean);
    const ch = (p: string | undefined) => (p?.endsWith("%") ? (parseFloat(p) * 255) / 100 : Number(p ?? 0));
    const alpha = parts[3] === undefined ? 1 : parts[3].endsWith("%") ? parseFloat(parts[3]) / 100 : Number(parts[3]);
    const [r, g, b] = [ch(parts[0]), ch(parts[1]), ch(parts[2])];
    if ([r, g, b, alpha].some((x) => !Number.isFinite(x))) return null;
    return c(r, g, b, alpha);
  }
  const n = named[v];
  return n ? c(...n) : null;
}

function clamp(x: number, lo = 0, hi = 1): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : lo;
}

// ---------------------------------------------------------------- drawing

/** Presentation properties that children inherit (opacity does not inherit: it multiplies, see `alpha`). */
type TStyle = {
  fill: string;
  stroke: string;
  strokeWidth: number;
  fillOpacity: number;
  strokeOpacity: number;
  dash: string;
  lineCap: string;
  lineJoin: string;
  fontSize: number;
  fontWeight: string;
  anchor: string;
  baseline: string;
  alpha: number;
};
const initialStyle: TStyle = {
  fill: "black",
  stroke: "none",
  strokeWidth: 1,
  fillOpacity: 1,
  strokeOpacity: 1,
  dash: "none",
  lineCap: "butt",
  lineJoin: "miter",
  fontSize: 12,
  fontWeight: "normal",
  anchor: "start",
  baseline: "auto",
  alpha: 1,
};

function styleOf(node: TSvgNode, parent: TStyle): TStyle {
  const p: Record<string, string> = { ...node.attrs };
  for (const decl of (node.attrs.style ?? "").split(";")) {
    const i = decl.indexOf(":");
    if (i > 0) p[decl.slice(0, i).trim().toLowerCase()] = decl.slice(i + 1).trim();
  }
  const num = (v: string | undefined, dflt: number) => {
    const n = v === undefined ? NaN : parseFloat(v);
    return Number.isFinite(n) ? n : dflt;
  };
  return {
    fill: p.fill ?? parent.fill,
    stroke: p.stroke ?? parent.stroke,
    strokeWidth: num(p["stroke-width"], parent.strokeWidth),
    fillOpacity: num(p["fill-opacity"], parent.fillOpacity),
    strokeOpacity: num(p["stroke-opacity"], parent.strokeOpacity),
    dash: p["stroke-dasharray"] ?? parent.dash,
    lineCap: p["stroke-linecap"] ?? parent.lineCap,
    lineJoin: p["stroke-linejoin"] ?? parent.lineJoin,
    fontSize: num(p["font-size"], parent.fontSize),
    fontWeight: p["font-weight"] ?? parent.fontWeight,
    anchor: p["text-anchor"] ?? parent.anchor,
    baseline: p["dominant-baseline"] ?? p["alignment-baseline"] ?? parent.baseline,
    alpha: parent.alpha * clamp(num(p.opacity, 1)),
  };
}

const skipped = new Set(["defs", "clipPath", "style", "title", "desc", "metadata", "mask", "pattern", "linearGradient", "radialGradient", "image", "script", "symbol", "marker"]);

/** Path data for the basic shapes, in the shape's own coordinates. */
function shapePath(node: TSvgNode): string | null {
  const a = (k: string) => {
    const n = parseFloat(node.attrs[k] ?? "0");
    return Number.isFinite(n) ? n : 0;
  };
  switch (node.name) {
    case "path":
      return node.attrs.d ?? null;
    case "rect": {
      const [x, y, w, h] = [a("x"), a("y"), a("width"), a("height")];
      if (w <= 0 || h <= 0) return null;
      const rx = Math.min(a("rx") || a("ry"), w / 2, h / 2);
      if (rx <= 0) return `M${x} ${y}L${x + w} ${y}L${x + w} ${y + h}L${x} ${y + h}Z`;
      return `M${x + rx} ${y}L${x + w - rx} ${y}A${rx} ${rx} 0 0 1 ${x + w} ${y + rx}L${x + w} ${y + h - rx}A${rx} ${rx} 0 0 1 ${x + w - rx} ${y + h}L${x + rx} ${y + h}A${rx} ${rx} 0 0 1 ${x} ${y + h - rx}L${x} ${y + rx}A${rx} ${rx} 0 0 1 ${x + rx} ${y}Z`;
    }
    case "circle":
    case "ellipse": {
      const [cx, cy] = [a("cx"), a("cy")];
      const [rx, ry] = node.name === "circle" ? [a("r"), a("r")] : [a("rx"), a("ry")];
      if (rx <= 0 || ry <= 0) return null;
      return `M${cx - rx} ${cy}A${rx} ${ry} 0 1 0 ${cx + rx} ${cy}A${rx} ${ry} 0 1 0 ${cx - rx} ${cy}Z`;
    }
    case "line":
      return `M${a("x1")} ${a("y1")}L${a("x2")} ${a("y2")}`;
    case "polyline":
    case "polygon": {
      const p = numbers(node.attrs.points ?? "");
      if (p.length < 4) return null;
      let d = `M${p[0]} ${p[1]}`;
      for (let i = 2; i + 1 < p.length; i += 2) d += `L${p[i]} ${p[i + 1]}`;
      return node.name === "polygon" ? `${d}Z` : d;
    }
    default:
      return null;
  }
}

/** The baseline's offset below the y of `dominant-baseline`, in ems (SVG's y grows downwards). */
function baselineShift(baseline: string): number {
  switch (baseline) {
    case "central":
    case "middle":
      return 0.36;
    case "hanging":
    case "text-before-edge":
    case "text-top":
      return 0.86;
    case "text-after-edge":
    case "ideographic":
    case "text-bottom":
      return -0.14;
    default:
      return 0;
  }
}

/** PDF's y grows upwards: pdf-lib's drawSvgPath flips y itself, and text must be drawn upright, so both are placed with this flip. */
const flipY: TMatrix = [1, 0, 0, -1, 0, 0];

type TCtx = { page: PDFPage; face: Typeface; stats: { paths: number; texts: number } };

function drawPath(ctx: TCtx, d: string, m: TMatrix, st: TStyle) {
  const fill = parseColor(st.fill);
  const strokeColor = st.strokeWidth > 0 ? parseColor(st.stroke) : null;
  const fillAlpha = fill ? fill.alpha * clamp(st.fillOpacity) * st.alpha : 0;
  const strokeAlpha = strokeColor ? strokeColor.alpha * clamp(st.strokeOpacity) * st.alpha : 0;
  const doFill = fill && fillAlpha > 0.001;
  const doStroke = strokeColor && strokeAlpha > 0.001;
  if (!doFill && !doStroke) return;
  // drawSvgPath applies a y flip after our matrix; pre-flipping cancels it, so `m` alone maps the path.
  ctx.page.pushOperators(pushGraphicsState(), concatTransformationMatrix(...multiply(m, flipY)));
  if (doStroke && st.lineJoin !== "miter") ctx.page.pushOperators(setLineJoin(st.lineJoin === "round" ? LineJoinStyle.Round : LineJoinStyle.Bevel));
  const dash = st.dash === "none" ? [] : numbers(st.dash).filter((n) => n >= 0);
  ctx.page.drawSvgPath(d, {
    x: 0,
    y: 0,
    // An opacity below 1 costs an ExtGState object per path: only then is it passed.
    ...(doFill ? { color: fill.color, ...(fillAlpha < 1 ? { opacity: fillAlpha } : {}) } : {}),
    ...(doStroke
      ? {
          borderColor: strokeColor.color,
          borderWidth: st.strokeWidth,
          ...(strokeAlpha < 1 ? { borderOpacity: strokeAlpha } : {}),
          borderLineCap: st.lineCap === "round" ? LineCapStyle.Round : st.lineCap === "square" ? LineCapStyle.Projecting : LineCapStyle.Butt,
          ...(dash.length && dash.some((n) => n > 0) ? { borderDashArray: dash.length % 2 ? [...dash, ...dash] : dash } : {}),
        }
      : {}),
  });
  ctx.page.pushOperators(popGraphicsState());
  ctx.stats.paths++;
}

function drawText(ctx: TCtx, raw: string, x: number, y: number, m: TMatrix, st: TStyle) {
  const text = cleanText(raw).replace(/\n/g, " ").trim();
  const fill = parseColor(st.fill);
  if (!text || !fill || fill.alpha * st.alpha < 0.001) return;
  const size = st.fontSize;
  const w = ctx.face.width(text, size);
  const dx = st.anchor === "middle" ? -w / 2 : st.anchor === "end" ? -w : 0;
  const dy = baselineShift(st.baseline) * size;
  ctx.page.pushOperators(pushGraphicsState(), concatTransformationMatrix(...multiply(multiply(m, [1, 0, 0, 1, x + dx, y + dy]), flipY)));
  ctx.face.draw(ctx.page, text, { x: 0, y: 0, size, color: fill.color, bold: st.fontWeight === "bold" || Number(st.fontWeight) >= 600 });
  ctx.page.pushOperators(popGraphicsState());
  ctx.stats.texts++;
}

function walk(ctx: TCtx, node: TSvgNode, parent: TMatrix, parentStyle: TStyle) {
  if (skipped.has(node.name) || node.attrs.display === "none" || node.attrs.visibility === "hidden") return;
  const st = styleOf(node, parentStyle);
  const m = multiply(parent, parseTransform(node.attrs.transform));
  if (node.name === "text") {
    const first = (k: string) => numbers(node.attrs[k] ?? "")[0] ?? 0;
    const [x, y] = [first("x"), first("y")];
    if (node.text.trim()) drawText(ctx, node.text, x, y, m, st);
    for (const span of node.children.filter((c) => c.name === "tspan")) {
      const sst = styleOf(span, st);
      const sx = numbers(span.attrs.x ?? "")[0] ?? x;
      const sy = numbers(span.attrs.y ?? "")[0] ?? y;
      drawText(ctx, span.text, sx + (numbers(span.attrs.dx ?? "")[0] ?? 0), sy + (numbers(span.attrs.dy ?? "")[0] ?? 0), m, sst);
    }
    return;
  }
  const d = shapePath(node);
  if (d) drawPath(ctx, d, m, st);
  for (const child of node.children) walk(ctx, child, m, st);
}

/**
 * Draws `svg` on `page` into the box whose top-left corner is (x, top) in PDF points, `width` wide: the
 * SVG's viewBox (else its width × height) is scaled uniformly to that width. Returns what it drew.
 */
export function drawSvg(page: PDFPage, face: Typeface, svg: string | TSvgNode, box: { x: number; top: number; width: number }): { paths: number; texts: number } {
  const root = typeof svg === "string" ? parseSvg(svg) : svg;
  const vb = numbers(root.attrs.viewBox ?? "");
  const [vx, vy, vw] = vb.length === 4 ? vb : [0, 0, parseFloat(root.attrs.width ?? "") || box.width];
  const s = box.width / (vw! > 0 ? vw! : box.width);
  // SVG user space (y down) → PDF page (y up).
  const outer: TMatrix = multiply([s, 0, 0, -s, box.x, box.top], [1, 0, 0, 1, -vx!, -vy!]);
  const ctx: TCtx = { page, face, stats: { paths: 0, texts: 0 } };
  for (const child of root.children) walk(ctx, child, outer, styleOf(root, initialStyle));
  return ctx.stats;
}
