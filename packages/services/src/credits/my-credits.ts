import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database, Tx } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { externalAwardRequest } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { certificatesOf, loadTeacherInScope, readableLedger } from "./common.ts";
import { chinaDay, currentPolicy, ledgerOf, statusTotals } from "./status.ts";

/** Everything 我的学时 shows for one teacher: totals under the current policy, the ledger, certificates, requests. */
async function creditsOf(tx: Tx, teacherId: string, today: string) {
  const policy = await currentPolicy(tx, today);
  const ledger = await readableLedger(tx, teacherId);
  const totals = statusTotals(policy.rules, await ledgerOf(tx, teacherId), today);
  const certificates = await certificatesOf(tx, teacherId, ledger);
  const requests = await tx
    .select()
    .from(externalAwardRequest)
    .where(eq(externalAwardRequest.teacherId, teacherId))
    .orderBy(desc(externalAwardRequest.createdAt));
  return {
    policyVersion: policy.version,
    policy: policy.rules,
    /** The credit scheme in effect (decision 025): totals are in its unit; null under the simple policy (学时). */
    scheme: policy.scheme,
    today,
    totals,
    ledger,
    certificates,
    requests: requests.map((r) => ({
      id: r.id,
      title: r.title,
      issuer: r.issuer,
      certificateNo: r.certificateNo,
      hours: Number(r.hours),
      category: r.category,
      organiserLevel: r.organiserLevel,
      completedOn: r.completedOn,
      proofFileId: r.proofFileId,
      status: r.status,
      comment: r.comment,
      createdAt: r.createdAt,
    })),
  };
}

export type TCreditsView = Awaited<ReturnType<typeof creditsOf>>;

/** The signed-in teacher's own 学时. */
export async function myCredits(opts: { db: Database; actor: TActor; today?: string }): Promise<TCreditsView> {
  return opts.db.withTenant(opts.actor.tenantId, (tx) => creditsOf(tx, opts.actor.actorId, opts.today ?? chinaDay()));
}

const ZTeacherId = z.object({ teacherId: z.uuid("notFound") });

/** One teacher's 学时 as an admin in scope sees them (out of scope or absent: notFound). */
export async function teacherCredits(opts: { db: Database; actor: TActor; teacherId: string; today?: string }) {
  const { teacherId } = parseInput(ZTeacherId, { teacherId: opts.teacherId });
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    const teacher = await loadTeacherInScope(tx, opts.actor, teacherId);
    return { teacher: { id: teacher.userId, name: teacher.name, teacherNo: teacher.teacherNo, schoolName: teacher.schoolName }, ...(await creditsOf(tx, teacherId, opts.today ?? chinaDay())) };
  });
}
