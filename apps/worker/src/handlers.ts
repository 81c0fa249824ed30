import { UnrecoverableError, type Job } from "bullmq";
import type { z } from "zod";
import { recordAuditEvent } from "@yanxiu/services/audit";
import type { Database } from "@yanxiu/db/client";
import type { FileStore } from "@yanxiu/services/files";
import { runHoursImport, runRosterImport, type IdNumberHasher } from "@yanxiu/services/imports";
import { runPeopleExport } from "@yanxiu/services/exports";
import { AppError, toAppError } from "@yanxiu/domain/errors";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { annualReportJob, hoursImportJob, peopleExportJob, projectCreditsJob, rosterImportJob, signInAuditJob, type TJobDefinition } from "@yanxiu/domain/jobs";
import { awardProjectCredits } from "@yanxiu/services/projects";
import { runAnnualReport } from "@yanxiu/services/reports";

export type Log = (msg: string) => void;

/**
 * Job handlers are thin: parse the payload with the contract's schema, check the tenant exists, call one
 * service, and turn errors into BullMQ's outcome through the one error table (retry, or UnrecoverableError).
 */
export function handler<D extends TJobDefinition>(
  def: D,
  deps: { db: Database; log: Log },
  run: (payload: z.infer<D["payload"]> & { tenantId: string }, job: Job) => Promise<unknown>,
) {
  return async (job: Job) => {
    try {
      if (job.name !== def.name) throw new AppError("badRequest", `unknown job ${job.name}`);
      const parsed = def.payload.safeParse(job.data);
      if (!parsed.success) throw new AppError("badRequest", `invalid ${job.name} payload: ${parsed.error.message}`);
      const payload = parsed.data as z.infer<D["payload"]> & { tenantId: string };
      const tenant = await deps.db.findTenant({ id: payload.tenantId });
      if (!tenant) throw new AppError("tenantNotFound", `unknown tenant ${payload.tenantId}`);
      return await run(payload, job);
    } catch (e) {
      const err = toAppError(e);
      deps.log(`job ${job.queueName}/${job.name} ${job.id} failed: ${err.code}: ${err.message}`);
      if (!err.retryable) throw new UnrecoverableError(`${err.code}: ${err.message}`);
      throw err;
    }
  };
}

export function createAuditHandler(deps: { db: Database; log: Log }) {
  return handler(signInAuditJob, deps, (p) =>
    recordAuditEvent({ db: deps.db, tenantId: p.tenantId, actorId: p.actorId, eventId: p.eventId, action: "signIn", occurredAt: new Date(p.occurredAt), ip: p.ip ?? null }),
  );
}

/** The imports queue carries roster imports and bulk 学时 imports (decision 029); each job goes to its own handler. */
export function createImportHandler(deps: { db: Database; files: FileStore; log: Log; idNumbers: IdNumberHasher | null }) {
  const roster = handler(rosterImportJob, deps, (p) => runRosterImport({ db: deps.db, files: deps.files, tenantId: p.tenantId, importId: p.importId, idNumbers: deps.idNumbers }));
  const hours = handler(hoursImportJob, deps, (p) => runHoursImport({ db: deps.db, files: deps.files, tenantId: p.tenantId, importId: p.importId, idNumbers: deps.idNumbers }));
  return (job: Job) => (job.name === hoursImportJob.name ? hours(job) : roster(job));
}

/** The words of the UI's catalogue an export writes (an audit action's name), the code itself where none is. */
const exportLabels = {
  auditAction(action: string) {
    const key = `audit.action.${action}` as TMessageKey;
    const text = t(key);
    return text === key ? action : text;
  },
};

/** The exports queue carries list exports and annual quality reports (decision 030); each job goes to its own handler. */
export function createExportHandler(deps: { db: Database; files: FileStore; log: Log }) {
  const list = handler(peopleExportJob, deps, (p) => runPeopleExport({ db: deps.db, files: deps.files, tenantId: p.tenantId, exportId: p.exportId, labels: exportLabels }));
  const report = handler(annualReportJob, deps, (p) => runAnnualReport({ db: deps.db, files: deps.files, tenantId: p.tenantId, reportId: p.reportId }));
  return (job: Job) => (job.name === annualReportJob.name ? report(job) : list(job));
}

/** Writes a training project's confirmed 学时 into the ledger (decision 027); safe to run again at any point. */
export function createProjectCreditsHandler(deps: { db: Database; log: Log }) {
  return handler(projectCreditsJob, deps, (p) => awardProjectCredits({ db: deps.db, tenantId: p.tenantId, projectId: p.projectId }));
}
