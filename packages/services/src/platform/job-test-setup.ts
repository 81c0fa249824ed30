import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll } from "vitest";
import { testDatabase, testOwnerDatabase, testRedis } from "../testing.ts";
import { createFileStore } from "./files.ts";
import { createProducer } from "./queue.ts";

/**
 * What the tests of a job that reads or writes files share (imports, exports, reports; it registers a vitest
 * hook): the owner and app database handles, Redis with a producer on a queue prefix of the test's own, and a
 * file store in a temporary folder — all closed and removed after the file's tests.
 */
export function jobTestSetup(name: string) {
  const owner = testOwnerDatabase();
  const db = testDatabase();
  const redis = testRedis();
  const producer = createProducer(redis, { prefix: `test-${randomUUID().slice(0, 8)}` });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `yx-${name}-`));
  const files = createFileStore(dir);
  afterAll(async () => {
    await producer.close();
    redis.disconnect();
    await db.close();
    await owner.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { owner, db, redis, producer, dir, files };
}
