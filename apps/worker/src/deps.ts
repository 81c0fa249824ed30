import type { Database } from "@yanxiu/db/client";
import type { FileStore } from "@yanxiu/db/files";
import type { Producer } from "@yanxiu/db/queue";
import type { Redis } from "@yanxiu/db/redis";
import type { Log } from "./handlers.ts";

/** What every job handler factory gets. */
export type TWorkerDeps = { db: Database; files: FileStore; producer: Producer; redis: Redis; log: Log };
