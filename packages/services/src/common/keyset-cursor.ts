import { AppError } from "@yanxiu/domain/errors";

/** An opaque keyset cursor: the last row's sort key (Postgres timestamptz text, microseconds kept) and id. */
export function encodeTimeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString("base64url");
}

/** The cursor back; anything else a client sends is a badRequest on `after`. */
export function decodeTimeCursor(after: string | undefined): { sortKey: string; id: string } | null {
  if (!after) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(after, "base64url").toString("utf8"));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === "string" &&
      /^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)?$/.test(v[0]) &&
      typeof v[1] === "string" &&
      /^[0-9a-f-]{36}$/i.test(v[1])
    )
      return { sortKey: v[0], id: v[1] };
  } catch {
    /* falls through to the refusal */
  }
  throw new AppError("badRequest", "bad cursor", { after: ["badCursor"] });
}
