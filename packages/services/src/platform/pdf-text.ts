import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import { deflateSync } from "node:zlib";
import fontkit, { type Font } from "@pdf-lib/fontkit";
import {
  popGraphicsState,
  pushGraphicsState,
  setLineWidth,
  setStrokingColor,
  setTextRenderingMode,
  TextRenderingMode,
  type PDFDocument,
  type PDFFont,
  type PDFPage,
  type RGB,
} from "pdf-lib";
import { AppError } from "@yanxiu/domain/errors";

/**
 * Chinese text in our PDFs (certificates, the annual report): the fonts, the choice of font per character,
 * measuring and wrapping. Fonts come from Debian packages that infra/bin/bootstrap.sh installs:
 * `fonts-droid-fallback` for Chinese (it has no Latin letters or digits) and `fonts-dejavu-core` for the
 * rest. TrueType files, not collections (.ttc), because fontkit subsets single fonts only; only the glyphs a
 * document uses are embedded (KBs, not the 4 MB file).
 */
export const defaultPdfFonts = {
  cjk: "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
  latin: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
};
export type TPdfFonts = typeof defaultPdfFonts;

/** Drawn for a character neither font has (emoji, rare CJK): a visible hole rather than nothing or a crash. */
export const REPLACEMENT_CHARACTER = "□";

/**
 * A font, read and parsed once per process: the 4 MB CJK font's parse (fontkit copies it and decodes its
 * tables) and its character set were most of a certificate's cost when each PDF did them again. Each PDF
 * still gets its own subset (only the glyphs its text uses); the parsed font is shared read-only.
 */
type TLoadedFont = { bytes: Buffer; parsed: Font; characters: Set<number> };
const fontCache = new Map<string, Promise<TLoadedFont>>();
function loadFont(path: string): Promise<TLoadedFont> {
  let font = fontCache.get(path);
  if (!font) {
    font = fs.readFile(path).then(
      (bytes) => {
        const parsed = fontkit.create(bytes);
        evenGlyphRecords(parsed);
        const loaded = { bytes, parsed, characters: new Set(parsed.characterSet) };
        loadedFonts.add(loaded);
        return loaded;
      },
      (e: unknown) => {
        fontCache.delete(path);
        // Retryable: the job waits (with backoff) until the font is installed rather than being dropped.
        throw new AppError("unavailable", `PDF font ${path} not readable (run infra/bin/bootstrap.sh): ${String(e)}`);
      },
    );
    fontCache.set(path, font);
  }
  return font;
}

/**
 * Works around a bug in @pdf-lib/fontkit 1.1.1's TrueType subsetter (fixed upstream in fontkit 1.8,
 * foliojs/fontkit#191; the @pdf-lib fork never took it): a subset under 64 KB gets the short `loca` format,
 * which stores glyph offsets halved, but the glyph records are copied at their source length, so after
 * the first odd-length record every offset is off by a byte and readers draw many glyphs blank (text
 * extraction still works, so only rendering shows it). DroidSansFallback has odd-length records: a report
 * page lost most of its Chinese. Padding each record to an even length (a trailing zero byte is legal
 * glyph padding) keeps the offsets exact. Patched on the subset class, once.
 */
type TSubsetInternals = { glyf: Uint8Array[]; offset: number; _addGlyph(gid: number): number; evenGlyphs?: true };
function evenGlyphRecords(font: Font) {
  const proto = Object.getPrototypeOf(font.createSubset()) as TSubsetInternals;
  if (proto.evenGlyphs || typeof proto._addGlyph !== "function") return;
  const addGlyph = proto._addGlyph;
  proto._addGlyph = function (this: TSubsetInternals, gid: number) {
    const index = addGlyph.call(this, gid);
    const record = this.glyf[index];
    if (record && record.length % 2 === 1) {
      // fontkit's bundled Buffer polyfill, not node's: its encoder accepts only its own class.
      const BufferClass = record.constructor as unknown as { alloc(n: number): Uint8Array };
      const padded = BufferClass.alloc(record.length + 1);
      padded.set(record);
      this.glyf[index] = padded;
      this.offset += 1;
    }
    return index;
  };
  proto.evenGlyphs = true;
}

/**
 * The fontkit pdf-lib is given: it hands back the font parsed once for these very bytes (pdf-lib calls
 * `create` on every embed) and parses anything else as fontkit does.
 */
