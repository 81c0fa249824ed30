import { UnrecoverableError, type Job } from "bullmq";
import { recordAuditEvent } from "@yanxiu/db/audit";
import type { Database } from "@yanxiu/db/client";
import { AppError, toAppError } from "@yanxiu/domain/errors";
import { signInAuditJob } from "@yanxiu/domain/jobs";

/**
 * Job handlers are thin: parse the payload with the contract's schema, call one service, and turn
 * errors into BullMQ's outcome through the one error table (retry, or UnrecoverableError).
 */
export function createAuditHandler(deps: { db: Database; log: (msg: string, extra?: object) => void }) {
  return async (job: Job) => {
    try {
      if (job.name !== signInAuditJob.name) throw new AppError("badRequest", `unknown job ${job.name}`);
      const parsed = signInAuditJob.payload.safeParse(job.data);
      if (!parsed.success) throw new AppError("badRequest", `invalid ${job.name} payload: ${parsed.error.message}`);
      const p = parsed.data;
      const tenant = await deps.db.findTenant({ id: p.tenantId });
      if (!tenant) throw new AppError("tenantNotFound", `unknown tenant ${p.tenantId}`);
      return await recordAuditEvent({
        db: deps.db,
        tenantId: p.tenantId,
        actorId: p.actorId,
        eventId: p.eventId,
        action: "signIn",
        occurredAt: new Date(p.occurredAt),
      });
    } catch (e) {
      const err = toAppError(e);
      deps.log(`job ${job.queueName}/${job.name} ${job.id} failed: ${err.code}: ${err.message}`);
      if (!err.retryable) throw new UnrecoverableError(`${err.code}: ${err.message}`);
      throw err;
    }
  };
}
