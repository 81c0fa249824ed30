/** Size limits shared by every entry point: what a user may send before it is refused. */
export const limits = {
  /** HTTP request bodies (forms, JSON) — uploads get their own route-level limits later. */
  httpBodyBytes: 1024 * 1024,
  /** An uploaded spreadsheet (roster import): the only route allowed a body this large. */
  uploadBytes: 20 * 1024 * 1024,
  /** One socket.io message. */
  socketMessageBytes: 64 * 1024,
} as const;

/**
 * Whether user text contains a NUL (U+0000). Postgres refuses it in every text value, so it would fail deep
 * inside a query as a 500; every entry point refuses it up front instead, with a bad request.
 */
export function hasNulByte(text: string): boolean {
  return text.includes("\u0000");
}

/** Whether a raw request target (path and query, still percent-encoded) decodes to a NUL anywhere. */
export function urlHasNulByte(rawUrl: string): boolean {
  return /%00/i.test(rawUrl) || hasNulByte(rawUrl);
}
