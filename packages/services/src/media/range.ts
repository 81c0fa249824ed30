/**
 * HTTP Range (RFC 9110 §14) for one file: which bytes to send. Only single byte ranges are honoured;
 * a header we do not understand, another unit or several ranges mean "send the whole file" (200),
 * which the RFC allows. A syntactically valid range that starts beyond the file is unsatisfiable (416).
 */
export type TByteRange = { kind: "whole" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

export function parseByteRange(header: string | null | undefined, size: number): TByteRange {
  if (!header) return { kind: "whole" };
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return { kind: "whole" };
  const spec = m[1]!.trim();
  if (spec.includes(",")) return { kind: "whole" };
  const r = /^(\d*)-(\d*)$/.exec(spec);
  if (!r || (r[1] === "" && r[2] === "")) return { kind: "whole" };
  if (r[1] === "") {
    // bytes=-n: the last n bytes
    const n = Number(r[2]);
    if (!Number.isSafeInteger(n)) return { kind: "whole" };
    if (n === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(r[1]);
  const end = r[2] === "" ? size - 1 : Number(r[2]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return { kind: "whole" };
  if (r[2] !== "" && end < start) return { kind: "whole" }; // invalid: ignored
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end: Math.min(end, size - 1) };
}
