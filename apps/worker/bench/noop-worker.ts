/**
 * The baseline of the throughput benchmark: a BullMQ worker that does nothing with each job, on the
 * same Redis and with the same concurrency as the real one. Usage: noop-worker.ts <redisUrl> <prefix> <concurrency>
 */
import { Worker } from "bullmq";
import { createRedis } from "@yanxiu/services/redis";
import { queues } from "@yanxiu/domain/jobs";

const [redisUrl, prefix, concurrency] = process.argv.slice(2) as [string, string, string];
const redis = createRedis(redisUrl, { maxRetriesPerRequest: null });
const worker = new Worker(queues.progress, async () => {}, { connection: redis, prefix, concurrency: Number(concurrency) });
await worker.waitUntilReady();
console.log("[noop] consuming queues \"progress\"");
process.on("SIGTERM", () => void worker.close().then(() => process.exit(0)));
