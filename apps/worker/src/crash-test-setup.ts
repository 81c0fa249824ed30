import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { spawnWorker, type TWorkerChild } from "./chaos-harness.ts";

/**
 * How long the queue or the recorded events may stand still before a crash test gives up on them: at load
 * 33 on two cores, the worker (rendering certificates beside its batches) once went a whole minute without
 * a commit.
 */
export const stallMs = 120_000;

/**
 * The setup the worker's kill -9 tests share (for tests only; it registers an afterAll): database and Redis
 * handles, a queue prefix and a files folder of the file's own, and `spawn`, which starts a real worker
 * child with the environment every such test gives it plus `env`. After the file every spawned worker is
 * killed, whatever `closeAfter` was given is closed (a queue, a producer), then the handles, and the folder
 * is removed.
 */
export function crashTestSetup(name: string, env: Record<string, string>) {
  const prefix = `${name}-${randomUUID().slice(0, 8)}`;
  const owner = testOwnerDatabase();
  const db = testDatabase();
  const redis = testRedis();
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), `yx-${name}-files-`));
  const children: TWorkerChild[] = [];
  const closing: { close(): Promise<unknown> }[] = [];

  afterAll(async () => {
    for (const c of children) await c.kill9();
    for (const c of closing) await c.close();
    await db.close();
    await owner.close();
    redis.disconnect();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  const workerEnv = { DATABASE_URL: testUrls.database, REDIS_URL: testUrls.redis, HEALTH_PORT: "0", QUEUE_PREFIX: prefix, FILE_STORE_DIR: filesDir, ...env };
  return {
    prefix,
    owner,
    db,
    redis,
    /** Starts a worker child (killed after the file if the test has not). */
    spawn(): TWorkerChild {
      const child = spawnWorker(workerEnv);
      children.push(child);
      return child;
    },
    /** `thing`, closed after the file before the handles it uses. */
    closeAfter<T extends { close(): Promise<unknown> }>(thing: T): T {
      closing.push(thing);
      return thing;
    },
  };
}

/** A wait that gave up says what the worker printed last (and whether it is still running). */
export const withOutput = (c: TWorkerChild) => (e: Error) => {
  const state = c.child.exitCode ?? c.child.signalCode ?? "running";
  throw new Error(`${e.message}\nworker (${state}) printed last:\n${c.output.slice(-40).join("\n")}`);
};
