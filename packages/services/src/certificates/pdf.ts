import { PDFDocument, rgb, type PDFPage, type RGB } from "pdf-lib";
import QRCode from "qrcode";
import { cleanText, defaultPdfFonts, embedTypeface, useNodeDeflate, wrapText, type TPdfFonts } from "../platform/pdf-text.ts";

/** The fonts embedded in every certificate (see platform/pdf-text.ts). */
export const defaultCertificateFonts = defaultPdfFonts;
export type TCertificateFonts = TPdfFonts;

/**
 * The certificate's wording. It is the document's fixed template (like the text of a printed form),
 * not interface text, and this package cannot reach the UI's catalogue, so it lives here.
 */
const wording = {
  heading: "结业证书",
  subheading: "学时证明",
  addressee: "{name} 同志：",
  body: "参加「{title}」培训，完成全部学习任务，经考核合格，获得 {hours} 学时，特发此证。",
  hoursLabel: "学时：{hours}",
  number: "证书编号：{number}",
  scan: "扫码验证",
  date: "{y}年{m}月{d}日",
} as const;

export type TCertificateFields = {
  name: string;
  title: string;
  /** Raw 学时 as a number (tenths allowed). */
  hours: number;
  /** The day the award counts for, YYYY-MM-DD. */
  date: string;
  /** The issuing province (the tenant's name). */
  issuer: string;
  number: string;
  verifyUrl: string;
};

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);

export function formatHours(hours: number): string {
  return Number.isInteger(hours) ? String(hours) : hours.toFixed(1);
}

export function chineseDate(day: string): string {
  const [y, m, d] = day.split("-");
  return fill(wording.date, { y: y ?? "", m: String(Number(m)), d: String(Number(d)) });
}

/**
 * The QR code to the verification page, drawn as vector squares on white with a one-module quiet zone:
 * sharp at any zoom, and no PNG to encode, decode and compress again for every certificate (which cost as
 * much as the rest of the page). One rectangle per run of dark modules in a row, written straight into a
 * content stream of its own (pdf-lib's drawRectangle builds a dozen objects per rectangle).
 */
function drawQr(doc: PDFDocument, page: PDFPage, text: string, at: { x: number; y: number; size: number }) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = modules.size;
  const m = at.size / (n + 2);
  const num = (v: number) => String(Math.round(v * 1000) / 1000);
  const ops = ["q", "1 g", `${num(at.x)} ${num(at.y)} ${num(at.size)} ${num(at.size)} re f`, "0 g"];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; ) {
      if (!modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && modules.get(r, c)) c++;
      // Row 0 is the top; PDF's y grows upwards.
      ops.push(`${num(at.x + (start + 1) * m)} ${num(at.y + at.size - (r + 2) * m)} ${num((c - start) * m)} ${num(m)} re`);
    }
  }
  ops.push("f", "Q");
  page.node.addContentStream(doc.context.register(doc.context.flateStream(ops.join("\n"))));
}

/** One A4 landscape page: heading, the teacher's name, course, 学时, date, issuer, number and a QR code to the verification page. */
export async function certificatePdf(f: TCertificateFields, opts: { fonts?: TCertificateFonts; createdAt?: Date } = {}): Promise<Uint8Array> {
  const fonts = opts.fonts ?? defaultCertificateFonts;
  const doc = await PDFDocument.create();
  useNodeDeflate(doc);
  const face = await embedTypeface(doc, fonts, JSON.stringify(f));

  doc.setTitle(`${wording.heading} ${f.number}`);
  doc.setProducer("Yanxiu");
  doc.setCreator("Yanxiu");
  if (opts.createdAt) {
    doc.setCreationDate(opts.createdAt);
    doc.setModificationDate(opts.createdAt);
  }

  const page = doc.addPage([841.89, 595.28]);
  const { width: W, height: H } = page.getSize();
  const red = rgb(0.62, 0.12, 0.12);
  const ink = rgb(0.12, 0.12, 0.12);
  const grey = rgb(0.4, 0.4, 0.4);
  const centered = (text: string, y: number, size: number, color: RGB) => face.draw(page, text, { x: (W - face.width(text, size)) / 2, y, size, color });
  const rightAligned = (text: string, right: number, y: number, size: number) => face.draw(page, text, { x: right - face.width(text, size), y, size, color: ink });

  page.drawRectangle({ x: 0, y: 0, width: W, height: H, color: rgb(0.995, 0.98, 0.95) });
  page.drawRectangle({ x: 22, y: 22, width: W - 44, height: H - 44, borderColor: red, borderWidth: 3 });
  page.drawRectangle({ x: 32, y: 32, width: W - 64, height: H - 64, borderColor: red, borderWidth: 0.8 });

  centered(wording.heading, H - 130, 46, red);
  centered(wording.subheading, H - 165, 18, grey);

  const hours = formatHours(f.hours);
  const left = 110;
  face.draw(page, fill(wording.addressee, { name: f.name }), { x: left, y: H - 235, size: 24, color: ink });
  // A long course title shrinks the paragraph rather than running into the issuer and date below it.
  const body = cleanText(fill(wording.body, { title: f.title, hours }));
  let size = 19;
  let lines = wrapText(face, body, size, W - 2 * left - 40);
  while (lines.length > 5 && size > 11) lines = wrapText(face, body, --size, W - 2 * left - 40);
  let y = H - 285;
  for (const line of lines) {
    face.draw(page, line, { x: left + 40, y, size, color: ink });
    y -= size * 1.65;
  }

  rightAligned(f.issuer, W - 100, 150, 18);
  rightAligned(chineseDate(f.date), W - 100, 120, 16);

  face.draw(page, wording.scan, { x: 70 + (92 - face.width(wording.scan, 9)) / 2, y: 50, size: 9, color: grey });
  face.draw(page, fill(wording.hoursLabel, { hours }), { x: 176, y: 110, size: 11, color: grey });
  face.draw(page, fill(wording.number, { number: f.number }), { x: 176, y: 90, size: 11, color: grey });

  drawQr(doc, page, f.verifyUrl, { x: 70, y: 62, size: 92 });

  // Plain (not object-stream) dictionaries: any reader, and a test, can see the embedded font subsets.
  return doc.save({ useObjectStreams: false });
}