const parsedOnce: Parameters<PDFDocument["registerFontkit"]>[0] = {
  create(bytes: Uint8Array) {
    for (const f of loadedFonts) if (f.bytes === bytes) return f.parsed;
    return fontkit.create(bytes);
  },
};
const loadedFonts = new Set<TLoadedFont>();

/**
 * Font subsets and other streams go through node's zlib rather than pdf-lib's JavaScript deflate (pako),
 * which took a fifth of a certificate's time; same FlateDecode streams, any reader reads them.
 */
export function useNodeDeflate(doc: PDFDocument) {
  doc.context.flateStream = (contents, dict = {}) =>
    doc.context.stream(deflateSync(typeof contents === "string" ? Buffer.from(contents, "latin1") : contents), { ...dict, Filter: "FlateDecode" });
}

/**
 * The six capital letters before a subset font's name ("ABCDEF+Font", PDF 32000 §9.6.4) tell readers the
 * font is partial; derived from the document's content (`seed`) so the same document always gets the same tags.
 */
export function subsetTag(seed: string, font: string): string {
  const h = createHash("sha256").update(font).update(seed).digest();
  return Array.from(h.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join("");
}

/** Embeds both fonts (as subsets, tags from `seed`) into `doc` and returns the face that draws with them. */
export async function embedTypeface(doc: PDFDocument, fonts: TPdfFonts, seed: string): Promise<Typeface> {
  doc.registerFontkit(parsedOnce);
  const [cjkFont, latinFont] = await Promise.all([loadFont(fonts.cjk), loadFont(fonts.latin)]);
  const cjk = await doc.embedFont(cjkFont.bytes, { subset: true, customName: `${subsetTag(seed, "cjk")}+DroidSansFallback` });
  const latin = await doc.embedFont(latinFont.bytes, { subset: true, customName: `${subsetTag(seed, "latin")}+DejaVuSans` });
  return new Typeface({ pdf: cjk, font: cjkFont }, { pdf: latin, font: latinFont });
}

/**
 * Text as it may be drawn: CR/LF and lone CR become "\n", a tab a space; other control and format
 * characters (NUL, zero-width joiners, BOM), variation selectors and emoji skin-tone modifiers are dropped — they have no glyph and
 * would otherwise each print as a replacement box.
 */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\t/g, " ")
    .replace(/[\p{Cc}\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/gu, (c) => (c === "\n" ? c : ""))
    .replace(/\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF}/gu, "");
}

/** Advance widths at size 1, per font and character, measured once per process (a line wrap measures each character many times). */
const widthCache = new WeakMap<Font, Map<string, number>>();

type TFace = { pdf: PDFFont; font: TLoadedFont };

/**
 * Draws and measures text in two fonts: each character in the CJK font when it has the glyph, else in the
 * Latin one, else a replacement box. Callers pass text through `cleanText` first (drawing never fails on
 * what is left, but a control character would be a box).
 */
export class Typeface {
  private readonly widths: [Map<string, number>, Map<string, number>];
  private readonly faces: [TFace, TFace];
  constructor(cjk: TFace, latin: TFace) {
    const cache = (f: TLoadedFont) => {
      let m = widthCache.get(f.parsed);
      if (!m) widthCache.set(f.parsed, (m = new Map()));
      return m;
    };
    this.faces = [cjk, latin];
    this.widths = [cache(cjk.font), cache(latin.font)];
  }

  /** Which face draws `ch` (0 CJK, 1 Latin) and the character actually drawn (the replacement when neither has it). */
  private pick(ch: string): [0 | 1, string] {
    const cp = ch.codePointAt(0)!;
    if (this.faces[0].font.characters.has(cp)) return [0, ch];
    if (this.faces[1].font.characters.has(cp)) return [1, ch];
    return this.faces[1].font.characters.has(REPLACEMENT_CHARACTER.codePointAt(0)!) ? [1, REPLACEMENT_CHARACTER] : [1, "?"];
  }

  /** Whether some font has a glyph for `ch` (else it prints as the replacement). */
  has(ch: string): boolean {
    return this.pick(ch)[1] === ch;
  }

