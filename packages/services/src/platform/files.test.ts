import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createFileStore, fileKey, mediaFileKey } from "./files.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-files-"));
const files = createFileStore(dir);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const tenant = randomUUID();
const readAll = async (s: Readable) => Buffer.concat((await s.toArray()) as Buffer[]);
const allFiles = () => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(dir, p)).isFile());

describe("the local file store", () => {
  it("keys carry the tenant: spreadsheets under an area, media under media/ with a known extension", () => {
    expect(fileKey(tenant, "imports", randomUUID(), "xlsx")).toMatch(new RegExp(`^${tenant}/imports/`));
    expect(mediaFileKey(tenant, randomUUID(), "webm")).toMatch(new RegExp(`^${tenant}/media/.+\\.webm$`));
    expect(() => files.read(`${tenant}/media/${randomUUID()}.exe`)).toThrow();
    expect(() => files.read(`${tenant}/imports/${randomUUID()}.mp4`)).toThrow();
    expect(() => files.read(`../${tenant}/media/${randomUUID()}.pdf`)).toThrow();
  });

  it("reads a byte range, and removes a file (removing it again is no error)", async () => {
    const key = mediaFileKey(tenant, randomUUID(), "pdf");
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
    await files.put(key, Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]));
    expect(await files.size(key)).toBe(300);
    expect((await readAll(files.readRange(key, 10, 19))).equals(bytes.subarray(10, 20))).toBe(true);
    expect((await readAll(files.readRange(key, 299, 299))).equals(bytes.subarray(299))).toBe(true);
    expect(() => files.readRange(key, 5, 4)).toThrow();
    await files.remove(key);
    expect(await files.exists(key)).toBe(false);
    await files.remove(key);
  });

  it("a stream that fails part-way leaves neither the file nor its .part", async () => {
    const key = mediaFileKey(tenant, randomUUID(), "mp4");
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(1000);
        throw new Error("connection lost");
      })(),
    );
    await expect(files.put(key, failing)).rejects.toThrow("connection lost");
    expect(await files.exists(key)).toBe(false);
    expect(allFiles().filter((p) => p.includes(key.split("/")[2]!.slice(0, 36)))).toEqual([]);
  });
});
