/**
 * Tests read the PDFs the services write with pdf.js: an independent reader, so a test sees what a person's
 * viewer would, not what pdf-lib believes it wrote.
 */
import { inflateSync } from "node:zlib";

/** Every FlateDecode stream of the PDF, inflated, as latin1 text (page content, font programs, CMaps). */
export function pdfStreams(pdf: Uint8Array): string[] {
  const raw = Buffer.from(pdf);
  const text = raw.toString("latin1");
  const out: string[] = [];
  for (const m of text.matchAll(/\/Filter \/FlateDecode[^]*?>>\s*stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = text.indexOf("endstream", start);
    try {
      out.push(inflateSync(raw.subarray(start, end)).toString("latin1"));
    } catch {
      // Not ours to read.
    }
  }
  return out;
}

/** pdf.js's getDocument, on this machine's Node. */
export async function pdfjs() {
  // pdf.js 6 expects Node 22's Promise.withResolvers; this machine runs Node 20.
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve: unknown, reject: unknown;
    const promise = new Promise((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
  return (await import("pdfjs-dist/legacy/build/pdf.mjs")).getDocument;
}

/** Each page's text as one string, in reading order as pdf.js extracts it. */
export async function pdfPagesText(bytes: Uint8Array): Promise<string[]> {
  const getDocument = await pdfjs();
  const task = getDocument({ data: new Uint8Array(bytes), disableFontFace: true, verbosity: 0 });
  try {
    const doc = await task.promise;
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((it) => ("str" in it ? it.str : "")).join(""));
    }
    return pages;
  } finally {
    await task.destroy();
  }
}
