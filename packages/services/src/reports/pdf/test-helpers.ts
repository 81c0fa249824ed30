import { pdfjs, pdfStreams } from "../../platform/pdf-reader.testing.ts";

export type TTextItem = { str: string; x: number; y: number; a: number; b: number; width: number };

/** The bookmarks as pdf.js reads them: each title and the (1-based) page it jumps to; and each page's link targets. */
export async function pdfNavigation(pdf: Uint8Array): Promise<{ outline: { title: string; page: number }[]; links: number[][] }> {
  const getDocument = await pdfjs();
  const task = getDocument({ data: new Uint8Array(pdf), disableFontFace: true, verbosity: 0 });
  const doc = await task.promise;
  const pageOf = async (dest: unknown) => {
    const explicit = (typeof dest === "string" ? await doc.getDestination(dest) : dest) as [unknown] | null;
    return explicit ? (await doc.getPageIndex(explicit[0] as Parameters<typeof doc.getPageIndex>[0])) + 1 : -1;
  };
  const outline = await Promise.all(((await doc.getOutline()) ?? []).map(async (o) => ({ title: o.title, page: await pageOf(o.dest) })));
  const links: number[][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const annots = (await (await doc.getPage(i)).getAnnotations()) as { subtype: string; dest?: unknown }[];
    links.push(await Promise.all(annots.filter((a) => a.subtype === "Link").map((a) => pageOf(a.dest))));
  }
  await task.destroy();
  return { outline, links };
}

/** The text layer of every page as pdf.js sees it (what a reader searches and copies). */
export async function pdfText(pdf: Uint8Array): Promise<TTextItem[][]> {
  const getDocument = await pdfjs();
  const task = getDocument({ data: new Uint8Array(pdf), disableFontFace: true, verbosity: 0 });
  const doc = await task.promise;
  const pages: TTextItem[][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(
      content.items.flatMap((it) =>
        "str" in it && it.str ? [{ str: it.str, a: it.transform[0] as number, b: it.transform[1] as number, x: it.transform[4] as number, y: it.transform[5] as number, width: it.width }] : [],
      ),
    );
  }
  await task.destroy();
  return pages;
}

/** A page's text as lines: items on the same baseline (to half a point), left to right, joined. */
export function lines(items: TTextItem[]): string[] {
  const rows = new Map<number, TTextItem[]>();
  for (const it of items) {
    const key = Math.round(it.y * 2) / 2;
    rows.set(key, [...(rows.get(key) ?? []), it]);
  }
  return [...rows.entries()].sort((p, q) => q[0] - p[0]).map(([, row]) => row.sort((p, q) => p.x - q.x).map((i) => i.str).join(""));
}

/** The page content streams among `pdfStreams` (text, not font programs or CMaps). */
export function contentStreams(pdf: Uint8Array): string[] {
  return pdfStreams(pdf).filter((s) => /\scm\n/.test(s) && !s.includes("begincmap"));
}

type TM = [number, number, number, number, number, number];
// Its own product, not svg.ts's `multiply`: a bug there must not be able to hide itself from the tests that read the page.
const mul = (m: TM, n: TM): TM => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

export type TPainted = { op: string; fill: number[]; stroke: number[]; box: [number, number, number, number] };

/**
 * A small interpreter of a content stream's graphics: the shapes it paints (fill f, stroke S, both B),
 * each with the fill and stroke colours in force and its bounding box in page coordinates (after every
 * `cm`, including the y flip pdf-lib's drawSvgPath adds). Curves count by their end points.
 */
export function paintedShapes(stream: string): TPainted[] {
  const tokens = stream.match(/<[0-9A-Fa-f]*>|\/[^\s/[\]<>()]+|\[|\]|\([^)]*\)|[^\s[\]<>/()]+/g) ?? [];
  let state = { m: [1, 0, 0, 1, 0, 0] as TM, fill: [0, 0, 0], stroke: [0, 0, 0] };
  const stack: (typeof state)[] = [];
  let operands: number[] = [];
  let points: [number, number][] = [];
  const out: TPainted[] = [];
  const at = (x: number, y: number) => {
    const m = state.m;
    points.push([m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]]);
  };
  for (const t of tokens) {
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) {
      operands.push(Number(t));
      continue;
    }
    if (/^[[\]</(]/.test(t)) continue;
    const o = operands;
    switch (t) {
      case "q":
        stack.push({ ...state });
        break;
      case "Q":
        state = stack.pop() ?? state;
        break;
      case "cm":
        state = { ...state, m: mul(state.m, o.slice(-6) as TM) };
        break;
      case "rg":
        state = { ...state, fill: o.slice(-3) };
        break;
      case "RG":
        state = { ...state, stroke: o.slice(-3) };
        break;
      case "m":
      case "l":
        at(o[o.length - 2]!, o[o.length - 1]!);
        break;
      case "c":
        at(o[4]!, o[5]!);
        break;
      case "v":
      case "y":
        at(o[2]!, o[3]!);
        break;
      case "re": {
        const [x, y, w, h] = o.slice(-4) as [number, number, number, number];
        at(x, y);
        at(x + w, y + h);
        break;
      }
      case "f":
      case "f*":
      case "S":
      case "B":
      case "B*":
      case "b":
      case "s":
      case "n":
        if (t !== "n" && points.length) {
          const xs = points.map((p) => p[0]);
          const ys = points.map((p) => p[1]);
          out.push({ op: t, fill: state.fill, stroke: state.stroke, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] });
        }
        points = [];
        break;
    }
    operands = [];
  }
  return out;
}
