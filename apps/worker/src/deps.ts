import type { Database } from "@yanxiu/db/client";
import type { FileStore } from "@yanxiu/services/files";
import type { Producer } from "@yanxiu/services/queue";
import type { Redis } from "@yanxiu/services/redis";
import type { Log } from "./handlers.ts";

/** What every job handler factory gets. */
export type TWorkerDeps = { db: Database; files: FileStore; producer: Producer; redis: Redis; log: Log };
