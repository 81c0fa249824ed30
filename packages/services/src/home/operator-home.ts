import { queues } from "@yanxiu/domain/jobs";
import type { Database } from "@yanxiu/db/client";
import type { Producer, TQueueCounts } from "../platform/queue.ts";
import { listTenantStats, type TPlatformActor } from "../tenants/console.ts";

/**
 * The platform operator's home: every province with its status and counts (the tenant console's own read,
 * which refuses anyone but an operator on the platform host), and each queue the worker consumes with its
 * job counts (BullMQ's getJobCounts through the producer, which carries the deployment's queue prefix —
 * the same queues /platform/queues shows). A province is "attention" when suspended; a queue when it
 * holds failed jobs.
 */
export async function readOperatorHome(opts: { db: Database; producer: Producer; actor: TPlatformActor }) {
  const tenants = await listTenantStats({ db: opts.db, actor: opts.actor });
  const queueCounts: { name: string; counts: TQueueCounts }[] = [];
  for (const name of Object.values(queues)) queueCounts.push({ name, counts: await opts.producer.counts(name) });
  return {
    tenants: tenants.map((t) => ({ ...t, healthy: t.status === "active" })),
    queues: queueCounts,
    totals: {
      tenants: tenants.length,
      suspended: tenants.filter((t) => t.status !== "active").length,
      teachers: tenants.reduce((n, t) => n + t.teachers, 0),
      online: tenants.reduce((n, t) => n + t.activeUsers, 0),
      failedJobs: queueCounts.reduce((n, q) => n + q.counts.failed, 0),
      waitingJobs: queueCounts.reduce((n, q) => n + q.counts.waiting + q.counts.delayed, 0),
    },
  };
}

export type TOperatorHome = Awaited<ReturnType<typeof readOperatorHome>>;
