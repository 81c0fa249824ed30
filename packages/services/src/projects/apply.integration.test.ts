import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { projectDecision } from "@yanxiu/db/schema";
import { applicationForm, applyToProject, createProject, nominationTrail, openProjects, publishProject, qualifyNomination, reviewNomination } from "./index.ts";
import { projectFacts, projectTestSetup, type TProjectWorld } from "./test-setup.ts";

let w: TProjectWorld;
let other: TProjectWorld;
const { owner, db, racer } = projectTestSetup((seeded) => {
  ({ w, other } = seeded);
});

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; fieldErrors?: Record<string, string[]> }) => ({ code: e.code, fieldErrors: e.fieldErrors }));

/** A published project of `unit` taking applications (uncapped unless `capacity`), for every stage. */
async function openProject(over: Record<string, unknown> = {}, unit: "province" | "countyA" = "province") {
  const a = unit === "province" ? w.admins.province : w.admins.countyA;
  const { projectId } = await createProject({ db, actor: a, input: { ownerUnitId: w.units[unit].id, ...projectFacts({ enrolmentMode: "selfEnrolment", capacity: "0", stages: [], ...over }) } });
  await publishProject({ db, actor: a, input: { projectId } });
  return projectId;
}

const answers = { title: "一级教师" };

describe("自主报名", () => {
  it("a teacher applies; their school approves first, then the county, the city and the owner's 资质复审", async () => {
    const projectId = await openProject();
    const t = await w.teacherAt(w.units.schoolA1);
    const listed = await openProjects({ db, actor: t.actor });
    expect(listed.projects.find((p) => p.id === projectId)).toMatchObject({ refusal: null, mine: null });
    const form = await applicationForm({ db, actor: t.actor, query: { projectId } });
    expect(form.infoForm.map((f) => f.key)).toEqual(["title", "awards"]);

    const { nominationId, awaitingUnitId } = await applyToProject({ db, actor: t.actor, input: { projectId, answers } });
    expect(awaitingUnitId).toBe(w.units.schoolA1.id);
    expect((await openProjects({ db, actor: t.actor })).projects.find((p) => p.id === projectId)!.mine).toMatchObject({ id: nominationId, state: "reviewing", applied: true });
    // Nobody below or beside the school decides its step (a teacher, another school's admin).
    expect(await errorOf(reviewNomination({ db, actor: t.actor, input: { nominationId, decision: "pass" } }))).toMatchObject({ code: "notFound" });
    expect(await errorOf(reviewNomination({ db, actor: w.admins.schoolA2, input: { nominationId, decision: "pass" } }))).toMatchObject({ code: "notFound" });

    await reviewNomination({ db, actor: w.admins.schoolA1, input: { nominationId, decision: "pass" } });
    await reviewNomination({ db, actor: w.admins.countyA, input: { nominationId, decision: "pass" } });
    await reviewNomination({ db, actor: w.admins.city, input: { nominationId, decision: "pass" } });
    await qualifyNomination({ db, actor: w.admins.province, input: { nominationId, decision: "pass" } });
    expect((await openProjects({ db, actor: t.actor })).projects.find((p) => p.id === projectId)!.mine).toMatchObject({ state: "approved" });
    const trail = await owner.withTenant(w.tenantId, (tx) => tx.select().from(projectDecision).where(eq(projectDecision.nominationId, nominationId)));
    expect(trail.map((r) => [r.action, r.atUnitId])).toEqual([
      ["nomination.apply", w.units.schoolA1.id],
      ["nomination.review.pass", w.units.schoolA1.id],
      ["nomination.review.pass", w.units.countyA.id],
      ["nomination.review.pass", w.units.city.id],
      ["nomination.qualify.pass", w.units.province.id],
    ]);
    // The trail as the nomination page shows it names the school for the first two steps.
    const shown = await nominationTrail({ db, actor: w.admins.province, query: { nominationId } });
    expect(shown.map((r) => r.action)).toEqual(trail.map((r) => r.action));
  });

  it("the school may send an application back with a reason", async () => {
    const projectId = await openProject();
    const t = await w.teacherAt(w.units.schoolA2);
    const { nominationId } = await applyToProject({ db, actor: t.actor, input: { projectId, answers } });
    await reviewNomination({ db, actor: w.admins.schoolA2, input: { nominationId, decision: "return", reason: "本学期教学任务重，下期再报" } });
    expect((await openProjects({ db, actor: t.actor })).projects.find((p) => p.id === projectId)!.mine).toMatchObject({ state: "returned" });
    // Another school's admin has no say.
    const u = await w.teacherAt(w.units.schoolA2);
    const second = await applyToProject({ db, actor: u.actor, input: { projectId, answers } });
    expect(await errorOf(reviewNomination({ db, actor: w.admins.schoolA1, input: { nominationId: second.nominationId, decision: "pass" } }))).toMatchObject({ code: "notFound" });
  });

  it("refuses a second application, a wrong 信息表, a subject the teacher does not teach, and projects that take no applications", async () => {
    const projectId = await openProject();
    const t = await w.teacherAt(w.units.schoolA1);
    expect(await errorOf(applyToProject({ db, actor: t.actor, input: { projectId, answers: {} } }))).toMatchObject({ code: "badRequest", fieldErrors: { "answers.title": [expect.any(String)] } });
    expect(await errorOf(applyToProject({ db, actor: t.actor, input: { projectId, answers: { title: "一级\u0000教师" } } }))).toMatchObject({ code: "badRequest" });
    await applyToProject({ db, actor: t.actor, input: { projectId, answers } });
    expect(await errorOf(applyToProject({ db, actor: t.actor, input: { projectId, answers } }))).toMatchObject({ code: "alreadyNominated" });

    const maths = await openProject({ subjects: ["数学"] });
    expect((await openProjects({ db, actor: t.actor })).projects.find((p) => p.id === maths)!.refusal).toBe("本项目面向数学学科的教师");
    expect(await errorOf(applyToProject({ db, actor: t.actor, input: { projectId: maths, answers } }))).toMatchObject({ code: "badRequest", fieldErrors: { projectId: ["本项目面向数学学科的教师"] } });

    const nominationOnly = await openProject({ enrolmentMode: "nomination", capacity: "10" });
    expect((await openProjects({ db, actor: t.actor })).projects.some((p) => p.id === nominationOnly)).toBe(false);
    expect(await errorOf(applyToProject({ db, actor: t.actor, input: { projectId: nominationOnly, answers } }))).toMatchObject({ code: "projectStateConflict" });
    const { projectId: draft } = await createProject({ db, actor: w.admins.province, input: { ownerUnitId: w.units.province.id, ...projectFacts({ enrolmentMode: "selfEnrolment", capacity: "0", stages: [] }) } });
    expect(await errorOf(applyToProject({ db, actor: t.actor, input: { projectId: draft, answers } }))).toMatchObject({ code: "notFound" });
  });

  it("a county's project is for that county's teachers; another province's teacher sees nothing", async () => {
    const projectId = await openProject({}, "countyA");
    const inside = await w.teacherAt(w.units.schoolA1);
    const outside = await w.teacherAt(w.units.schoolB1);
    const foreign = await other.teacherAt(other.units.schoolA1);
    expect((await openProjects({ db, actor: outside.actor })).projects.some((p) => p.id === projectId)).toBe(false);
    expect(await errorOf(applyToProject({ db, actor: outside.actor, input: { projectId, answers } }))).toMatchObject({ code: "notFound" });
    expect(await errorOf(applyToProject({ db, actor: foreign.actor, input: { projectId, answers } }))).toMatchObject({ code: "notFound" });
    expect(await errorOf(applicationForm({ db, actor: foreign.actor, query: { projectId } }))).toMatchObject({ code: "notFound" });
    // An admin (not a teacher) has no application to make.
    expect(await errorOf(applyToProject({ db, actor: w.admins.countyA, input: { projectId, answers } }))).toMatchObject({ code: "notFound" });
    const r = await applyToProject({ db, actor: inside.actor, input: { projectId, answers } });
    expect(r.awaitingUnitId).toBe(w.units.schoolA1.id);
  });

  it("with seats, an application takes the nearest allocation; two teachers racing for the last seat: one gets it", async () => {
    const projectId = await openProject({ enrolmentMode: "both", capacity: "1" });
    const [a, b] = [await w.teacherAt(w.units.schoolB1), await w.teacherAt(w.units.schoolB1)];
    const results = await Promise.allSettled([
      applyToProject({ db: racer, actor: a.actor, input: { projectId, answers } }),
      applyToProject({ db: racer, actor: b.actor, input: { projectId, answers } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "quotaExceeded", fieldErrors: { projectId: ["名额已满"] } });
  });
});
