import type { Database } from "@yanxiu/db/client";
import type { FileStore } from "@yanxiu/services/files";
import type { Producer } from "@yanxiu/services/queue";
import type { Redis } from "@yanxiu/services/redis";

/** The connections every service factory binds to. */
export type TServiceDeps = { db: Database; files: FileStore; producer: Producer; redis: Redis; checkInSecret: string };
