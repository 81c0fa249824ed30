import type { Database } from "@yanxiu/db/client";
import type { FileStore } from "@yanxiu/db/files";
import type { Producer } from "@yanxiu/db/queue";
import type { Redis } from "@yanxiu/db/redis";

/** The connections every service factory binds to. */
export type TServiceDeps = { db: Database; files: FileStore; producer: Producer; redis: Redis; checkInSecret: string };
