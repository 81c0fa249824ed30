import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvent, nomination, notification, projectClassMember, projectDecision } from "@yanxiu/db/schema";
import {
  applicationForm,
  applyToProject,
  cancelClass,
  createProject,
  formClasses,
  openProjects,
  publishProject,
  qualifyNomination,
  retractApplication,
  reviewNomination,
  roundsPage,
  saveClassOffer,
  screenClass,
  setImplementingUnit,
  setRounds,
} from "./index.ts";
import { projectFacts, projectTestSetup, type TProjectWorld } from "./test-setup.ts";

let w: TProjectWorld;
let other: TProjectWorld;
const { owner, db, racer } = projectTestSetup((seeded) => {
  ({ w, other } = seeded);
});

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; fieldErrors?: Record<string, string[]> }) => ({ code: e.code, fieldErrors: e.fieldErrors }));

// The project runs 2026-03-01 … 06-30; round 1 is 02-01 … 02-10, round 2 02-15 … 02-20 (China days).
const rounds = { round1Opens: "2026-02-01", round1Closes: "2026-02-10", round2Opens: "2026-02-15", round2Closes: "2026-02-20" };
const inRound1 = new Date("2026-02-05T04:00:00Z");
const screening = new Date("2026-02-12T04:00:00Z");
const inRound2 = new Date("2026-02-16T04:00:00Z");
const answers = { title: "一级教师" };

/** A published province project taking applications, two-round, with classes A (cap 2, min 1), B (cap 5, min 3), D (cap 1). */
async function twoRoundProject() {
  const a = w.admins.province;
  const { projectId } = await createProject({ db, actor: a, input: { ownerUnitId: w.units.province.id, ...projectFacts({ enrolmentMode: "selfEnrolment", capacity: "0", stages: [] }) } });
  await setRounds({ db, actor: a, input: { projectId, twoRound: "on", ...rounds } });
  await publishProject({ db, actor: a, input: { projectId } });
  const offer = async (name: string, cap: number, minSize: number) => (await saveClassOffer({ db, actor: a, input: { projectId, name, subject: "语文", cap: String(cap), minSize: String(minSize) } })).classId;
  return { projectId, A: await offer("语文A班", 2, 1), B: await offer("语文B班", 5, 3), D: await offer("语文D班", 1, 0) };
}

const apply = (t: { actor: TProjectWorld["admins"]["province"] }, projectId: string, classId: string, now: Date, via = db) => applyToProject({ db: via, actor: t.actor, input: { projectId, classId, answers }, now });
const stateOf = async (id: string) => (await owner.withTenant(w.tenantId, (tx) => tx.select().from(nomination).where(eq(nomination.id, id))))[0]!;

