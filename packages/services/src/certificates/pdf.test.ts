import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { pdfStreams } from "../platform/pdf-reader.testing.ts";
import { certificatePdf, type TCertificateFields } from "./pdf.ts";

const fields = (over: Partial<TCertificateFields> = {}): TCertificateFields => ({
  name: "欧阳晓燕",
  title: "初中语文群文阅读教学设计与实践专题研修",
  hours: 12.5,
  date: "2026-03-05",
  issuer: "湖南省",
  number: "YX2026-0001",
  verifyUrl: "http://hunan.localhost:3000/verify/ABCDEFGHJKMNPQRSTVWXYZ2345",
  ...over,
});


/** The QR code's dark modules as drawn: each rectangle of the QR stream turned back into grid cells. */
function drawnModules(pdf: Uint8Array, size: number): boolean[][] {
  const qr = pdfStreams(pdf).find((s) => s.startsWith("q\n1 g\n"));
  if (!qr) throw new Error("no QR content stream");
  const [box, ...rects] = [...qr.matchAll(/^([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re/gm)].map((m) => m.slice(1).map(Number) as [number, number, number, number]);
  const [x0, y0, side] = box!;
  const m = side / (size + 2);
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [x, y, w] of rects) {
    const row = Math.round((y0 + side - y) / m) - 2;
    const first = Math.round((x - x0) / m) - 1;
    for (let c = first; c < first + Math.round(w / m); c++) grid[row]![c] = true;
  }
  return grid;
}

describe("certificate PDF (no database)", () => {
  it("draws the QR code of the verification address, module for module, inside its quiet zone", async () => {
    for (const verifyUrl of ["http://hunan.localhost:3000/verify/ABCDEFGHJKMNPQRSTVWXYZ2345", "https://jiangxi.example.cn/verify/0123456789abcdefABCDEF0123456789ab"]) {
      const pdf = await certificatePdf(fields({ verifyUrl }));
      const { modules } = QRCode.create(verifyUrl, { errorCorrectionLevel: "M" });
      const expected = Array.from({ length: modules.size }, (_, r) => Array.from({ length: modules.size }, (_, c) => !!modules.get(r, c)));
      expect(drawnModules(pdf, modules.size)).toEqual(expected);
    }
  });

  it("embeds a fresh subset per certificate: the glyphs of each one's own name, from the font parsed once", async () => {
    const a = Buffer.from(await certificatePdf(fields({ name: "欧阳晓燕" }))).toString("latin1");
    const b = Buffer.from(await certificatePdf(fields({ name: "龚鑫淼" }))).toString("latin1");
    for (const raw of [a, b]) {
      expect(raw).toContain("/FontFile2");
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DroidSansFallback/);
    }
    // The ToUnicode map of each CJK subset lists the name's characters (UTF-16BE hex), and only its own.
    const cmaps = (raw: string) => pdfStreams(Buffer.from(raw, "latin1")).filter((s) => s.includes("begincmap")).join("\n").toUpperCase();
    const hex = (ch: string) => ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    expect(cmaps(a)).toContain(`<${hex("晓")}>`);
    expect(cmaps(a)).not.toContain(`<${hex("鑫")}>`);
    expect(cmaps(b)).toContain(`<${hex("鑫")}>`);
    expect(cmaps(b)).not.toContain(`<${hex("晓")}>`);
  });

  it("renders a certificate to the same bytes whichever certificates the process rendered before (the shared font keeps no state)", async () => {
    const long = fields({ title: "义务教育阶段跨学科主题学习活动设计与实施——基于核心素养的大单元教学实践研究（第二期）" });
    const at = { createdAt: new Date("2026-03-05T00:00:00+08:00") };
    const one = Buffer.from(await certificatePdf(long, at));
    await Promise.all(["龚鑫淼", "Zoë Müller", "司马相如"].map((name) => certificatePdf(fields({ name, title: `${name}的课程` }))));
    const two = Buffer.from(await certificatePdf(long, at));
    expect(one.equals(two)).toBe(true);
  });
});
