import { Queue, type JobsOptions } from "bullmq";
import type { z } from "zod";
import { AppError } from "@yanxiu/domain/errors";
import type { TJobDefinition } from "@yanxiu/domain/jobs";
import type { Redis } from "./redis.ts";

export type Producer = {
  /** Validates the payload against the job's contract, then adds it with a deterministic job id. */
  add<D extends TJobDefinition>(def: D, payload: z.input<D["payload"]>, opts: { jobId: string } & JobsOptions): Promise<void>;
  /** How many jobs of one queue are in each state (BullMQ's `getJobCounts`), for the operator's home. */
  counts(queue: string): Promise<TQueueCounts>;
  close(): Promise<void>;
};

export const queueCountStates = ["waiting", "active", "delayed", "failed", "completed"] as const;
export type TQueueCounts = Record<(typeof queueCountStates)[number], number>;

/** `prefix` keeps a test's queues apart from every other's on the same Redis. */
export function createProducer(redis: Redis, opts: { prefix?: string } = {}): Producer {
  const queues = new Map<string, Queue>();
  const queue = (name: string) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: redis, prefix: opts.prefix });
      queues.set(name, q);
    }
    return q;
  };
  return {
    async add(def, payload, jobOpts) {
      const parsed = def.payload.safeParse(payload);
      if (!parsed.success) throw new AppError("badRequest", `invalid ${def.name} payload`);
      await queue(def.queue).add(def.name, parsed.data, {
        attempts: 5,
        backoff: { type: "exponential", delay: 1000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
        ...jobOpts,
      });
    },
    async counts(name) {
      const c = await queue(name).getJobCounts(...queueCountStates);
      return Object.fromEntries(queueCountStates.map((k) => [k, c[k] ?? 0])) as TQueueCounts;
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
