import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReadableFile } from "../media/open-file.ts";
import { auditEvent, creditAward, teacherCreditStatus } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { approveExternalAward, chinaDay, listExternalRequests, myCredits, rejectExternalAward, reverseAward, submitExternalAward } from "./index.ts";
import { codeOf, seedAward, seedCreditWorld, seedProof } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

let w: Awaited<ReturnType<typeof seedCreditWorld>>;
let other: Awaited<ReturnType<typeof seedCreditWorld>>;
let ta: Awaited<ReturnType<typeof w.teacherAt>>;
let ta2: Awaited<ReturnType<typeof w.teacherAt>>;
let tb: Awaited<ReturnType<typeof w.teacherAt>>;
const today = chinaDay();

beforeAll(async () => {
  w = await seedCreditWorld(owner);
  other = await seedCreditWorld(owner);
  ta = await w.teacherAt(w.units.schoolA.id);
  ta2 = await w.teacherAt(w.units.schoolA.id);
  tb = await w.teacherAt(w.units.schoolB.id);
});

const claim = (over: Record<string, unknown> = {}) => ({
  title: "国家智慧教育平台 2026 年暑期教师研修",
  issuer: "国家智慧教育公共服务平台",
  certificateNo: "",
  hours: "10",
  category: "online",
  organiserLevel: "national",
  completedOn: today,
  ...over,
});

