import { z } from "zod";
import { ZCoTeachingAttendedEvent, ZProgressEvent, ZStudioAttendedEvent } from "./progress.ts";

/**
 * Job contracts: a name, a version, and a payload of ids only (never personal data).
 * Web adds jobs, the worker parses them with the same schema before doing anything.
 */
export const queues = {
  audit: "audit",
  imports: "imports",
  exports: "exports",
  progress: "progress",
  certificates: "certificates",
  rollups: "rollups",
  federation: "federation",
  projects: "projects",
} as const;

const ZId = z.uuid();

export const signInAuditJob = {
  queue: queues.audit,
  name: "signInAudit",
  version: 1,
  payload: z.object({
    v: z.literal(1),
    tenantId: ZId,
    actorId: ZId,
    /** The audit row's id: retries of the job write the same row once. */
    eventId: ZId,
    occurredAt: z.iso.datetime(),
    /** The client's address as the web saw it (proxy-aware), for the audit log's 来源地址. Optional: jobs queued before it was added. */
    ip: z.string().max(64).nullable().optional(),
  }),
} as const;
export type TSignInAuditPayload = z.infer<typeof signInAuditJob.payload>;

export type TJobDefinition = {
  queue: string;
  name: string;
  version: number;
  payload: z.ZodType;
};

/** Runs one roster import; its row in roster_import holds the file, the counters and the outcome. */
export const rosterImportJob = {
  queue: queues.imports,
  name: "rosterImport",
  version: 1,
  payload: z.object({ v: z.literal(1), tenantId: ZId, actorId: ZId, importId: ZId }),
} as const;
export type TRosterImportPayload = z.infer<typeof rosterImportJob.payload>;

/** Runs one bulk 学时 import (decision 029); its row in hours_import holds the file, the counters and the outcome. */
export const hoursImportJob = {
  queue: queues.imports,
  name: "hoursImport",
  version: 1,
  payload: z.object({ v: z.literal(1), tenantId: ZId, actorId: ZId, importId: ZId }),
} as const;
export type THoursImportPayload = z.infer<typeof hoursImportJob.payload>;

/** Writes one people-list export; its row in people_export holds the filters, counters and file. */
export const peopleExportJob = {
  queue: queues.exports,
  name: "peopleExport",
  version: 1,
  payload: z.object({ v: z.literal(1), tenantId: ZId, actorId: ZId, exportId: ZId }),
} as const;

/** One learning action (see progress.ts); the job id is the event id, so a redelivery is one event. */
export const progressEventJob = {
  queue: queues.progress,
  name: "progressEvent",
  version: 1,
  payload: ZProgressEvent,
} as const;

/** On the same queue as course events: a studio session's attendance (see ZStudioAttendedEvent). */
export const studioAttendanceJob = {
  queue: queues.progress,
  name: "studioAttended",
  version: 1,
  payload: ZStudioAttendedEvent,
} as const;

/** On the same queue too: a co-teaching session's attendance, lecturer and assistants (see ZCoTeachingAttendedEvent). */
export const coTeachingAttendanceJob = {
  queue: queues.progress,
  name: "coTeachingAttended",
  version: 1,
  payload: ZCoTeachingAttendedEvent,
} as const;

/** Renders one certificate's PDF (its row holds the award, number and verification code). */
export const certificateJob = {
  queue: queues.certificates,
  name: "certificate",
  version: 1,
  payload: z.object({ v: z.literal(1), tenantId: ZId, certificateId: ZId }),
} as const;
export type TCertificatePayload = z.infer<typeof certificateJob.payload>;

/** Recomputes the per-org-unit rollups of one tenant (repeatable, and on demand). */
export const rollupJob = {
  queue: queues.rollups,
  name: "rollup",
  version: 1,
  payload: z.object({ v: z.literal(1), tenantId: ZId }),
} as const;
export type TRollupPayload = z.infer<typeof rollupJob.payload>;

/**
 * The year-end schedule of one province's annual reports (decision 038): daily, on the rollups queue beside
 * the reconcile (both are per-tenant housekeeping); it only stores and queues reports, the exports queue makes them.
 */
export const annualReportScheduleJob = {
  queue: queues.rollups,
  name: "annualReportSchedule",
  version: 1,
  payload: z.object({ v: z.literal(1), tenantId: ZId }),
} as const;

/**
 * Delivers one federation message (see federation.ts): the job id is the message id; the outbox row in the
 * sender's tenant holds the message, the receiver's inbox makes a second delivery a no-op.
 */
export const federationDeliverJob = {
  queue: queues.federation,
  name: "federationDeliver",
  version: 1,
  payload: z.object({ v: z.literal(1), tenantId: ZId, messageId: ZId }),
} as const;
export type TFederationDeliverPayload = z.infer<typeof federationDeliverJob.payload>;

/**
 * Writes a training project's confirmed 学时 into the ledger (decision 027): its confirmation row holds the
 * split and the progress, one row per trainee says what is still pending. Runs again safely at any point.
 */
export const projectCreditsJob = {
  queue: queues.projects,
  name: "projectCredits",
  version: 1,
  payload: z.object({ v: z.literal(1), tenantId: ZId, projectId: ZId }),
} as const;
export type TProjectCreditsPayload = z.infer<typeof projectCreditsJob.payload>;

/** Gathers one annual quality report's figures and renders its PDF (decision 030); its row says how far it is. */
export const annualReportJob = {
  queue: queues.exports,
  name: "annualReport",
  version: 1,
  payload: z.object({ v: z.literal(1), tenantId: ZId, reportId: ZId }),
} as const;
export type TAnnualReportPayload = z.infer<typeof annualReportJob.payload>;
