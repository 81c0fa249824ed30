import fs from "node:fs";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { pdfStreams } from "./pdf-reader.testing.ts";
import { cleanText, defaultPdfFonts, embedTypeface, REPLACEMENT_CHARACTER, wrapText, type Typeface } from "./pdf-text.ts";

let face: Typeface;
beforeAll(async () => {
  face = await embedTypeface(await PDFDocument.create(), defaultPdfFonts, "test");
});

describe("PDF text (no database)", () => {
  it("drops NUL and other control or format characters, keeps CR/LF as line breaks", () => {
    expect(cleanText("a\u0000b\u0007c\u200bd\ufeffe")).toBe("abcde");
    expect(cleanText("一\r\n二\r三\n四\t五")).toBe("一\n二\n三\n四 五");
    expect(cleanText("👍🏽❤️")).toBe("👍❤");
  });

  it("measures characters neither font has as the replacement box, and says so", () => {
    expect(face.has("中")).toBe(true);
    expect(face.has("A")).toBe(true);
    expect(face.has("👍")).toBe(false);
    expect(face.has("\u{20000}")).toBe(false);
    expect(face.width("👍", 10)).toBeCloseTo(face.width(REPLACEMENT_CHARACTER, 10), 6);
  });

  it("wraps Chinese between any characters, but never starts a line with closing punctuation", () => {
    const size = 10;
    const w = face.width("中", size);
    // Five characters a line: the comma would start line two, so the character before it comes down too.
    const lines = wrapText(face, "一二三四五，六七八九十", size, 5 * w + 0.1);
    expect(lines).toEqual(["一二三四", "五，六七八", "九十"]);
    // Nor end one with an opening bracket: it goes down with what it opens.
    expect(wrapText(face, "一二三四（五六）", size, 5 * w + 0.1)).toEqual(["一二三四", "（五六）"]);
    for (const l of wrapText(face, "我们。你们！他们？它们）好的」".repeat(10), size, 7 * w + 0.1)) {
      expect("，。、；：！？）」".includes(l[0]!)).toBe(false);
      expect(face.width(l, size)).toBeLessThanOrEqual(7 * w + 0.1 + w);
    }
  });

  it("wraps Latin at spaces, breaks a word longer than the line, and keeps explicit line breaks", () => {
    const size = 10;
    const width = face.width("information and", size) + 0.1;
    expect(wrapText(face, "information and communication technology", size, width)).toEqual(["information and", "communication", "technology"]);
    const long = "x".repeat(500);
    const lines = wrapText(face, long, size, 100);
    expect(lines.join("")).toBe(long);
    for (const l of lines) expect(face.width(l, size)).toBeLessThanOrEqual(100);
    expect(wrapText(face, "第一行\r\n\n第三行", size, 200)).toEqual(["第一行", "", "第三行"]);
    expect(wrapText(face, "", size, 200)).toEqual([""]);
  });

  it("narrows the first line by the indent", () => {
    const size = 10;
    const w = face.width("中", size);
    expect(wrapText(face, "一二三四五六七八", size, 4 * w + 0.1, { firstIndent: 2 * w })).toEqual(["一二", "三四五六", "七八"]);
  });

  it("embeds subset glyphs that are the font's own outlines, every one of them (the short-loca offsets do not drift)", async () => {
    const doc = await PDFDocument.create();
    const own = await embedTypeface(doc, defaultPdfFonts, "glyphs");
    const text = Array.from(new Set("全省各级教师发展机构围绕强师计划总体部署依托研修平台组织开展各类培训项目全年参训教师覆盖全部市州县市区乡村教师参训比例较上年提高个百分点各地坚持以需求为导向完善四级研修体系推动线上研修与线下实践深度融合从结构看中小学教师占比最高幼儿园与特殊教育教师的参训人数增长较快"));
    own.draw(doc.addPage(), text.join(""), { x: 10, y: 10, size: 10, color: rgb(0, 0, 0) });
    const streams = pdfStreams(await doc.save({ useObjectStreams: false }));
    const program = streams.findIndex((st) => st.startsWith("true"));
    const cmap = streams.slice(program).find((st) => st.includes("begincmap"))!;
    const subset = fontkit.create(Buffer.from(streams[program]!, "latin1"));
    const original = fontkit.create(fs.readFileSync(defaultPdfFonts.cjk));
    const pairs = [...cmap.matchAll(/<([0-9A-F]{4})> <([0-9A-F]{4})>/g)].map((m) => [parseInt(m[1]!, 16), parseInt(m[2]!, 16)] as const);
    expect(pairs).toHaveLength(text.length);
    const wrong = pairs.filter(([gid, cp]) => subset.getGlyph(gid).path.toSVG() !== original.glyphForCodePoint(cp).path.toSVG());
    expect(wrong.map(([, cp]) => String.fromCodePoint(cp))).toEqual([]);
  });
});
