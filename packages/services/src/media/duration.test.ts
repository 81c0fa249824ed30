import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mp4DurationReader, mvhdDuration, videoDurationSeconds, webmDurationReader } from "./duration.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** Feeds the bytes in chunks of `n`, as a network upload would arrive. */
function inChunks(reader: { push(b: Buffer): void; finish(): number | null }, bytes: Buffer, n: number) {
  for (let i = 0; i < bytes.length; i += n) reader.push(bytes.subarray(i, i + n));
  return reader.finish();
}

describe("a video's duration is read from its bytes", () => {
  it("an MP4 with moov before mdat lasts 4 s", () => {
    expect(videoDurationSeconds("video/mp4", fixture("lesson.mp4"))).toBeCloseTo(4, 3);
  });

  it("an MP4 with moov after mdat lasts 4 s", () => {
    expect(videoDurationSeconds("video/mp4", fixture("lesson-moov-at-end.mp4"))).toBeCloseTo(4, 3);
  });

  it("a WebM lasts 4 s", () => {
    expect(videoDurationSeconds("video/webm", fixture("lesson.webm"))).toBeCloseTo(4, 3);
  });

  it("gives the same answer whatever the chunk sizes", () => {
    for (const n of [1, 7, 100, 4096]) {
      expect(inChunks(mp4DurationReader(), fixture("lesson-moov-at-end.mp4"), n)).toBeCloseTo(4, 3);
      expect(inChunks(mp4DurationReader(), fixture("lesson.mp4"), n)).toBeCloseTo(4, 3);
      expect(inChunks(webmDurationReader(), fixture("lesson.webm"), n)).toBeCloseTo(4, 3);
    }
  });

  it("reads version 1 (64-bit) mvhd boxes", () => {
    const body = Buffer.alloc(32);
    body[0] = 1;
    body.writeUInt32BE(90_000, 20);
    body.writeBigUInt64BE(90_000n * 125n, 24);
    expect(mvhdDuration(body)).toBe(125);
    // And a whole file built around it: ftyp, a big-size (size = 1) mdat, then moov with that mvhd.
    const box = (type: string, payload: Buffer) => Buffer.concat([u32(8 + payload.length), Buffer.from(type, "latin1"), payload]);
    const ftyp = box("ftyp", Buffer.from("isom\0\0\0\0isom", "latin1"));
    const mdatPayload = Buffer.alloc(1000);
    const mdat = Buffer.concat([u32(1), Buffer.from("mdat"), u64(16 + mdatPayload.length), mdatPayload]);
    const moov = box("moov", box("mvhd", body));
    expect(videoDurationSeconds("video/mp4", Buffer.concat([ftyp, mdat, moov]))).toBe(125);
  });
});

describe("a video whose duration cannot be read gives null", () => {
  it("a truncated MP4 (moov cut off) has no duration", () => {
    const mp4 = fixture("lesson-moov-at-end.mp4");
    expect(videoDurationSeconds("video/mp4", mp4.subarray(0, mp4.length - 200))).toBeNull();
  });

  it("an MP4 without moov has no duration", () => {
    const mp4 = fixture("lesson.mp4");
    expect(videoDurationSeconds("video/mp4", mp4.subarray(0, 32))).toBeNull();
  });

  it("a box claiming to be smaller than its header is refused", () => {
    const bad = Buffer.concat([u32(24), Buffer.from("ftypisom\0\0\0\0isomiso2"), u32(4), Buffer.from("moov")]);
    expect(videoDurationSeconds("video/mp4", bad)).toBeNull();
  });

  it("a WebM cut before its Info has no duration", () => {
    expect(videoDurationSeconds("video/webm", fixture("lesson.webm").subarray(0, 40))).toBeNull();
  });

  it("a WebM whose Info lacks Duration (as live recordings do) has none", () => {
    const webm = Buffer.from(fixture("lesson.webm"));
    const at = webm.indexOf(Buffer.from([0x44, 0x89]));
    expect(at).toBeGreaterThan(0);
    webm[at] = 0x44;
    webm[at + 1] = 0x8a; // another id: no Duration any more
    expect(videoDurationSeconds("video/webm", webm)).toBeNull();
  });

  it("random bytes have no duration", () => {
    const junk = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251));
    expect(videoDurationSeconds("video/mp4", junk)).toBeNull();
    expect(videoDurationSeconds("video/webm", junk)).toBeNull();
  });
});

function u32(n: number) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
function u64(n: number) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
