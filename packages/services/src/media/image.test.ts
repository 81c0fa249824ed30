import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { imageDimensions, imageDimensionsReader, type ImageMime } from "./image.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');

function inChunks(mime: ImageMime, bytes: Buffer, n: number) {
  const r = imageDimensionsReader(mime);
  for (let i = 0; i < bytes.length; i += n) r.push(bytes.subarray(i, i + n));
  return r.finish();
}

describe("an image's dimensions are read from its structure", () => {
  it("a real JPEG, PNG and WebP (48 × 32, made by Chromium's canvas) give their size whatever the chunk sizes", () => {
    for (const [name, mime] of [["cover.jpg", "image/jpeg"], ["cover.png", "image/png"], ["cover.webp", "image/webp"]] as const) {
      for (const n of [1, 3, 64, 100_000]) expect(inChunks(mime, fixture(name), n)).toEqual({ width: 48, height: 32 });
    }
  });

  it("lossy (VP8) and lossless (VP8L) WebP headers", () => {
    const riff = (kind: string, body: Buffer) => Buffer.concat([Buffer.from("RIFF\0\0\0\0WEBP" + kind, "latin1"), Buffer.alloc(4), body]);
    const vp8 = Buffer.from([0x10, 0, 0, 0x9d, 0x01, 0x2a, 0, 0, 0, 0]);
    vp8.writeUInt16LE(640, 6);
    vp8.writeUInt16LE(480, 8);
    expect(imageDimensions("image/webp", riff("VP8 ", vp8))).toEqual({ width: 640, height: 480 });
    const vp8l = Buffer.alloc(5);
    vp8l[0] = 0x2f;
    vp8l.writeUInt32LE((99 & 0x3fff) | ((49 & 0x3fff) << 14), 1);
    expect(imageDimensions("image/webp", riff("VP8L", vp8l))).toEqual({ width: 100, height: 50 });
    vp8l[0] = 0x3c; // not the VP8L signature
    expect(imageDimensions("image/webp", riff("VP8L", vp8l))).toBeNull();
  });

  it("a magic number followed by SVG text does not decode", () => {
    expect(imageDimensions("image/jpeg", Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), svg]))).toBeNull();
    expect(imageDimensions("image/jpeg", Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from("JFIF\0"), Buffer.alloc(9), svg]))).toBeNull();
    expect(imageDimensions("image/png", Buffer.concat([fixture("cover.png").subarray(0, 8), svg]))).toBeNull();
    expect(imageDimensions("image/webp", Buffer.concat([fixture("cover.webp").subarray(0, 12), svg]))).toBeNull();
  });

  it("a cut file, a PNG header with a wrong checksum or zero width, and a JPEG frame of zero height do not decode", () => {
    const jpg = fixture("cover.jpg");
    const sof = jpg.indexOf(Buffer.from([0xff, 0xc0]));
    expect(sof).toBeGreaterThan(0);
    expect(imageDimensions("image/jpeg", jpg.subarray(0, sof + 6))).toBeNull();
    const zeroHeight = Buffer.from(jpg);
    zeroHeight.writeUInt16BE(0, sof + 5);
    expect(imageDimensions("image/jpeg", zeroHeight)).toBeNull();

    const png = Buffer.from(fixture("cover.png"));
    expect(imageDimensions("image/png", png.subarray(0, 29))).toBeNull();
    png[29] = png[29]! ^ 0xff; // the IHDR CRC
    expect(imageDimensions("image/png", png)).toBeNull();
    const zeroWidth = Buffer.from(fixture("cover.png"));
    zeroWidth.writeUInt32BE(0, 16);
    expect(imageDimensions("image/png", zeroWidth)).toBeNull();
  });
});
