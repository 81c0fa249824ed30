/**
 * The certificate renderer as it was before issue 18 (a verbatim copy of src/certificates/pdf.ts then): it parses
 * the 4 MB CJK font for every PDF and embeds the QR code as a PNG. Kept only as the baseline of
 * certificates.bench.ts, measured in the same run as the current renderer.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from "pdf-lib";
import QRCode from "qrcode";
import { AppError } from "@yanxiu/domain/errors";

/**
 * The fonts embedded in every certificate, from Debian packages that infra/bin/bootstrap.sh installs:
 * `fonts-droid-fallback` for Chinese (it has no Latin letters or digits) and `fonts-dejavu-core` for the
 * rest (numbers, dates, the certificate number). TrueType files, not collections (.ttc), because fontkit
 * subsets single fonts only; only the glyphs a certificate uses are embedded (KBs, not the 4 MB file).
 */
export const defaultCertificateFonts = {
  cjk: "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
  latin: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
};
export type TCertificateFonts = typeof defaultCertificateFonts;

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

const fontCache = new Map<string, Promise<Buffer>>();
function loadFont(path: string): Promise<Buffer> {
  let bytes = fontCache.get(path);
  if (!bytes) {
    bytes = fs.readFile(path).catch((e: unknown) => {
      fontCache.delete(path);
      // Retryable: the job waits (with backoff) until the font is installed rather than being dropped.
      throw new AppError("unavailable", `certificate font ${path} not readable (run infra/bin/bootstrap.sh): ${String(e)}`);
    });
    fontCache.set(path, bytes);
  }
  return bytes;
}

/** Draws and measures text in two fonts: each character in the CJK font when it has the glyph, else in the Latin one. */
class Typeface {
  constructor(
    private readonly cjk: PDFFont,
    private readonly latin: PDFFont,
    private readonly cjkHas: (cp: number) => boolean,
  ) {}

  private runs(text: string): [PDFFont, string][] {
    const out: [PDFFont, string][] = [];
    for (const ch of text) {
      const font = this.cjkHas(ch.codePointAt(0)!) ? this.cjk : this.latin;
      const last = out[out.length - 1];
      if (last && last[0] === font) last[1] += ch;
      else out.push([font, ch]);
    }
    return out;
  }

  width(text: string, size: number): number {
    return this.runs(text).reduce((w, [font, s]) => w + font.widthOfTextAtSize(s, size), 0);
  }

  draw(page: PDFPage, text: string, at: { x: number; y: number; size: number; color: RGB }) {
    let x = at.x;
    for (const [font, s] of this.runs(text)) {
      page.drawText(s, { x, y: at.y, size: at.size, font, color: at.color });
      x += font.widthOfTextAtSize(s, at.size);
    }
  }
}

/**
 * The six capital letters before a subset font's name ("ABCDEF+Font", PDF 32000 §9.6.4) tell readers the
 * font is partial; derived from the certificate's text so the same certificate always gets the same tags.
 */
function subsetTag(f: TCertificateFields, font: string): string {
  const h = createHash("sha256").update(font).update(JSON.stringify(f)).digest();
  return Array.from(h.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join("");
}

/** Breaks `text` into lines no wider than `width` (Chinese wraps between any two characters). */
function wrap(face: Typeface, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const ch of text) {
    if (line && face.width(line + ch, size) > width) {
      lines.push(line);
      line = "";
    }
    line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

/** One A4 landscape page: heading, the teacher's name, course, 学时, date, issuer, number and a QR code to the verification page. */
export async function certificatePdf(f: TCertificateFields, opts: { fonts?: TCertificateFonts; createdAt?: Date } = {}): Promise<Uint8Array> {
  const fonts = opts.fonts ?? defaultCertificateFonts;
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const [cjkBytes, latinBytes] = await Promise.all([loadFont(fonts.cjk), loadFont(fonts.latin)]);
  const cjk = await doc.embedFont(cjkBytes, { subset: true, customName: `${subsetTag(f, "cjk")}+DroidSansFallback` });
  const latin = await doc.embedFont(latinBytes, { subset: true, customName: `${subsetTag(f, "latin")}+DejaVuSans` });
  const cjkGlyphs = new Set(cjk.getCharacterSet());
  const face = new Typeface(cjk, latin, (cp) => cjkGlyphs.has(cp));
  const qr = await doc.embedPng(await QRCode.toBuffer(f.verifyUrl, { type: "png", errorCorrectionLevel: "M", margin: 1, width: 240 }));

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
  const body = fill(wording.body, { title: f.title, hours });
  let size = 19;
  let lines = wrap(face, body, size, W - 2 * left - 40);
  while (lines.length > 5 && size > 11) lines = wrap(face, body, --size, W - 2 * left - 40);
  let y = H - 285;
  for (const line of lines) {
    face.draw(page, line, { x: left + 40, y, size, color: ink });
    y -= size * 1.65;
  }

  rightAligned(f.issuer, W - 100, 150, 18);
  rightAligned(chineseDate(f.date), W - 100, 120, 16);

  page.drawImage(qr, { x: 70, y: 62, width: 92, height: 92 });
  face.draw(page, wording.scan, { x: 70 + (92 - face.width(wording.scan, 9)) / 2, y: 50, size: 9, color: grey });
  face.draw(page, fill(wording.hoursLabel, { hours }), { x: 176, y: 110, size: 11, color: grey });
  face.draw(page, fill(wording.number, { number: f.number }), { x: 176, y: 90, size: 11, color: grey });

  // Plain (not object-stream) dictionaries: any reader, and a test, can see the embedded font subsets.
  return doc.save({ useObjectStreams: false });
}
