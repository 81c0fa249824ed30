/** Size limits shared by every entry point: what a user may send before it is refused. */
export const limits = {
  /** HTTP request bodies (forms, JSON) — uploads get their own route-level limits later. */
  httpBodyBytes: 1024 * 1024,
  /** An uploaded spreadsheet (roster import): the only route allowed a body this large. */
  uploadBytes: 20 * 1024 * 1024,
  /** One socket.io message. */
  socketMessageBytes: 64 * 1024,
} as const;
