import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditSchemePresets } from "@yanxiu/domain/credit-scheme-presets";
import { auditEvent, creditAward, fixedPointClaim, fixedPointClaimFile, fixedPointDecision, teacherCreditStatus } from "@yanxiu/db/schema";
import { rebuildCompletion } from "../completion/index.ts";
import { createStaffAccount, transferTeacher } from "../people/index.ts";
import { loadReadableFile } from "../media/open-file.ts";
import { seedSchemeVersion } from "../seed/seed-demo.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import {
  chinaDay,
  decideFixedPointClaim,
  explainCredits,
  fixedPointItems,
  fixedPointQueue,
  getFixedPointClaim,
  myCredits,
  myFixedPointClaims,
  resubmitFixedPointClaim,
  submitFixedPointClaim,
} from "./index.ts";
import { codeOf, seedCreditWorld, seedProof } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

// The 陕西 preset (学分): 论文发表 provincial 2, county 1, at most 4 a year, certified by the county then the
// province; 课题研究 by school → county → city (no city in this world: two steps).
const scheme = creditSchemePresets.shaanxi;
const today = chinaDay();

let w: Awaited<ReturnType<typeof seedCreditWorld>>;
let other: Awaited<ReturnType<typeof seedCreditWorld>>;
type TTeacher = Awaited<ReturnType<typeof w.teacherAt>>;
let ta: TTeacher;
let ta2: TTeacher;
let tb: TTeacher;

beforeAll(async () => {
  w = await seedCreditWorld(owner);
  other = await seedCreditWorld(owner);
  await seedSchemeVersion(owner, w.tenantId, scheme);
  await seedSchemeVersion(owner, other.tenantId, scheme);
  ta = await w.teacherAt(w.units.schoolA.id, "甲老师");
  ta2 = await w.teacherAt(w.units.schoolA.id, "丁老师");
  tb = await w.teacherAt(w.units.schoolB.id, "乙老师");
});

const fieldErrorsOf = (p: Promise<unknown>) => p.then(() => null, (e: { code: string; fieldErrors?: Record<string, string[]> }) => ({ code: e.code, fieldErrors: e.fieldErrors ?? {} }));

async function paper(t: TTeacher, over: Record<string, unknown> = {}) {
  const cover = await seedProof(db, w.tenantId, t.userId, "封面目录.pdf");
  const body = await seedProof(db, w.tenantId, t.userId, "论文.pdf");
  return {
    kind: "paper",
    level: "provincial",
    title: "课堂提问的设计与实践",
    happenedOn: today,
    description: "发表于《湖南教育》2026 年第 3 期。",
    evidence: [
      { label: "刊物封面及目录", fileId: cover },
      { label: "论文正文", fileId: body },
    ],
    ...over,
  };
}

const decide = (actor: typeof w.provinceAdmin, claimId: string, round: number, step: number, decision: string, reason?: string) =>
  decideFixedPointClaim({ db, actor, input: { claimId, round, step, decision, ...(reason ? { reason } : {}) } });

const statusOf = async (teacherId: string) =>
  db.withTenant(w.tenantId, async (tx) => (await tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.teacherId, teacherId)))[0] ?? null);

