import { AppError } from "@yanxiu/domain/errors";
import { rollupJob } from "@yanxiu/domain/jobs";
import type { TActor } from "../org/scope.ts";
import type { Producer } from "../platform/queue.ts";

/**
 * "立即重新计算": puts one rollup run for the actor's tenant on the queue (province admins only). The job
 * id is fixed per tenant and the job is removed when done, so clicking again while one waits adds nothing.
 */
export async function requestRollup(opts: { producer: Producer; actor: TActor }): Promise<{ queued: true }> {
  const { actor } = opts;
  if (!actor.grants.some((g) => g.role === "provinceAdmin")) throw new AppError("forbidden", "rollups are recomputed by province admins");
  await opts.producer.add(
    rollupJob,
    { v: 1, tenantId: actor.tenantId },
    { jobId: `rollup-now-${actor.tenantId}`, attempts: 3, removeOnComplete: true, removeOnFail: true },
  );
  return { queued: true };
}
