/**
 * Reading a video's duration from its bytes while they stream past, with no library and no second pass:
 * MP4 (ISO BMFF: top-level boxes → moov → mvhd) and WebM (EBML: Segment → Info → TimecodeScale × Duration).
 *
 * Each parser is a generator that asks for bytes (`read n`) or to pass bytes by (`skip n`); a small driver
 * feeds it chunks as they arrive. A parser returns the duration in seconds, or null when the file does not
 * say (then the upload counts as corrupt). Memory stays bounded: only small boxes/elements are ever read.
 */

type Ask = { read: number } | { skip: number };
type Parser = Generator<Ask, number | null, Buffer>;

/** The most a parser will hold at once (a long video's moov box is a few MB). */
const maxHeld = 64 * 1024 * 1024;

export type DurationReader = {
  push(chunk: Buffer): void;
  /** The duration in seconds once every byte was pushed; null when it could not be read. */
  finish(): number | null;
};

function drive(parser: Parser): DurationReader {
  let done = false;
  let result: number | null = null;
  let ask: Ask | null = null;
  let held: Buffer[] = [];
  let heldBytes = 0;

  const step = (value: Buffer | undefined) => {
    const r = value === undefined ? parser.next() : parser.next(value);
    if (r.done) {
      done = true;
      result = r.value;
      held = [];
      ask = null;
    } else {
      ask = r.value;
    }
  };
  step(undefined);

  return {
    push(chunk) {
      let rest = chunk;
      while (!done && ask && rest.length > 0) {
        if ("skip" in ask) {
          const n = Math.min(ask.skip, rest.length);
          rest = rest.subarray(n);
          const left = ask.skip - n;
          if (left > 0) ask = { skip: left };
          else step(Buffer.alloc(0));
        } else {
          const want = ask.read - heldBytes;
          const take = rest.subarray(0, want);
          held.push(take);
          heldBytes += take.length;
          rest = rest.subarray(take.length);
          if (heldBytes === ask.read) {
            const whole = held.length === 1 ? held[0]! : Buffer.concat(held);
            held = [];
            heldBytes = 0;
            step(whole);
          }
        }
      }
      // A skip or read of zero bytes completes at once.
      while (!done && ask && ("skip" in ask ? ask.skip === 0 : ask.read === 0)) step(Buffer.alloc(0));
    },
    finish() {
      return done ? result : null;
    },
  };
}

function* read(n: number): Generator<Ask, Buffer, Buffer> {
  if (n === 0) return Buffer.alloc(0);
  return yield { read: n };
}

function* skip(n: number): Generator<Ask, void, Buffer> {
  if (n > 0) yield { skip: n };
}

const plausible = (seconds: number) => (Number.isFinite(seconds) && seconds > 0 && seconds < 100 * 3600 ? seconds : null);

// ─── MP4 ──────────────────────────────────────────────────────────────────────────────────────────

/** The duration in an mvhd box body (after its 8-byte header): version 0 has 32-bit times, version 1 64-bit. */
export function mvhdDuration(body: Buffer): number | null {
  if (body.length < 4) return null;
  const version = body[0];
  if (version === 0) {
    if (body.length < 20) return null;
    const timescale = body.readUInt32BE(12);
    const duration = body.readUInt32BE(16);
    if (timescale === 0 || duration === 0xffffffff) return null;
    return plausible(duration / timescale);
  }
  if (version === 1) {
    if (body.length < 32) return null;
    const timescale = body.readUInt32BE(20);
    const duration = body.readBigUInt64BE(24);
    if (timescale === 0 || duration === 0xffffffffffffffffn) return null;
    return plausible(Number(duration) / timescale);
  }
  return null;
}