describe("定额项目申报", () => {
  it("offers the items of the scheme in effect, each with only the levels it values", async () => {
    const { scheme: s, items } = await fixedPointItems({ db, actor: ta.actor });
    expect(s).toMatchObject({ key: "shaanxi-2021", unit: "credits" });
    const p = items.find((i) => i.kind === "paper")!;
    expect(p.levels).toEqual([
      { level: "national", value: 3 },
      { level: "provincial", value: 2 },
      { level: "city", value: 1.5 },
      { level: "county", value: 1 },
    ]);
    expect(p).toMatchObject({ yearlyCap: 4, evidence: ["刊物封面及目录", "论文正文"], approvalChain: ["county", "province"] });
  });

  it("a 论文 goes county → province; the province's 通过 writes the award and the teacher's 学分 at once", async () => {
    const input = await paper(ta);
    const { id } = await submitFixedPointClaim({ db, actor: ta.actor, input });

    // Waiting at the county: its admin sees it, the province and the other county do not (yet).
    const atCounty = await fixedPointQueue({ db, actor: w.countyAdminA });
    expect(atCounty.total).toBe(1);
    expect(atCounty.claims[0]).toMatchObject({ id, teacherName: "甲老师", schoolName: "甲县一中", kind: "paper", level: "provincial", value: 2, step: 0, round: 1, chain: ["county", "province"] });
    expect((await fixedPointQueue({ db, actor: w.provinceAdmin })).total).toBe(0);
    expect((await fixedPointQueue({ db, actor: w.countyAdminB })).total).toBe(0);

    // The wrong level is refused: the province may not take the county's step, the other county does not see it.
    expect(await codeOf(decide(w.provinceAdmin, id, 1, 0, "pass"))).toBe("forbidden");
    expect(await codeOf(decide(w.countyAdminB, id, 1, 0, "pass"))).toBe("notFound");
    expect(await codeOf(decide(ta.actor, id, 1, 0, "pass"))).toBe("notFound");

    expect(await decide(w.countyAdminA, id, 1, 0, "pass")).toMatchObject({ status: "pending", step: 1, awardId: null });
    // A second click on the same step finds the claim moved on.
    expect(await codeOf(decide(w.countyAdminA, id, 1, 0, "pass"))).toBe("claimStateConflict");
    expect(await codeOf(decide(w.countyAdminA, id, 1, 1, "pass"))).toBe("forbidden");
    expect((await fixedPointQueue({ db, actor: w.provinceAdmin })).claims.map((c) => c.id)).toEqual([id]);
    expect((await fixedPointQueue({ db, actor: w.countyAdminA })).total).toBe(0);

    const done = await decide(w.provinceAdmin, id, 1, 1, "pass");
    expect(done).toMatchObject({ status: "approved", step: 1 });
    const [award] = await db.withTenant(w.tenantId, (tx) => tx.select().from(creditAward).where(eq(creditAward.id, done.awardId!)));
    expect(award).toMatchObject({ source: "fixedPoint", sourceRef: id, fixedPoint: "paper", hours: "0.0", category: "schoolBased", organiserLevel: "provincial", countsFor: today, actorId: w.provinceAdmin.actorId });
    expect(award!.evidence).toHaveLength(2);
    expect(award!.evidence).toEqual(expect.arrayContaining(input.evidence.map((e) => ({ kind: "file", fileId: e.fileId }))));
    expect(await statusOf(ta.userId)).toMatchObject({ cycleHours: "2.0", yearHours: "2.0" });

    const mine = await myCredits({ db, actor: ta.actor });
    expect(mine.ledger[0]).toMatchObject({ id: done.awardId, source: "fixedPoint", fixedPoint: "paper", hours: 0 });
    const why = await explainCredits({ db, actor: ta.actor });
    expect(why.evaluation!.explanation).toContain(`${today} 「课堂提问的设计与实践」：省级论文发表按定额计 2 学分`);

    // The trail: who, for which level, what.
    const detail = await getFixedPointClaim({ db, actor: ta.actor, claimId: id });
    expect(detail.trail.map((t) => [t.action, t.level, t.forUnitName, t.actingUnitName])).toEqual([
      ["submit", "county", "甲县", null],
      ["pass", "county", "甲县", null],
      ["pass", "province", "省", null],
    ]);
    expect(detail.steps).toEqual([
      { level: "county", unitName: "甲县" },
      { level: "province", unitName: "省" },
    ]);
    const audit = await db.withTenant(w.tenantId, (tx) => tx.select({ action: auditEvent.action }).from(auditEvent).where(eq(auditEvent.target, `fixedPointClaim:${id}`)));
    expect(audit.map((a) => a.action).sort()).toEqual(["credits.fixedPoint.pass", "credits.fixedPoint.pass", "credits.submitFixedPoint"]);

    // The evidence opens for the teacher and the admins over them, nobody else.
    const file = input.evidence[0]!.fileId;
    for (const who of [ta.actor, w.countyAdminA, w.provinceAdmin]) expect((await loadReadableFile(db, who, file)).id).toBe(file);
    for (const who of [w.countyAdminB, ta2.actor, tb.actor]) expect(await codeOf(loadReadableFile(db, who, file))).toBe("notFound");
    // Another teacher's claim, another county's admin, another tenant: notFound.
    for (const who of [ta2.actor, w.countyAdminB, other.provinceAdmin]) expect(await codeOf(getFixedPointClaim({ db, actor: who, claimId: id }))).toBe("notFound");
  });

  it("the yearly cap holds: a third provincial 论文 adds nothing beyond 4 学分, and the line says why", async () => {
    const t = await w.teacherAt(w.units.schoolA.id, "戊老师");
    for (const title of ["论文一", "论文二", "论文三"]) {
      const { id } = await submitFixedPointClaim({ db, actor: t.actor, input: await paper(t, { title }) });
      await decide(w.countyAdminA, id, 1, 0, "pass");
      await decide(w.provinceAdmin, id, 1, 1, "pass");
    }
    expect(await statusOf(t.userId)).toMatchObject({ cycleHours: "4.0" });
    const why = await explainCredits({ db, actor: t.actor });
    // The three share a day, so which one comes third is the ledger's order: exactly one says it no longer counts.
    const lines = why.evaluation!.explanation.filter((l) => /「论文[一二三]」：省级论文发表按定额计 2 学分/.test(l));
    expect(lines).toHaveLength(3);
    expect(lines.filter((l) => l.endsWith("；本年度已达上限 4，此项不再计入"))).toHaveLength(1);
    expect(why.evaluation!.explanation).toContain(`${why.evaluation!.creditYear} 学分年度论文发表共 6 学分，年度上限 4，核减 2`);
    // The rebuild check recomputes every status from the ledger and finds the stored figures right (no drift).
    const report = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
    expect(report.differences.filter((d) => d.kind === "teacherStatus")).toEqual([]);
  });

  it("the same paper (its title however typed) is refused while pending or approved, and may be claimed again once not recognised", async () => {
    const t = await w.teacherAt(w.units.schoolA.id, "己老师");
    const { id } = await submitFixedPointClaim({ db, actor: t.actor, input: await paper(t, { title: "《基于 问题链 的教学》" }) });
    expect(await codeOf(submitFixedPointClaim({ db, actor: t.actor, input: await paper(t, { title: "基于问题链的教学" }) }))).toBe("duplicateAward");
    expect(await codeOf(submitFixedPointClaim({ db, actor: t.actor, input: await paper(t, { title: "基于问题链的教学。", level: "county" }) }))).toBe("duplicateAward");
    // Another teacher may claim a paper of that title (co-authors).
    await submitFixedPointClaim({ db, actor: ta2.actor, input: await paper(ta2, { title: "基于问题链的教学" }) });

    expect(await fieldErrorsOf(decide(w.countyAdminA, id, 1, 0, "reject"))).toEqual({ code: "badRequest", fieldErrors: { reason: ["请填写不予认定的理由"] } });
    expect(await decide(w.countyAdminA, id, 1, 0, "reject", "非公开刊物")).toMatchObject({ status: "rejected" });
    expect(await codeOf(resubmitFixedPointClaim({ db, actor: t.actor, input: { claimId: id, ...(await paper(t)) } }))).toBe("claimStateConflict");
    const again = await submitFixedPointClaim({ db, actor: t.actor, input: await paper(t, { title: "基于问题链的教学" }) });
    expect(again.id).not.toBe(id);
  });

  it("退回 needs a reason; the teacher edits and resubmits, a new round from the first step with the new files", async () => {
    const t = await w.teacherAt(w.units.schoolA.id, "庚老师");
    const first = await paper(t, { title: "作业设计" });
    const { id } = await submitFixedPointClaim({ db, actor: t.actor, input: first });
    expect(await fieldErrorsOf(decide(w.countyAdminA, id, 1, 0, "return"))).toEqual({ code: "badRequest", fieldErrors: { reason: ["请填写退回理由"] } });
    await decide(w.countyAdminA, id, 1, 0, "pass");
    expect(await decide(w.provinceAdmin, id, 1, 1, "return", "目录页不清晰\r\n请重新扫描")).toMatchObject({ status: "returned" });
    expect(await codeOf(decide(w.provinceAdmin, id, 1, 1, "pass"))).toBe("claimStateConflict");
    // Only the claim's teacher resubmits, and not to another item.
    const second = await paper(t, { title: "作业设计（修订）", level: "national" });
    expect(await codeOf(resubmitFixedPointClaim({ db, actor: ta2.actor, input: { claimId: id, ...second } }))).toBe("notFound");
    expect(await codeOf(resubmitFixedPointClaim({ db, actor: t.actor, input: { claimId: id, ...second, kind: "research", evidence: [{ label: "立项或结题证书", fileId: second.evidence[0]!.fileId }] } }))).toBe("badRequest");
    expect(await resubmitFixedPointClaim({ db, actor: t.actor, input: { claimId: id, ...second } })).toEqual({ id, round: 2 });

    const [mine] = await myFixedPointClaims({ db, actor: t.actor });
    expect(mine).toMatchObject({ id, status: "pending", round: 2, step: 0, level: "national", value: 3, title: "作业设计（修订）", lastReason: "目录页不清晰\r\n请重新扫描" });
    expect(mine!.files.filter((f) => f.current).map((f) => f.fileId).sort()).toEqual(second.evidence.map((e) => e.fileId).sort());
    expect(mine!.files).toHaveLength(4);
    expect(mine!.trail.map((x) => `${x.round}:${x.action}:${x.level}`)).toEqual(["1:submit:county", "1:pass:county", "1:return:province", "2:resubmit:county"]);
    // The old round's decisions do not count for the new one.
    expect(await codeOf(decide(w.countyAdminA, id, 1, 0, "pass"))).toBe("claimStateConflict");
    expect(await decide(w.countyAdminA, id, 2, 0, "pass")).toMatchObject({ step: 1 });
  });

  it("a school step is taken by the nearest admin above (the county, as the school has none), recorded as acting for the school", async () => {
    const t = await w.teacherAt(w.units.schoolB.id, "辛老师");
    const proof = await seedProof(db, w.tenantId, t.userId, "结题证书.pdf");
    const { id } = await submitFixedPointClaim({
      db,
      actor: t.actor,
      input: { kind: "research", level: "county", title: "农村小学阅读课题", happenedOn: today, description: "县级课题，已结题。", evidence: [{ label: "立项或结题证书", fileId: proof }] },
    });
    const c = await getFixedPointClaim({ db, actor: w.countyAdminB, claimId: id });
    // school → county → city, and this world has no city: two steps.
    expect(c.steps).toEqual([
      { level: "school", unitName: "乙县一中" },
      { level: "county", unitName: "乙县" },
    ]);
    expect(c).toMatchObject({ actingUnitName: "乙县", mayDecide: true });
    expect(await codeOf(decide(w.provinceAdmin, id, 1, 0, "pass"))).toBe("forbidden");
    await decide(w.countyAdminB, id, 1, 0, "pass");
    await decide(w.countyAdminB, id, 1, 1, "pass");
    const after = await getFixedPointClaim({ db, actor: t.actor, claimId: id });
    expect(after.status).toBe("approved");
    expect(after.trail.filter((x) => x.action === "pass").map((x) => [x.level, x.forUnitName, x.actingUnitName])).toEqual([
      ["school", "乙县一中", "乙县"],
      ["county", "乙县", null],
    ]);
    expect(await statusOf(t.userId)).toMatchObject({ cycleHours: "1.0" });
  });

  it("approving the last step twice at once writes one award", async () => {
    const t = await w.teacherAt(w.units.schoolA.id, "壬老师");
    const { id } = await submitFixedPointClaim({ db, actor: t.actor, input: await paper(t, { title: "并发" }) });
    await decide(w.countyAdminA, id, 1, 0, "pass");
    const results = await Promise.all([codeOf(decide(w.provinceAdmin, id, 1, 1, "pass")), codeOf(decide(w.provinceAdmin, id, 1, 1, "pass"))]);
    expect(results.sort()).toEqual(["claimStateConflict", "ok"]);
    const awards = await db.withTenant(w.tenantId, (tx) => tx.select().from(creditAward).where(and(eq(creditAward.source, "fixedPoint"), eq(creditAward.sourceRef, id))));
    expect(awards).toHaveLength(1);
    expect(await statusOf(t.userId)).toMatchObject({ cycleHours: "2.0" });
  });

  it("hostile input: control characters, huge text, levels and items the scheme does not value, foreign files, the future", async () => {
    const t = await w.teacherAt(w.units.schoolA.id, "癸老师");
    const ok = await paper(t);
    const refused = async (over: Record<string, unknown>) => fieldErrorsOf(submitFixedPointClaim({ db, actor: t.actor, input: { ...ok, ...over } }));
    expect(await refused({ title: "论文\u0000" })).toEqual({ code: "badRequest", fieldErrors: { title: ["名称不能包含控制字符"] } });
    expect(await refused({ title: "论文\r\n标题" })).toEqual({ code: "badRequest", fieldErrors: { title: ["名称不能包含控制字符"] } });
    expect(await refused({ title: "长".repeat(201) })).toEqual({ code: "badRequest", fieldErrors: { title: ["名称最多 200 字"] } });
    expect(await refused({ description: "x".repeat(100_000) })).toEqual({ code: "badRequest", fieldErrors: { description: ["简要说明最多 1000 字"] } });
    expect(await refused({ description: "说明\u0000" })).toEqual({ code: "badRequest", fieldErrors: { description: ["简要说明不能包含控制字符"] } });
    expect(await refused({ level: "school" })).toEqual({ code: "badRequest", fieldErrors: { level: ["这一级别不在本项目的认定范围"] } });
    expect(await refused({ kind: "mentoring" })).toEqual({ code: "badRequest", fieldErrors: { kind: ["本方案不认定这一定额项目"] } });
    expect(await refused({ kind: "nonsense" })).toMatchObject({ code: "badRequest", fieldErrors: { kind: ["请选择定额项目"] } });
    expect(await refused({ evidence: [ok.evidence[0]] })).toEqual({ code: "badRequest", fieldErrors: { evidence: ["请上传：论文正文"] } });
    expect(await refused({ evidence: [...ok.evidence, { label: "别的", fileId: ok.evidence[0]!.fileId }] })).toEqual({ code: "badRequest", fieldErrors: { evidence: ["「别的」不是本项目要求的材料"] } });
    expect(await refused({ happenedOn: "2999-01-01" })).toEqual({ code: "badRequest", fieldErrors: { happenedOn: ["日期不能晚于今天"] } });
    // Before the current cycle (the 陕西 preset: five credit years from 2021, each from February): certified, it would count nothing.
    const cycleStart = `${2021 + 5 * Math.floor((Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) >= 2 ? 0 : 1) - 2021) / 5)}-02-01`;
    expect(await refused({ happenedOn: "2020-06-01" })).toEqual({ code: "badRequest", fieldErrors: { happenedOn: [`只能申报本周期（${cycleStart} 起）内的项目`] } });
    expect(await refused({ extra: 1 })).toMatchObject({ code: "badRequest" });
    // Someone else's upload, another tenant's, a made-up id.
    const theirs = await seedProof(db, w.tenantId, ta2.userId);
    const foreign = await seedProof(db, other.tenantId, (await other.teacherAt(other.units.schoolA.id)).userId);
    for (const fileId of [theirs, foreign, randomUUID()])
      expect(await refused({ evidence: [ok.evidence[0], { label: "论文正文", fileId }] })).toEqual({ code: "badRequest", fieldErrors: { evidence: ["请上传证明材料"] } });
    // Admins do not claim for themselves; decisions on made-up or foreign ids are notFound.
    expect(await codeOf(submitFixedPointClaim({ db, actor: w.countyAdminA, input: ok }))).toBe("forbidden");
    expect(await codeOf(decide(w.provinceAdmin, randomUUID(), 1, 0, "pass"))).toBe("notFound");
    expect(await codeOf(getFixedPointClaim({ db, actor: w.provinceAdmin, claimId: "../etc" }))).toBe("notFound");
    expect(await codeOf(fixedPointQueue({ db, actor: t.actor }))).toBe("forbidden");
    expect(await fieldErrorsOf(fixedPointQueue({ db, actor: w.provinceAdmin, query: { q: "a\u0000" } }))).toMatchObject({ code: "badRequest" });
  });

  it("another tenant's claim is out of sight: the queue, the trail and the evidence are tenant-scoped by RLS", async () => {
    const t = await other.teacherAt(other.units.schoolA.id, "外省老师");
    const proofs = [await seedProof(db, other.tenantId, t.userId), await seedProof(db, other.tenantId, t.userId)];
    const { id } = await submitFixedPointClaim({
      db,
      actor: t.actor,
      input: { kind: "paper", level: "county", title: "外省论文", happenedOn: today, description: "说明", evidence: [{ label: "刊物封面及目录", fileId: proofs[0] }, { label: "论文正文", fileId: proofs[1] }] },
    });
    // A province admin of this tenant, given the other tenant's ids, sees nothing of them.
    expect(await codeOf(getFixedPointClaim({ db, actor: w.provinceAdmin, claimId: id }))).toBe("notFound");
    expect(await codeOf(decide(w.provinceAdmin, id, 1, 0, "pass"))).toBe("notFound");
    expect((await fixedPointQueue({ db, actor: w.provinceAdmin })).claims.map((c) => c.id)).not.toContain(id);
    const seen = await db.withTenant(w.tenantId, async (tx) => ({
      claims: await tx.select().from(fixedPointClaim).where(eq(fixedPointClaim.id, id)),
      files: await tx.select().from(fixedPointClaimFile).where(eq(fixedPointClaimFile.claimId, id)),
      trail: await tx.select().from(fixedPointDecision).where(eq(fixedPointDecision.claimId, id)),
    }));
    expect(seen).toEqual({ claims: [], files: [], trail: [] });
    const own = await db.withTenant(other.tenantId, async (tx) => (await tx.select().from(fixedPointDecision).where(eq(fixedPointDecision.claimId, id))).length);
    expect(own).toBe(1);
    // Writing a row for another tenant is refused by the policy, and the trail cannot be rewritten.
    const pg = (p: Promise<unknown>) => p.then(() => "ok", (e: { cause?: { message?: string }; message: string }) => e.cause?.message ?? e.message);
    expect(await pg(db.withTenant(w.tenantId, (tx) => tx.insert(fixedPointDecision).values({ tenantId: other.tenantId, claimId: id, round: 1, step: 0, action: "pass", level: "county", forUnitId: other.units.countyA.id, actorId: t.userId })))).toMatch(/row-level security/);
    expect(await pg(db.withTenant(other.tenantId, (tx) => tx.delete(fixedPointDecision).where(eq(fixedPointDecision.claimId, id))))).toMatch(/permission denied/);
    expect(await pg(db.withTenant(other.tenantId, (tx) => tx.update(fixedPointClaimFile).set({ label: "x" }).where(eq(fixedPointClaimFile.claimId, id))))).toMatch(/permission denied/);
  });
  it("a school that gets its first admin takes back the claims the county was acting for; the county's queue loses them", async () => {
    const v = await seedCreditWorld(owner);
    await seedSchemeVersion(owner, v.tenantId, scheme);
    const t = await v.teacherAt(v.units.schoolB.id, "癸老师");
    const proof = await seedProof(db, v.tenantId, t.userId, "结题证书.pdf");
    const { id } = await submitFixedPointClaim({
      db,
      actor: t.actor,
      input: { kind: "research", level: "county", title: "乡村学校作业设计课题", happenedOn: today, description: "县级课题。", evidence: [{ label: "立项或结题证书", fileId: proof }] },
    });
    expect((await fixedPointQueue({ db, actor: v.countyAdminB })).claims.map((r) => r.id)).toEqual([id]);

    // The county creates the school's admin: the claim waits at the school from now on.
    const staff = await createStaffAccount({ db, actor: v.countyAdminB, input: { login: `sb_admin_${randomUUID().slice(0, 6)}`, displayName: "乙县一中管理员", role: "orgAdmin", orgUnitId: v.units.schoolB.id } });
    const schoolAdmin = { tenantId: v.tenantId, actorId: staff.userId, grants: [{ role: "orgAdmin" as const, orgUnitId: v.units.schoolB.id, orgPath: v.units.schoolB.path }] };
    expect((await fixedPointQueue({ db, actor: v.countyAdminB })).total).toBe(0);
    expect((await fixedPointQueue({ db, actor: schoolAdmin })).claims.map((r) => r.id)).toEqual([id]);
    expect(await codeOf(decide(v.countyAdminB, id, 1, 0, "pass"))).toBe("forbidden");
    expect(await getFixedPointClaim({ db, actor: schoolAdmin, claimId: id })).toMatchObject({ actingUnitName: null, mayDecide: true });
    await decideFixedPointClaim({ db, actor: schoolAdmin, input: { claimId: id, round: 1, step: 0, decision: "pass" } });
    // The next step is the county's own.
    expect((await fixedPointQueue({ db, actor: v.countyAdminB })).claims.map((r) => r.id)).toEqual([id]);
    const [audit] = await owner.withTenant(v.tenantId, (tx) => tx.select().from(auditEvent).where(and(eq(auditEvent.action, "account.create"), eq(auditEvent.target, `user:${staff.userId}`))));
    expect(audit!.data).toMatchObject({ reroutedClaims: 1 });
  });
  it("a teacher who moves school takes their claims along: what is still to come waits at the new county, passed steps keep who passed them, a returned claim resubmits to the new chain", async () => {
    const v = await seedCreditWorld(owner);
    await seedSchemeVersion(owner, v.tenantId, scheme);
    const t = await v.teacherAt(v.units.schoolA.id, "调动老师");
    const research = async (title: string) => {
      const proof = await seedProof(db, v.tenantId, t.userId, "证书.pdf");
      return (await submitFixedPointClaim({ db, actor: t.actor, input: { kind: "research", level: "county", title, happenedOn: today, description: "县级课题。", evidence: [{ label: "立项或结题证书", fileId: proof }] } })).id;
    };
    const waiting = await research("课题一：作业设计");
    const passed = await research("课题二：阅读教学");
    const returned = await research("课题三：劳动教育");
    // The county acts for the school (it has no admin): one passes its school step, one is returned.
    await decideFixedPointClaim({ db, actor: v.countyAdminA, input: { claimId: passed, round: 1, step: 0, decision: "pass" } });
    await decideFixedPointClaim({ db, actor: v.countyAdminA, input: { claimId: returned, round: 1, step: 0, decision: "return", reason: "请补充结题证书" } });
    const ids = async (actor: typeof v.countyAdminA) => (await fixedPointQueue({ db, actor })).claims.map((r) => r.id).sort();
    expect(await ids(v.countyAdminA)).toEqual([waiting, passed].sort());

    await transferTeacher({ db, actor: v.provinceAdmin, input: { userId: t.userId, schoolCode: v.units.schoolB.code } });
    expect(await ids(v.countyAdminA)).toEqual([]);
    expect(await ids(v.countyAdminB)).toEqual([waiting, passed].sort());
    // The old county no longer sees the teacher at all.
    expect(await codeOf(decide(v.countyAdminA, waiting, 1, 0, "pass"))).toBe("notFound");
    const stepsOf = async (claimId: string) => (await getFixedPointClaim({ db, actor: v.provinceAdmin, claimId })).steps.map((x) => x.unitName);
    expect(await stepsOf(waiting)).toEqual(["乙县一中", "乙县"]);
    // The school step 甲县 passed for 甲县一中 stays on record; the county step still to come is 乙县's.
    expect(await stepsOf(passed)).toEqual(["甲县一中", "乙县"]);
    const [audit] = await owner.withTenant(v.tenantId, (tx) => tx.select().from(auditEvent).where(and(eq(auditEvent.action, "account.transfer"), eq(auditEvent.target, `user:${t.userId}`))));
    expect(audit!.data).toMatchObject({ claimsMoved: 3 });

    // The returned one, resubmitted, starts at the new school (乙县 acting for it).
    const proof = await seedProof(db, v.tenantId, t.userId, "结题证书.pdf");
    await resubmitFixedPointClaim({ db, actor: t.actor, input: { claimId: returned, kind: "research", level: "county", title: "课题三：劳动教育", happenedOn: today, description: "补充了结题证书。", evidence: [{ label: "立项或结题证书", fileId: proof }] } });
    expect(await stepsOf(returned)).toEqual(["乙县一中", "乙县"]);
    expect(await ids(v.countyAdminB)).toEqual([waiting, passed, returned].sort());
  });
});
