import { and, eq, lt, sql } from "drizzle-orm";
import { certificateJob } from "@yanxiu/domain/jobs";
import type { Database } from "@yanxiu/db/client";
import type { Producer } from "../platform/queue.ts";
import { certificate } from "@yanxiu/db/schema";

/** Puts one certificate's rendering on the `certificates` queue; the job id is the certificate id, so twice is once. */
export async function enqueueCertificate(producer: Producer, tenantId: string, certificateId: string) {
  await producer.add(certificateJob, { v: 1, tenantId, certificateId }, { jobId: certificateId });
}

/**
 * The safety net for a crash between a completion's commit and the enqueue of its certificate job:
 * every certificate of every tenant still pending after `olderThanSeconds` is enqueued (again). Jobs
 * still known to the queue under that id are not duplicated. Returns how many were enqueued.
 */
export async function enqueuePendingCertificates(opts: { db: Database; producer: Producer; olderThanSeconds?: number; limit?: number }): Promise<number> {
  const older = opts.olderThanSeconds ?? 30;
  let n = 0;
  for (const t of await opts.db.listTenants()) {
    const rows = await opts.db.withTenant(t.id, (tx) =>
      tx
        .select({ id: certificate.id })
        .from(certificate)
        .where(and(eq(certificate.tenantId, t.id), eq(certificate.status, "pending"), lt(certificate.createdAt, sql`now() - make_interval(secs => ${older})`)))
        .limit(opts.limit ?? 1000),
    );
    for (const r of rows) {
      await enqueueCertificate(opts.producer, t.id, r.id);
      n++;
    }
  }
  return n;
}
