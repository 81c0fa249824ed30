/**
 * An image's dimensions read from its real structure, chunk by chunk as an upload streams past: the JPEG
 * frame header (SOF) after walking the segments from SOI, the PNG IHDR chunk with its CRC, the WebP VP8 /
 * VP8L / VP8X header. The first bytes alone (what the sniffer looked at) say nothing: a JPEG magic number
 * followed by SVG text is not an image, and anything that does not parse up to its dimensions is refused.
 * Memory stays constant: segment bodies are skipped, never buffered.
 */
export type ImageDimensions = { width: number; height: number };
export type ImageMime = "image/jpeg" | "image/png" | "image/webp";
export type DimensionsReader = { push(chunk: Buffer): void; finish(): ImageDimensions | null };

/** What a parser asks of the stream: the next n bytes, or to pass over n bytes. */
type Want = { read: number } | { skip: number };
type Parser = Generator<Want, ImageDimensions | null, Buffer | undefined>;

/** Runs a parser over bytes arriving in any chunk sizes. */
function drive(parser: Parser): DimensionsReader {
  let result: ImageDimensions | null | undefined;
  let pending: Buffer = Buffer.alloc(0);
  let want: Want | undefined;
  const step = (input: Buffer | undefined) => {
    const r = parser.next(input);
    if (r.done) {
      result = r.value;
      pending = Buffer.alloc(0);
    } else want = r.value;
  };
  step(undefined);
  return {
    push(chunk) {
      if (result !== undefined) return;
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (result === undefined && want) {
        if ("skip" in want) {
          const n = Math.min(want.skip, pending.length);
          pending = pending.subarray(n);
          want = { skip: want.skip - n };
          if (want.skip > 0) return;
          step(undefined);
        } else {
          if (pending.length < want.read) return;
          const bytes = Buffer.from(pending.subarray(0, want.read));
          pending = pending.subarray(want.read);
          step(bytes);
        }
      }
    },
    finish: () => result ?? null,
  };
}

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function* jpeg(): Parser {
  const soi = (yield { read: 2 })!;
  if (soi[0] !== 0xff || soi[1] !== 0xd8) return null;
  for (;;) {
    let b = (yield { read: 1 })![0]!;
    if (b !== 0xff) return null;
    // Any number of 0xFF fill bytes may precede a marker.
    while (b === 0xff) b = (yield { read: 1 })![0]!;
    const marker = b;
    // Before the frame header only table, application and comment segments may come: a marker outside
    // C0–FE (such as "<", 0x3C) or SOI / EOI / SOS / RSTn here means these are not JPEG segments.
    if (marker < 0xc0 || (marker >= 0xd0 && marker <= 0xda)) return null;
    const len = (yield { read: 2 })!.readUInt16BE(0);
    if (len < 2) return null;
    if (isSof(marker)) {
      if (len < 8) return null;
      const sof = (yield { read: 6 })!;
      const precision = sof[0]!;
      const height = sof.readUInt16BE(1);
      const width = sof.readUInt16BE(3);
      const components = sof[5]!;
      if (![8, 12, 16].includes(precision) || width < 1 || height < 1 || components < 1 || components > 4 || len !== 8 + 3 * components) return null;
      return { width, height };
    }
    yield { skip: len - 2 };
  }
}

let crcTable: Uint32Array | undefined;
function crc32(bytes: Buffer): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Bit depths allowed per PNG colour type. */
const pngDepths: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

function* png(): Parser {
  if (!(yield { read: 8 })!.equals(pngSignature)) return null;
  const header = (yield { read: 8 })!;
  if (header.readUInt32BE(0) !== 13 || header.toString("latin1", 4, 8) !== "IHDR") return null;
  const ihdr = (yield { read: 13 })!;
  const crc = (yield { read: 4 })!.readUInt32BE(0);
  if (crc32(Buffer.concat([header.subarray(4), ihdr])) !== crc) return null;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const [depth, colour, compression, filter, interlace] = [ihdr[8]!, ihdr[9]!, ihdr[10]!, ihdr[11]!, ihdr[12]!];
  if (width < 1 || height < 1 || width > 0x7fffffff || height > 0x7fffffff) return null;
  if (!pngDepths[colour]?.includes(depth) || compression !== 0 || filter !== 0 || interlace > 1) return null;
  return { width, height };
}

function* webp(): Parser {
  const riff = (yield { read: 12 })!;
  if (riff.toString("latin1", 0, 4) !== "RIFF" || riff.toString("latin1", 8, 12) !== "WEBP") return null;
  const chunk = (yield { read: 8 })!;
  const kind = chunk.toString("latin1", 0, 4);
  if (kind === "VP8 ") {
    const h = (yield { read: 10 })!;
    // A key frame (bit 0 clear), then the start code 9D 01 2A, then 14-bit width and height.
    if ((h[0]! & 1) !== 0 || h[3] !== 0x9d || h[4] !== 0x01 || h[5] !== 0x2a) return null;
    const width = h.readUInt16LE(6) & 0x3fff;
    const height = h.readUInt16LE(8) & 0x3fff;
    return width > 0 && height > 0 ? { width, height } : null;
  }
  if (kind === "VP8L") {
    const h = (yield { read: 5 })!;
    if (h[0] !== 0x2f) return null;
    const bits = h.readUInt32LE(1);
    if (bits >>> 29 !== 0) return null; // version must be 0
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (kind === "VP8X") {
    const h = (yield { read: 10 })!;
    const width = h.readUIntLE(4, 3) + 1;
    const height = h.readUIntLE(7, 3) + 1;
    return width * height <= 0xffffffff ? { width, height } : null;
  }
  return null;
}

export function imageDimensionsReader(mime: ImageMime): DimensionsReader {
  return drive(mime === "image/jpeg" ? jpeg() : mime === "image/png" ? png() : webp());
}

/** The dimensions of a whole image in memory, or null when it does not parse. */
export function imageDimensions(mime: ImageMime, bytes: Buffer): ImageDimensions | null {
  const r = imageDimensionsReader(mime);
  r.push(bytes);
  return r.finish();
}
