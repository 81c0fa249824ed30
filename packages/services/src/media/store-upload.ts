import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { AppError } from "@yanxiu/domain/errors";
import { fileExtension, filePolicy, sniffFileType, ZUploadRequest, type TFilePurpose, type TSniffedType } from "@yanxiu/domain/courses";
import type { Database } from "@yanxiu/db/client";
import { canAuthor } from "../courses/common.ts";
import { mediaFileKey, type FileStore, type TMediaExtension } from "../platform/files.ts";
import type { TActor } from "../org/scope.ts";
import { storedFile } from "@yanxiu/db/schema";
import { validation, type MediaValidation } from "./validate.ts";
import { parseInput } from "../common/parse-input.ts";

export type TStoredFileView = { id: string; mime: string; size: number; originalName: string; durationSeconds: number | null };

/** stored_file.size is a Postgres integer; nothing larger can be recorded. */
const maxRecordable = 2 ** 31 - 1;
/** Bytes needed to sniff a type. */
const sniffBytes = 16;

/**
 * Who may upload for which purpose: course media and covers are authors' work; anyone hands in an
 * assignment or a credit proof. Anyone signed in may upload a studio file: the upload names no studio,
 * so membership is checked when a host or co-host files it in the library or the outputs (the file must be
 * their own upload), and a file no studio names is readable by its uploader only. Live slides likewise:
 * the upload names no session; `slides:use` checks the uploader's role in the room (a studio's host is a
 * master teacher, not an author).
 */
export function mayUpload(actor: TActor, purpose: TFilePurpose): boolean {
  return purpose === "assignment" || purpose === "creditProof" || purpose === "studioResource" || purpose === "liveSlides" || purpose === "projectBrief" || purpose === "projectReport" || canAuthor(actor);
}

/** The size limit for a purpose (a smaller `override` is for tests). */
export function uploadLimit(purpose: TFilePurpose, override?: number): number {
  return Math.min(filePolicy[purpose].maxBytes, override ?? Infinity, maxRecordable);
}

const asBuffer = (chunk: unknown): Buffer => (Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));

/**
 * Streams an upload into the file store, checking it on the way: the type from its first bytes (never the
 * name), the purpose's size limit, and that a video's duration / a PDF's end marker can be read. Refused
 * uploads leave nothing behind (no row, no file, no part file). The body is not destroyed on refusal: the
 * caller decides what happens to the rest of the connection.
 */
export async function storeUpload(opts: {
  db: Database;
  files: FileStore;
  actor: TActor;
  purpose: unknown;
  originalName: unknown;
  body: Readable;
  /** What the sender announced (Content-Length): over the limit is refused before a byte is read. */
  declaredBytes?: number;
  maxBytes?: number;
}): Promise<TStoredFileView> {
  const { db, files, actor } = opts;
  const input = parseInput(ZUploadRequest, { purpose: opts.purpose, originalName: opts.originalName });
  if (!mayUpload(actor, input.purpose)) throw new AppError("forbidden", `may not upload ${input.purpose}`);
  const limit = uploadLimit(input.purpose, opts.maxBytes);
  const tooLarge = () => new AppError("fileTooLarge", `over ${limit} bytes`);
  if (opts.declaredBytes !== undefined && opts.declaredBytes > limit) throw tooLarge();

  // The first bytes decide the type, and with it the key, before anything is written.
  const it = opts.body[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  let head = Buffer.alloc(0);
  while (head.length < sniffBytes) {
    const r = await it.next();
    if (r.done) break;
    head = Buffer.concat([head, asBuffer(r.value)]);
  }
  if (head.length > limit) throw tooLarge();
  const mime = sniffFileType(head);
  if (!mime || !filePolicy[input.purpose].types.includes(mime)) {
    throw new AppError("fileTypeRefused", `sniffed ${mime ?? "unknown"} for ${input.purpose}`);
  }

  const id = randomUUID();
  const key = mediaFileKey(actor.tenantId, id, fileExtension[mime] as TMediaExtension);
  const check: MediaValidation = validation(mime);
  let size = head.length;
  async function* bytes() {
    check.push(head);
    yield head;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      const b = asBuffer(r.value);
      size += b.length;
      if (size > limit) throw tooLarge();
      check.push(b);
      yield b;
    }
  }

  try {
    await files.put(key, Readable.from(bytes()));
    const durationSeconds = check.finish();
    await db.withTenant(actor.tenantId, (tx) =>
      tx.insert(storedFile).values({
        tenantId: actor.tenantId,
        id,
        ownerId: actor.actorId,
        purpose: input.purpose,
        mime,
        key,
        size,
        originalName: input.originalName,
        durationSeconds,
      }),
    );
    return { id, mime, size, originalName: input.originalName, durationSeconds };
  } catch (e) {
    await files.remove(key).catch(() => undefined);
    throw e;
  }
}

export type { TSniffedType };