describe("external awards", () => {
  it("a teacher's claim, approved by the county admin, joins the ledger and the totals at once", async () => {
    const proof = await seedProof(db, w.tenantId, ta.userId, "暑期研修证书.pdf");
    const { id } = await submitExternalAward({ db, actor: ta.actor, input: claim({ proofFileId: proof, certificateNo: "ZXJY-2026-0001" }) });

    const seenByA = await listExternalRequests({ db, actor: w.countyAdminA });
    expect(seenByA.requests.map((r) => r.id)).toEqual([id]);
    expect(seenByA.requests[0]).toMatchObject({ teacherName: ta.name, schoolName: "甲县一中", hours: 10, proofFileId: proof });
    expect((await listExternalRequests({ db, actor: w.countyAdminB })).requests).toEqual([]);

    // The proof opens for the teacher and the admins over them, not for another county's admin.
    expect((await loadReadableFile(db, ta.actor, proof)).id).toBe(proof);
    expect((await loadReadableFile(db, w.countyAdminA, proof)).id).toBe(proof);
    expect(await codeOf(loadReadableFile(db, w.countyAdminB, proof))).toBe("notFound");
    expect(await codeOf(loadReadableFile(db, ta2.actor, proof))).toBe("notFound");

    expect(await codeOf(approveExternalAward({ db, actor: w.countyAdminB, input: { requestId: id } }))).toBe("notFound");
    const { awardId } = await approveExternalAward({ db, actor: w.countyAdminA, input: { requestId: id } });
    expect(await codeOf(approveExternalAward({ db, actor: w.countyAdminA, input: { requestId: id } }))).toBe("requestAlreadyReviewed");

    const [award] = await db.withTenant(w.tenantId, (tx) => tx.select().from(creditAward).where(eq(creditAward.id, awardId)));
    expect(award).toMatchObject({ source: "external", sourceRef: id, hours: "10.0", category: "online", organiserLevel: "national", countsFor: today, actorId: w.countyAdminA.actorId });
    const [status] = await db.withTenant(w.tenantId, (tx) => tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.teacherId, ta.userId)));
    expect(status).toMatchObject({ cycleHours: "10.0", yearHours: "10.0" });

    const mine = await myCredits({ db, actor: ta.actor });
    expect(mine.totals.cycleHours).toBe(10);
    expect(mine.ledger[0]).toMatchObject({ id: awardId, title: claim().title, hours: 10, source: "external" });
    expect(mine.ledger[0]!.evidence).toEqual([
      { kind: "request", title: claim().title, href: null },
      { kind: "file", title: "暑期研修证书.pdf", href: `/files/${proof}` },
    ]);
    expect(mine.requests[0]).toMatchObject({ id, status: "approved" });
    const audit = await db.withTenant(w.tenantId, (tx) => tx.select().from(auditEvent).where(eq(auditEvent.target, `externalAwardRequest:${id}`)));
    expect(audit.map((a) => a.action).sort()).toEqual(["credits.approveExternal", "credits.submitExternal"]);
  });

  it("the same certificate number from the same issuer is refused, whoever claims it and however it is typed", async () => {
    const p1 = await seedProof(db, w.tenantId, ta2.userId);
    await submitExternalAward({ db, actor: ta2.actor, input: claim({ title: "国培计划（2026）", certificateNo: "GP-2026 7788", proofFileId: p1 }) });
    const p2 = await seedProof(db, w.tenantId, ta.userId);
    const e = await codeOf(submitExternalAward({ db, actor: ta.actor, input: claim({ title: "国培计划2026", certificateNo: "gp2026７７８８", proofFileId: p2 }) }));
    expect(e).toBe("duplicateAward");
    // And the approved one from the first test, by its number.
    expect(await codeOf(submitExternalAward({ db, actor: ta.actor, input: claim({ title: "另一个名字", certificateNo: "ZXJY-2026-0001", proofFileId: p2 }) }))).toBe("duplicateAward");
  });

  it("without a number, the same title and day for the same teacher is refused — also against awards already in the ledger", async () => {
    const p = await seedProof(db, w.tenantId, ta2.userId);
    await submitExternalAward({ db, actor: ta2.actor, input: claim({ title: "校本研修：读书分享会", issuer: "甲县一中", proofFileId: p }) });
    expect(await codeOf(submitExternalAward({ db, actor: ta2.actor, input: claim({ title: "校本研修 读书分享会", issuer: "甲县一中", proofFileId: p }) }))).toBe("duplicateAward");
    // Another teacher may claim the same title and day.
    const pb = await seedProof(db, w.tenantId, tb.userId);
    expect(await codeOf(submitExternalAward({ db, actor: tb.actor, input: claim({ title: "校本研修：读书分享会", issuer: "乙县一中", proofFileId: pb }) }))).toBe("ok");
    // A course completion already in the ledger under that title and day.
    await seedAward(db, w.tenantId, ta2.userId, { hours: 6, countsFor: today, title: "信息技术应用能力提升" });
    expect(await codeOf(submitExternalAward({ db, actor: ta2.actor, input: claim({ title: "信息技术应用能力提升", proofFileId: p }) }))).toBe("duplicateAward");
  });

  it("once the approved award is reversed, a corrected claim for the same certificate is accepted", async () => {
    const p = await seedProof(db, w.tenantId, ta.userId);
    const { id } = await submitExternalAward({ db, actor: ta.actor, input: claim({ title: "省级骨干培训", certificateNo: "SJ-1", hours: "100", proofFileId: p }) });
    const { awardId } = await approveExternalAward({ db, actor: w.provinceAdmin, input: { requestId: id } });
    expect(await codeOf(submitExternalAward({ db, actor: ta.actor, input: claim({ title: "省级骨干培训", certificateNo: "SJ-1", hours: "10", proofFileId: p }) }))).toBe("duplicateAward");
    await reverseAward({ db, actor: w.provinceAdmin, input: { awardId, reason: "学时录入有误" } });
    expect(await codeOf(submitExternalAward({ db, actor: ta.actor, input: claim({ title: "省级骨干培训", certificateNo: "SJ-1", hours: "10", proofFileId: p }) }))).toBe("ok");
  });

  it("needs a proof the submitter uploaded, sane hours and a day not in the future", async () => {
    const bad = (input: Record<string, unknown>) => submitExternalAward({ db, actor: tb.actor, input }).catch((e: { code: string; fieldErrors?: Record<string, string[]> }) => e);
    expect(await bad(claim({ title: "无证明" }))).toMatchObject({ code: "badRequest", fieldErrors: { proofFileId: ["请上传证明材料"] } });
    const someoneElses = await seedProof(db, w.tenantId, ta.userId);
    expect(await bad(claim({ title: "别人的证明", proofFileId: someoneElses }))).toMatchObject({ code: "badRequest", fieldErrors: { proofFileId: ["请上传证明材料"] } });
    const mine = await seedProof(db, w.tenantId, tb.userId);
    expect(await bad(claim({ title: "零学时", hours: "0", proofFileId: mine }))).toMatchObject({ code: "badRequest", fieldErrors: { hours: ["学时必须大于 0"] } });
    expect(await bad(claim({ title: "将来", completedOn: "2999-01-01", proofFileId: mine }))).toMatchObject({ code: "badRequest", fieldErrors: { completedOn: ["完成日期不能晚于今天"] } });
  });

  it("an admin submits for a teacher in scope only; a teacher only for themselves", async () => {
    const p = await seedProof(db, w.tenantId, w.countyAdminA.actorId);
    expect(await codeOf(submitExternalAward({ db, actor: w.countyAdminA, input: claim({ title: "县级培训甲", teacherId: ta.userId, proofFileId: p }) }))).toBe("ok");
    expect(await codeOf(submitExternalAward({ db, actor: w.countyAdminA, input: claim({ title: "县级培训乙", teacherId: tb.userId, proofFileId: p }) }))).toBe("notFound");
    const pt = await seedProof(db, w.tenantId, ta.userId);
    expect(await codeOf(submitExternalAward({ db, actor: ta.actor, input: claim({ title: "替同事申报", teacherId: ta2.userId, proofFileId: pt }) }))).toBe("notFound");
  });

  it("a rejection needs a comment and leaves the ledger alone", async () => {
    const p = await seedProof(db, w.tenantId, tb.userId);
    const { id } = await submitExternalAward({ db, actor: tb.actor, input: claim({ title: "待驳回的培训", proofFileId: p }) });
    expect(await codeOf(rejectExternalAward({ db, actor: w.countyAdminB, input: { requestId: id, comment: " " } }))).toBe("badRequest");
    expect(await codeOf(rejectExternalAward({ db, actor: w.countyAdminA, input: { requestId: id, comment: "证明不清晰" } }))).toBe("notFound");
    await rejectExternalAward({ db, actor: w.countyAdminB, input: { requestId: id, comment: "证明不清晰" } });
    const mine = await myCredits({ db, actor: tb.actor });
    expect(mine.requests.find((r) => r.id === id)).toMatchObject({ status: "rejected", comment: "证明不清晰" });
    expect(mine.ledger).toEqual([]);
    expect(await codeOf(approveExternalAward({ db, actor: w.countyAdminB, input: { requestId: id } }))).toBe("requestAlreadyReviewed");
  });

  it("pending requests page by keyset", async () => {
    const all = await listExternalRequests({ db, actor: w.provinceAdmin });
    expect(all.requests.length).toBeGreaterThanOrEqual(3);
    const first = await listExternalRequests({ db, actor: w.provinceAdmin, limit: 2 });
    const second = await listExternalRequests({ db, actor: w.provinceAdmin, limit: 2, query: { after: first.next } });
    expect([...first.requests, ...second.requests].map((r) => r.id)).toEqual(all.requests.slice(0, 4).map((r) => r.id));
  });

  it("another tenant sees nothing and cannot approve", async () => {
    const [req] = (await listExternalRequests({ db, actor: w.provinceAdmin })).requests;
    expect((await listExternalRequests({ db, actor: other.provinceAdmin })).requests).toEqual([]);
    expect(await codeOf(approveExternalAward({ db, actor: other.provinceAdmin, input: { requestId: req!.id } }))).toBe("notFound");
    expect(await codeOf(rejectExternalAward({ db, actor: other.provinceAdmin, input: { requestId: req!.id, comment: "x" } }))).toBe("notFound");
  });
});
