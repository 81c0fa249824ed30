/**
 * Tests read the PDFs the services write with pdf.js: an independent reader, so a test sees what a person's
 * viewer would, not what pdf-lib believes it wrote.
 */

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