  private runs(text: string): [PDFFont, string][] {
    const out: [PDFFont, string][] = [];
    let lastFace = -1;
    for (const ch of text) {
      const [i, drawn] = this.pick(ch);
      const last = out[out.length - 1];
      if (last && lastFace === i) last[1] += drawn;
      else out.push([this.faces[i].pdf, drawn]);
      lastFace = i;
    }
    return out;
  }

  /** The sum of the characters' advance widths: what pdf-lib's own measure adds up (it lays out glyphs, no kerning). */
  width(text: string, size: number): number {
    let w = 0;
    for (const ch of text) {
      const [i, drawn] = this.pick(ch);
      const cache = this.widths[i];
      let cw = cache.get(drawn);
      if (cw === undefined) {
        cw = this.faces[i].pdf.widthOfTextAtSize(drawn, 1);
        cache.set(drawn, cw);
      }
      w += cw;
    }
    return w * size;
  }

  /**
   * Draws one line with its baseline at (x, y) in the page's current coordinates. `bold` strokes the glyph
   * outlines as well as filling them (neither font has a bold face).
   */
  draw(page: PDFPage, text: string, at: { x: number; y: number; size: number; color: RGB; bold?: boolean }) {
    if (at.bold) page.pushOperators(pushGraphicsState(), setTextRenderingMode(TextRenderingMode.FillAndOutline), setLineWidth(at.size * 0.035), setStrokingColor(at.color));
    let x = at.x;
    for (const [font, s] of this.runs(text)) {
      page.drawText(s, { x, y: at.y, size: at.size, font, color: at.color });
      x += this.width(s, at.size);
    }
    if (at.bold) page.pushOperators(popGraphicsState());
  }
}

/** Characters a line should not start with (Chinese and Latin closing punctuation): the character before moves down with them. */
const noLineStart = new Set(Array.from("，。、；：！？）」』》〉】〕”’…—,.;:!?)]}%"));
/** Characters a line should not end with (opening brackets and quotes): they move down with what they open. */
const noLineEnd = new Set(Array.from("（「『《〈【〔“‘"));

/** Breaks a line into units that are not split: runs of Latin, Greek or Cyrillic letters, digits and ASCII punctuation (a word), and single other characters (Chinese, spaces). */
function units(line: string): string[] {
  return line.match(/[\u0021-\u007e\u00a1-\u024f\u0370-\u04ff]+|[^]/gu) ?? [];
}

/**
 * Breaks `text` into lines no wider than `width`. "\n" starts a new line; Chinese wraps between any two
 * characters but a line does not start with closing punctuation; Latin wraps at spaces, and a word wider
 * than the line is broken anyway. `firstIndent` narrows the first line of each "\n"-line (首行缩进).
 */
export function wrapText(face: Typeface, text: string, size: number, width: number, opts: { firstIndent?: number } = {}): string[] {
  const out: string[] = [];
  for (const raw of cleanText(text).split("\n")) {
    let line: string[] = [];
    let lw = 0;
    let limit = width - (opts.firstIndent ?? 0);
    const flush = () => {
      while (line.length && /^\s$/u.test(line[line.length - 1]!)) line.pop();
      out.push(line.join(""));
      line = [];
      lw = 0;
      limit = width;
    };
    for (const u of units(raw)) {
      const uw = face.width(u, size);
      const space = /^\s$/u.test(u);
      if (lw + uw <= limit || (space && line.length > 0)) {
        // A space that overflows stays (it is trimmed at the break) so the next word goes to the next line.
        line.push(u);
        lw += uw;
        continue;
      }
      if (space) continue; // a space at the start of a wrapped line
      if (uw > limit) {
        // A word wider than a line: as much as fits here, the rest on lines of its own.
        for (const ch of u) {
          const cw = face.width(ch, size);
          if (lw + cw > limit && line.length) flush();
          line.push(ch);
          lw += cw;
        }
        continue;
      }
      if (noLineStart.has(Array.from(u)[0]!) && line.length > 1 && !/^\s$/u.test(line[line.length - 1]!)) {
        const prev = line.pop()!;
        flush();
        line.push(prev, u);
        lw = face.width(prev, size) + uw;
        continue;
      }
      const carried = line.length > 1 && noLineEnd.has(line[line.length - 1]!) ? line.pop()! : null;
      if (line.length) flush();
      if (carried) {
        line.push(carried);
        lw += face.width(carried, size);
      }
      line.push(u);
      lw += uw;
    }
    flush();
  }
  return out;
}
