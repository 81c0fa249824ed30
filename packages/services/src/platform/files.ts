import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { AppError } from "@yanxiu/domain/errors";

/**
 * Where uploaded and generated files live. Now a folder shared by web and worker on one machine; the
 * interface is what an object store (S3, OSS) will implement when there are several machines.
 * Keys always start with the tenant id, so one tenant's files are never addressed through another's.
 */
export interface FileStore {
  /** Writes `key` from a stream (never held in memory); if the stream fails, nothing is left under the key. */
  put(key: string, body: Readable | Buffer): Promise<void>;
  read(key: string): Readable;
  /** Bytes `start`..`endInclusive` of `key` (what an HTTP Range or an object store's ranged GET returns). */
  readRange(key: string, start: number, endInclusive: number): Readable;
  /** Deletes `key` (and any half-written part of it); deleting what is not there is no error. */
  remove(key: string): Promise<void>;
  /** A local path for libraries that need one (the spreadsheet reader); the file must exist. */
  localPath(key: string): string;
  /** A local path to write `key` to directly (its folder made); for writers that need a path. */
  prepareLocal(key: string): Promise<string>;
  exists(key: string): Promise<boolean>;
  size(key: string): Promise<number>;
}

/** Spreadsheets under any area (imports, exports, reports), uploaded media under `media`, generated certificates under `certificates`, annual reports' PDFs under `reports`. */
const keyShape = /^[0-9a-f-]{36}\/(?:[a-z]+\/[0-9a-f-]{36}\.(?:xlsx|csv)|media\/[0-9a-f-]{36}\.(?:mp4|webm|pdf|png|jpg|webp|docx)|certificates\/[0-9a-f-]{36}\.pdf|reports\/[0-9a-f-]{36}\.pdf)$/;

export type TMediaExtension = "mp4" | "webm" | "pdf" | "png" | "jpg" | "webp" | "docx";

export function fileKey(tenantId: string, area: string, id: string, ext: "xlsx" | "csv"): string {
  const key = `${tenantId}/${area}/${id}.${ext}`;
  if (!keyShape.test(key)) throw new AppError("badRequest", "bad file key");
  return key;
}

export function mediaFileKey(tenantId: string, id: string, ext: TMediaExtension): string {
  const key = `${tenantId}/media/${id}.${ext}`;
  if (!keyShape.test(key)) throw new AppError("badRequest", "bad file key");
  return key;
}

/** A certificate's generated PDF: one per certificate id, written again only while it is pending. */
export function certificateFileKey(tenantId: string, certificateId: string): string {
  const key = `${tenantId}/certificates/${certificateId}.pdf`;
  if (!keyShape.test(key)) throw new AppError("badRequest", "bad file key");
  return key;
}

/** An annual quality report's PDF (decision 030): one per report id. */
export function reportFileKey(tenantId: string, reportId: string): string {
  const key = `${tenantId}/reports/${reportId}.pdf`;
  if (!keyShape.test(key)) throw new AppError("badRequest", "bad file key");
  return key;
}

export function createFileStore(root: string): FileStore {
  const resolve = (key: string) => {
    if (!keyShape.test(key)) throw new AppError("badRequest", "bad file key");
    return path.join(root, key);
  };
  return {
    async put(key, body) {
      const p = resolve(key);
      await fs.mkdir(path.dirname(p), { recursive: true });
      // Its own temporary name: two writers of one key (two renders at once) must not share one; the last rename wins whole.
      const tmp = `${p}.${randomUUID()}.part`;
      try {
        if (Buffer.isBuffer(body)) await fs.writeFile(tmp, body);
        else await pipeline(body, createWriteStream(tmp));
        await fs.rename(tmp, p);
      } catch (e) {
        await fs.rm(tmp, { force: true });
        throw e;
      }
    },
    read(key) {
      return createReadStream(resolve(key));
    },
    readRange(key, start, endInclusive) {
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(endInclusive) || start < 0 || endInclusive < start) {
        throw new AppError("badRequest", "bad byte range");
      }
      return createReadStream(resolve(key), { start, end: endInclusive });
    },
    async remove(key) {
      const p = resolve(key);
      await fs.rm(p, { force: true });
      await fs.rm(`${p}.part`, { force: true });
    },
    localPath(key) {
      return resolve(key);
    },
    async prepareLocal(key) {
      const p = resolve(key);
      await fs.mkdir(path.dirname(p), { recursive: true });
      return p;
    },
    async exists(key) {
      return fs.access(resolve(key)).then(() => true, () => false);
    },
    async size(key) {
      return (await fs.stat(resolve(key))).size;
    },
  };
}