describe("两轮报名", () => {
  it("round 1 takes more than the cap; screening admits exactly the chosen; the rest are 未录取 with a notice", async () => {
    const { projectId, A } = await twoRoundProject();
    const ts = [await w.teacherAt(w.units.schoolA1), await w.teacherAt(w.units.schoolA2), await w.teacherAt(w.units.schoolB1)];
    const ids: string[] = [];
    for (const t of ts) ids.push((await apply(t, projectId, A, inRound1)).nominationId);
    const form = await applicationForm({ db, actor: ts[0]!.actor, query: { projectId }, now: inRound1 });
    expect(form.twoRound).toMatchObject({ phase: "round1", round: 1 });
    expect(form.twoRound!.classes.find((c) => c.id === A)).toMatchObject({ cap: 2, applicants: 3, seatsLeft: 0, refusal: null });
    expect((await stateOf(ids[0]!)).round).toBe(1);

    // Not before round 1 closes; not more than the cap; only the class's applicants.
    expect(await errorOf(screenClass({ db, actor: w.admins.province, input: { classId: A, mode: "byOrder", reason: "名额有限" }, now: inRound1 }))).toMatchObject({ code: "projectStateConflict" });
    expect(await errorOf(screenClass({ db, actor: w.admins.province, input: { classId: A, mode: "chosen", admit: ids, reason: "名额有限" }, now: screening }))).toMatchObject({ code: "badRequest", fieldErrors: { admit: ["录取人数不能超过班额 2 人"] } });
    expect(await errorOf(screenClass({ db, actor: w.admins.province, input: { classId: A, mode: "chosen", admit: [ids[0]!, w.units.city.id], reason: "名额有限" }, now: screening }))).toMatchObject({ code: "badRequest", fieldErrors: { admit: ["只能录取该班的报名者"] } });
    // A school admin below the owner neither runs the project nor screens it.
    expect(await errorOf(screenClass({ db, actor: w.admins.schoolA1, input: { classId: A, mode: "byOrder", reason: "名额有限" }, now: screening }))).toMatchObject({ code: "notFound" });

    const page = await roundsPage({ db, actor: w.admins.province, query: { projectId }, now: screening });
    expect(page).toMatchObject({ phase: "screening", canScreen: true });
    expect(page.classes.find((c) => c.id === A)).toMatchObject({ applicants: 3, subscription: "over" });

    // The implementing unit screens (decision 023's runners): admits the first and the third by hand.
    await setImplementingUnit({ db, actor: w.admins.province, input: { projectId, unitId: w.units.countyB.id } });
    const r = await screenClass({ db, actor: w.admins.countyB, input: { classId: A, mode: "chosen", admit: [ids[0]!, ids[2]!], reason: "优先录取农村学校教师" }, now: screening });
    expect(r).toEqual({ classId: A, admitted: 2, notAdmitted: 1 });
    expect((await stateOf(ids[1]!)).state).toBe("notAdmitted");
    expect((await stateOf(ids[1]!)).lastReason).toBe("优先录取农村学校教师");
    expect((await stateOf(ids[0]!)).state).toBe("reviewing");
    const trail = await owner.withTenant(w.tenantId, (tx) => tx.select().from(projectDecision).where(eq(projectDecision.projectId, projectId)));
    expect(trail.filter((d) => d.action === "nomination.admit").map((d) => d.nominationId).sort()).toEqual([ids[0], ids[2]].sort());
    expect(trail.filter((d) => d.action === "nomination.notAdmitted").map((d) => [d.nominationId, d.reason])).toEqual([[ids[1], "优先录取农村学校教师"]]);
    const notices = await owner.withTenant(w.tenantId, (tx) => tx.select().from(notification).where(eq(notification.userId, ts[1]!.userId)));
    expect(notices.map((n) => [n.kind, n.link])).toEqual([["enrolmentNotAdmitted", `/my/projects/${projectId}/apply`]]);
    expect(notices[0]!.params).toMatchObject({ className: "语文A班", reason: "优先录取农村学校教师" });
    const audit = await owner.withTenant(w.tenantId, (tx) => tx.select().from(auditEvent).where(and(eq(auditEvent.action, "projects.classes.screen"), eq(auditEvent.target, `class:${A}`))));
    expect(audit).toHaveLength(1);
    // The teacher sees the outcome and may apply again.
    expect((await openProjects({ db, actor: ts[1]!.actor })).projects.find((p) => p.id === projectId)!.mine).toMatchObject({ state: "notAdmitted", className: "语文A班", reason: "优先录取农村学校教师", canApplyAgain: true });

    // 按报名先后 on a class already within its cap changes nothing.
    expect(await screenClass({ db, actor: w.admins.province, input: { classId: A, mode: "byOrder", reason: "名额有限" }, now: screening })).toMatchObject({ admitted: 2, notAdmitted: 0 });

    // An admitted applicant reaching 入选 joins their class, ready for attendance and 学时认定.
    await reviewNomination({ db, actor: w.admins.schoolA1, input: { nominationId: ids[0]!, decision: "pass" } });
    for (let i = 0; i < 2; i++) await reviewNomination({ db, actor: w.admins.province, input: { nominationId: ids[0]!, decision: "pass" } });
    await qualifyNomination({ db, actor: w.admins.province, input: { nominationId: ids[0]!, decision: "pass" } });
    const member = await owner.withTenant(w.tenantId, (tx) => tx.select().from(projectClassMember).where(eq(projectClassMember.nominationId, ids[0]!)));
    expect(member.map((m) => m.classId)).toEqual([A]);
    // The classes were declared up front: no automatic split over them.
    expect(await errorOf(formClasses({ db, actor: w.admins.province, input: { projectId, classSize: "30" } }))).toMatchObject({ code: "projectStateConflict" });
  });

  it("cancelling a class below its minimum releases its applicants; they apply again in round 2", async () => {
    const { projectId, A, B, D } = await twoRoundProject();
    const t = await w.teacherAt(w.units.schoolA1);
    const { nominationId } = await apply(t, projectId, B, inRound1);
    // Only the owner's managers cancel, only under the minimum, and with the confirmation.
    await setImplementingUnit({ db, actor: w.admins.province, input: { projectId, unitId: w.units.countyB.id } });
    expect(await errorOf(cancelClass({ db, actor: w.admins.countyB, input: { classId: B, confirm: "on" }, now: screening }))).toMatchObject({ code: "forbidden" });
    expect(await errorOf(cancelClass({ db, actor: w.admins.province, input: { classId: B }, now: screening }))).toMatchObject({ code: "badRequest" });
    expect(await errorOf(cancelClass({ db, actor: w.admins.province, input: { classId: D, confirm: "on" }, now: screening }))).toMatchObject({ code: "projectStateConflict" });
    expect(await cancelClass({ db, actor: w.admins.province, input: { classId: B, confirm: "on" }, now: screening })).toEqual({ classId: B, released: 1 });
    expect(await stateOf(nominationId)).toMatchObject({ state: "notAdmitted", lastReason: "班级未开班" });
    const notices = await owner.withTenant(w.tenantId, (tx) => tx.select().from(notification).where(eq(notification.userId, t.userId)));
    expect(notices.map((n) => n.kind)).toEqual(["enrolmentClassCancelled"]);
    expect(await errorOf(cancelClass({ db, actor: w.admins.province, input: { classId: B, confirm: "on" }, now: screening }))).toMatchObject({ code: "projectStateConflict" });

    // Between the rounds nobody applies; in round 2 the cancelled class is closed, an open one with seats takes them.
    expect(await errorOf(apply(t, projectId, A, screening))).toMatchObject({ code: "projectStateConflict", fieldErrors: { classId: ["第一轮报名已结束，请等待第二轮报名"] } });
    expect(await errorOf(apply(t, projectId, B, inRound2))).toMatchObject({ code: "projectStateConflict", fieldErrors: { classId: ["该班未开班"] } });
    const again = await apply(t, projectId, A, inRound2);
    expect((await stateOf(again.nominationId)).round).toBe(2);
    const form = await applicationForm({ db, actor: t.actor, query: { projectId }, now: inRound2 });
    expect(form.mine).toMatchObject({ id: again.nominationId, state: "reviewing", canApplyAgain: false });
    expect(form.twoRound!.classes.find((c) => c.id === B)).toMatchObject({ cancelled: true, refusal: "该班未开班" });
  });

  it("round 2: two teachers racing for a class's last seat — exactly one gets it, the other 该班已满", async () => {
    const { projectId, D } = await twoRoundProject();
    const [a, b] = [await w.teacherAt(w.units.schoolA1), await w.teacherAt(w.units.schoolB1)];
    const results = await Promise.allSettled([apply(a, projectId, D, inRound2, racer), apply(b, projectId, D, inRound2, racer)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "quotaExceeded", fieldErrors: { classId: ["该班已满"] } });
    const held = await owner.withTenant(w.tenantId, (tx) => tx.select().from(nomination).where(eq(nomination.classId, D)));
    expect(held).toHaveLength(1);
  });

  it("a teacher withdraws their own pending application, and may apply again", async () => {
    const { projectId, A } = await twoRoundProject();
    const t = await w.teacherAt(w.units.schoolA2);
    const u = await w.teacherAt(w.units.schoolA2);
    const { nominationId } = await apply(t, projectId, A, inRound1);
    expect(await errorOf(retractApplication({ db, actor: u.actor, input: { nominationId } }))).toMatchObject({ code: "notFound" });
    expect(await errorOf(retractApplication({ db, actor: w.admins.schoolA2, input: { nominationId } }))).toMatchObject({ code: "notFound" });
    expect(await retractApplication({ db, actor: t.actor, input: { nominationId } })).toEqual({ nominationId, state: "retracted" });
    expect(await errorOf(retractApplication({ db, actor: t.actor, input: { nominationId } }))).toMatchObject({ code: "nominationStateConflict" });
    const trail = await owner.withTenant(w.tenantId, (tx) => tx.select().from(projectDecision).where(eq(projectDecision.nominationId, nominationId)));
    expect(trail.map((d) => d.action)).toEqual(["nomination.apply", "nomination.retract"]);
    await apply(t, projectId, A, inRound1);
  });

  it("another province sees nothing; bad input gets clear errors", async () => {
    const { projectId, A } = await twoRoundProject();
    const foreign = other.admins.province;
    expect(await errorOf(roundsPage({ db, actor: foreign, query: { projectId } }))).toMatchObject({ code: "notFound" });
    expect(await errorOf(screenClass({ db, actor: foreign, input: { classId: A, mode: "byOrder", reason: "x" }, now: screening }))).toMatchObject({ code: "notFound" });
    expect(await errorOf(cancelClass({ db, actor: foreign, input: { classId: A, confirm: "on" }, now: screening }))).toMatchObject({ code: "notFound" });
    expect(await errorOf(setRounds({ db, actor: foreign, input: { projectId, twoRound: "on", ...rounds } }))).toMatchObject({ code: "notFound" });
    expect(await errorOf(saveClassOffer({ db, actor: foreign, input: { projectId, name: "x", cap: "3", minSize: "1" } }))).toMatchObject({ code: "notFound" });
    const foreignTeacher = await other.teacherAt(other.units.schoolA1);
    expect(await errorOf(apply(foreignTeacher, projectId, A, inRound1))).toMatchObject({ code: "notFound" });

    // Another province's class id in this province's project: no such class.
    const theirs = await (async () => {
      const a = other.admins.province;
      const { projectId: p } = await createProject({ db, actor: a, input: { ownerUnitId: other.units.province.id, ...projectFacts({ enrolmentMode: "selfEnrolment", capacity: "0", stages: [] }) } });
      return (await saveClassOffer({ db, actor: a, input: { projectId: p, name: "他省班", cap: "3", minSize: "1" } })).classId;
    })();
    const t = await w.teacherAt(w.units.schoolA1);
    expect(await errorOf(apply(t, projectId, theirs, inRound1))).toMatchObject({ code: "badRequest", fieldErrors: { classId: ["班级不存在"] } });
    expect(await errorOf(applyToProject({ db, actor: t.actor, input: { projectId, answers }, now: inRound1 }))).toMatchObject({ code: "badRequest", fieldErrors: { classId: ["请选择班级"] } });
    expect(await errorOf(applyToProject({ db, actor: t.actor, input: { projectId, classId: "not-a-uuid", answers }, now: inRound1 }))).toMatchObject({ code: "badRequest" });

    const bad = (input: Record<string, unknown>) => errorOf(saveClassOffer({ db, actor: w.admins.province, input: { projectId, name: "语文E班", cap: "3", minSize: "1", ...input } }));
    expect(await bad({ name: "语文\u0000班" })).toMatchObject({ code: "badRequest", fieldErrors: { name: [expect.stringContaining("控制字符")] } });
    expect(await bad({ name: "班".repeat(1_000_000) })).toMatchObject({ code: "badRequest" });
    expect(await bad({ cap: "2", minSize: "5" })).toMatchObject({ code: "badRequest", fieldErrors: { minSize: ["开班最低人数不能大于班额"] } });
    expect(await bad({ name: "语文A班" })).toMatchObject({ code: "conflict" });
    expect(await errorOf(screenClass({ db, actor: w.admins.province, input: { classId: A, mode: "byOrder", reason: "理由\u0000" }, now: screening }))).toMatchObject({ code: "badRequest" });
    expect(await errorOf(screenClass({ db, actor: w.admins.province, input: { classId: A, mode: "byOrder", reason: "长".repeat(100_000) }, now: screening }))).toMatchObject({ code: "badRequest" });
    // Round days out of order or past the project's end.
    expect(await errorOf(setRounds({ db, actor: w.admins.province, input: { projectId, twoRound: "on", ...rounds, round2Opens: "2026-02-09" } }))).toMatchObject({ code: "badRequest", fieldErrors: { round2Opens: ["第二轮须在第一轮截止之后开始"] } });
    expect(await errorOf(setRounds({ db, actor: w.admins.province, input: { projectId, twoRound: "on", ...rounds, round2Closes: "2026-07-01" } }))).toMatchObject({ code: "badRequest" });
    // A nomination-only project has no rounds.
    const { projectId: nominationOnly } = await createProject({ db, actor: w.admins.province, input: { ownerUnitId: w.units.province.id, ...projectFacts() } });
    expect(await errorOf(setRounds({ db, actor: w.admins.province, input: { projectId: nominationOnly, twoRound: "on", ...rounds } }))).toMatchObject({ code: "projectStateConflict" });
  });
});
