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
  put(key: string, body: Readable | Buffer): Promise<void>;
  read(key: string): Readable;
  /** A local path for libraries that need one (the spreadsheet reader); the file must exist. */
  localPath(key: string): string;
  /** A local path to write `key` to directly (its folder made); for writers that need a path. */
  prepareLocal(key: string): Promise<string>;
  exists(key: string): Promise<boolean>;
  size(key: string): Promise<number>;
}

const keyShape = /^[0-9a-f-]{36}\/[a-z]+\/[0-9a-f-]{36}\.(xlsx|csv)$/;

export function fileKey(tenantId: string, area: string, id: string, ext: "xlsx" | "csv"): string {
  const key = `${tenantId}/${area}/${id}.${ext}`;
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
      const tmp = `${p}.part`;
      if (Buffer.isBuffer(body)) await fs.writeFile(tmp, body);
      else await pipeline(body, createWriteStream(tmp));
      await fs.rename(tmp, p);
    },
    read(key) {
      return createReadStream(resolve(key));
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