/** Finds mvhd among a moov box's children. */
function durationInMoov(moov: Buffer): number | null {
  let at = 0;
  while (at + 8 <= moov.length) {
    let size = moov.readUInt32BE(at);
    const type = moov.toString("latin1", at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      if (at + 16 > moov.length) return null;
      size = Number(moov.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = moov.length - at;
    }
    if (size < header || at + size > moov.length) return null;
    if (type === "mvhd") return mvhdDuration(moov.subarray(at + header, at + size));
    at += size;
  }
  return null;
}

function* mp4Parser(): Parser {
  for (;;) {
    const head = yield* read(8);
    if (head.length < 8) return null;
    let size = head.readUInt32BE(0);
    const type = head.toString("latin1", 4, 8);
    let header = 8;
    if (size === 1) {
      const large = yield* read(8);
      size = Number(large.readBigUInt64BE(0));
      header = 16;
    } else if (size === 0) {
      // "Extends to the end of the file": no moov can follow, and an open-ended moov is not one we hold.
      return null;
    }
    if (size < header) return null;
    const body = size - header;
    if (type === "moov") {
      if (body > maxHeld) return null;
      return durationInMoov(yield* read(body));
    }
    yield* skip(body);
  }
}

/** Reads an MP4's duration as its bytes stream past (moov before or after mdat). */
export function mp4DurationReader(): DurationReader {
  return drive(mp4Parser());
}

// ─── WebM (EBML / Matroska) ───────────────────────────────────────────────────────────────────────

const ids = {
  ebml: 0x1a45dfa3,
  segment: 0x18538067,
  info: 0x1549a966,
  cluster: 0x1f43b675,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
} as const;

/** Length of a variable-size integer from its first byte (1–8), 0 when invalid. */
function vintLength(first: number): number {
  for (let i = 0; i < 8; i++) if (first & (0x80 >> i)) return i + 1;
  return 0;
}

/** An element id (1–4 bytes, marker bit kept, as the spec writes them). */
function* readId(): Generator<Ask, number | null, Buffer> {
  const first = yield* read(1);
  if (first.length < 1) return null;
  const len = vintLength(first[0]!);
  if (len === 0 || len > 4) return null;
  const rest = yield* read(len - 1);
  let id = first[0]!;
  for (const b of rest) id = id * 256 + b;
  return id;
}

/** An element size; "unknown" when every value bit is 1 (live streams leave Segment and Cluster open). */
function* readSize(): Generator<Ask, number | "unknown" | null, Buffer> {
  const first = yield* read(1);
  if (first.length < 1) return null;
  const len = vintLength(first[0]!);
  if (len === 0) return null;
  const rest = yield* read(len - 1);
  let value = first[0]! & (0xff >> len);
  let allOnes = value === 0xff >> len;
  for (const b of rest) {
    value = value * 256 + b;
    if (b !== 0xff) allOnes = false;
  }
  return allOnes ? "unknown" : value;
}

function readUint(b: Buffer): number {
  let v = 0;
  for (const x of b) v = v * 256 + x;
  return v;
}

/** The duration in an Info element's body. */
export function durationInInfo(info: Buffer): number | null {
  let scale = 1_000_000; // the default: timecodes in milliseconds
  let duration: number | null = null;
  let at = 0;
  const vint = (marker: boolean): [number, number] | null => {
    if (at >= info.length) return null;
    const len = vintLength(info[at]!);
    if (len === 0 || at + len > info.length) return null;
    let v = marker ? info[at]! : info[at]! & (0xff >> len);
    for (let i = 1; i < len; i++) v = v * 256 + info[at + i]!;
    return [v, len];
  };
  while (at < info.length) {
    const id = vint(true);
    if (!id) return null;
    at += id[1];
    const size = vint(false);
    if (!size) return null;
    at += size[1];
    if (at + size[0] > info.length) return null;
    const body = info.subarray(at, at + size[0]);
    if (id[0] === ids.timecodeScale) scale = readUint(body);
    else if (id[0] === ids.duration) duration = body.length === 4 ? body.readFloatBE(0) : body.length === 8 ? body.readDoubleBE(0) : null;
    at += size[0];
  }
  if (duration === null || scale === 0) return null;
  return plausible((duration * scale) / 1e9);
}

function* webmParser(): Parser {
  const headerId = yield* readId();
  if (headerId !== ids.ebml) return null;
  const headerSize = yield* readSize();
  if (typeof headerSize !== "number") return null;
  yield* skip(headerSize);
  // Top level and inside Segment alike: skip what we do not need, step into Segment, read Info.
  for (;;) {
    const id = yield* readId();
    if (id === null) return null;
    const size = yield* readSize();
    if (size === null) return null;
    if (id === ids.segment) continue; // its children follow directly
    if (id === ids.info) {
      if (size === "unknown" || size > maxHeld) return null;
      return durationInInfo(yield* read(size));
    }
    // Info comes before the clusters; a cluster of unknown size cannot be skipped without parsing it.
    if (size === "unknown") return null;
    yield* skip(size);
  }
}

/** Reads a WebM's duration as its bytes stream past. */
export function webmDurationReader(): DurationReader {
  return drive(webmParser());
}

/** Convenience for whole buffers (tests, small files). */
export function videoDurationSeconds(kind: "video/mp4" | "video/webm", bytes: Buffer): number | null {
  const r = kind === "video/mp4" ? mp4DurationReader() : webmDurationReader();
  r.push(bytes);
  return r.finish();
}
