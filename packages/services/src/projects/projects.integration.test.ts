import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvent, nomination, projectDecision, quotaAllocation, trainingProject } from "@yanxiu/db/schema";
import { codeOf } from "../credits/test-setup.ts";
import {
  allocateQuota,
  assessmentPage,
  closeProject,
  createProject,
  decideProjectApproval,
  getProject,
  listNominations,
  listProjects,
  nominateTeacher,
  nominationTrail,
  projectPage,
  publishProject,
  qualifyNomination,
  quotaTable,
  replaceNomination,
  reviewNomination,
  startProject,
  updateProject,
  withdrawNomination,
} from "./index.ts";
import { demoProjectName, seedDemoProject } from "../seed/seed-projects.ts";
import { projectFacts, projectTestSetup, seedProjectWorld, type TProjectWorld } from "./test-setup.ts";

let w: TProjectWorld;
let other: TProjectWorld;
const { owner, db, racer } = projectTestSetup((seeded) => {
  ({ w, other } = seeded);
});

const fieldErrorsOf = (p: Promise<unknown>) => p.then(() => null, (e: { fieldErrors?: unknown; code?: string }) => e.fieldErrors ?? e.code);
const answers = { title: "高级教师" };

/** A published province project with capacity `capacity`, and its root allocation. */
async function publishedProvinceProject(over: Record<string, unknown> = {}) {
  const a = w.admins.province;
  const { projectId, rootAllocationId } = await createProject({ db, actor: a, input: { ownerUnitId: w.units.province.id, ...projectFacts(over) } });
  await publishProject({ db, actor: a, input: { projectId } });
  return { projectId, root: rootAllocationId };
}
const allocate = (actor: TProjectWorld["admins"]["province"], projectId: string, parentAllocationId: string, orgUnitId: string, seats: number, quotaKey = "") =>
  allocateQuota({ db, actor, input: { projectId, parentAllocationId, orgUnitId, seats, quotaKey } });
const rowOf = async (projectId: string, actor = w.admins.province) => {
  const t = await quotaTable({ db, actor, query: { projectId } });
  return (unitId: string, key = "") => t.rows.find((r) => r.orgUnitId === unitId && r.quotaKey === key);
};

describe("creating projects at the levels of the org tree", () => {
  it("the org scope decides the level: a county admin creates for the county or its schools, not for the city", async () => {
    const c = await createProject({ db, actor: w.admins.countyA, input: { ownerUnitId: w.units.countyA.id, ...projectFacts() } });
    const s = await createProject({ db, actor: w.admins.countyA, input: { ownerUnitId: w.units.schoolA1.id, ...projectFacts() } });
    const [rows] = await db.withTenant(w.tenantId, (tx) => Promise.all([tx.select().from(trainingProject).where(sql`${trainingProject.id} in (${c.projectId}, ${s.projectId})`)]));
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.level, r.organiserLevel, r.state]]))).toEqual({
      [c.projectId]: ["county", "county", "draft"],
      [s.projectId]: ["school", "school", "draft"],
    });
    expect(await fieldErrorsOf(createProject({ db, actor: w.admins.countyA, input: { ownerUnitId: w.units.city.id, ...projectFacts() } }))).toEqual({ ownerUnitId: ["所选机构不在你的管理范围内"] });
    expect(await fieldErrorsOf(createProject({ db, actor: w.admins.countyA, input: { ownerUnitId: w.units.schoolB1.id, ...projectFacts() } }))).toEqual({ ownerUnitId: ["所选机构不在你的管理范围内"] });
    expect(await fieldErrorsOf(createProject({ db, actor: w.admins.province, input: { ownerUnitId: w.units.institution.id, ...projectFacts() } }))).toEqual({ ownerUnitId: ["培训项目须由省、市、县或学校主办"] });
    const t = await w.teacherAt(w.units.schoolA1);
    expect(await codeOf(createProject({ db, actor: t.actor, input: { ownerUnitId: w.units.schoolA1.id, ...projectFacts() } }))).toBe("forbidden");
  });

  it("a project that needs 上级审核 waits for the level above: not its own admins, the city approves or returns it with a reason", async () => {
    const a = w.admins.countyA;
    const { projectId } = await createProject({ db, actor: a, input: { ownerUnitId: w.units.countyA.id, ...projectFacts({ needsApproval: "on" }) } });
    expect(await publishProject({ db, actor: a, input: { projectId } })).toEqual({ projectId, state: "pendingApproval" });
    expect(await codeOf(decideProjectApproval({ db, actor: a, input: { projectId, decision: "approve" } }))).toBe("forbidden");
    expect(await codeOf(updateProject({ db, actor: a, input: { projectId, ...projectFacts({ needsApproval: "on" }) } }))).toBe("projectStateConflict");
    expect(await fieldErrorsOf(decideProjectApproval({ db, actor: w.admins.city, input: { projectId, decision: "return" } }))).toEqual({ reason: ["退回须填写理由"] });
    expect(await decideProjectApproval({ db, actor: w.admins.city, input: { projectId, decision: "return", reason: "经费预算不明确" } })).toEqual({ projectId, state: "draft" });
    await publishProject({ db, actor: a, input: { projectId } });
    expect(await decideProjectApproval({ db, actor: w.admins.city, input: { projectId, decision: "approve" } })).toEqual({ projectId, state: "published" });
    expect(await codeOf(decideProjectApproval({ db, actor: w.admins.city, input: { projectId, decision: "approve" } }))).toBe("projectStateConflict");
    const trail = await db.withTenant(w.tenantId, (tx) => tx.select().from(projectDecision).where(eq(projectDecision.projectId, projectId)).orderBy(projectDecision.occurredAt));
    expect(trail.map((d) => [d.action, d.toState, d.reason])).toEqual([
      ["project.create", "draft", ""],
      ["project.submit", "pendingApproval", ""],
      ["project.return", "draft", "经费预算不明确"],
      ["project.submit", "pendingApproval", ""],
      ["project.approve", "published", ""],
    ]);
  });

  it("planned 学时 are fixed once published (the service refuses, and the table's trigger refuses any other path); the name is not", async () => {
    const { projectId } = await publishedProvinceProject();
    const a = w.admins.province;
    const base = projectFacts();
    expect(await codeOf(updateProject({ db, actor: a, input: { projectId, ...base, plannedHours: "60" } }))).toBe("projectStateConflict");
    const renamed = await updateProject({ db, actor: a, input: { projectId, ...base, name: "更名后的项目" } });
    expect(renamed.changed).toContain("name");
    expect(renamed.changed).not.toContain("infoForm");
    const frozen = { cause: { message: expect.stringMatching(/its planned hours and enrolment rules are fixed/) } };
    await expect(db.withTenant(w.tenantId, (tx) => tx.update(trainingProject).set({ plannedHours: "99" }).where(eq(trainingProject.id, projectId)))).rejects.toMatchObject(frozen);
    await expect(db.withTenant(w.tenantId, (tx) => tx.update(trainingProject).set({ state: "draft" }).where(eq(trainingProject.id, projectId)))).rejects.toMatchObject(frozen);
    expect(await startProject({ db, actor: a, input: { projectId } })).toMatchObject({ state: "running" });
    expect(await closeProject({ db, actor: a, input: { projectId } })).toMatchObject({ state: "closed" });
    expect(await codeOf(updateProject({ db, actor: a, input: { projectId, ...base, name: "再改" } }))).toBe("projectStateConflict");
  });

  it("a draft stays with its managers; once published the admins below see it in their list", async () => {
    const { projectId } = await createProject({ db, actor: w.admins.province, input: { ownerUnitId: w.units.province.id, ...projectFacts({ name: "草稿项目甲" }) } });
    expect(await codeOf(getProject({ db, actor: w.admins.countyA, query: { projectId } }))).toBe("notFound");
    expect((await listProjects({ db, actor: w.admins.countyA, query: { q: "草稿项目甲" } })).total).toBe(0);
    await publishProject({ db, actor: w.admins.province, input: { projectId } });
    const seen = await getProject({ db, actor: w.admins.countyA, query: { projectId } });
    expect(seen.perms).toMatchObject({ edit: false, publish: false, withdraw: false });
    expect((await listProjects({ db, actor: w.admins.countyA, query: { q: "草稿项目甲" } })).items.map((i) => i.id)).toEqual([projectId]);
    // A sibling county's own projects stay out of county A's list.
    const b = await createProject({ db, actor: w.admins.countyB, input: { ownerUnitId: w.units.countyB.id, ...projectFacts({ name: "草稿项目乙" }) } });
    await publishProject({ db, actor: w.admins.countyB, input: { projectId: b.projectId } });
    expect((await listProjects({ db, actor: w.admins.countyA, query: { q: "草稿项目乙" } })).total).toBe(0);
    expect(await codeOf(getProject({ db, actor: w.admins.countyA, query: { projectId: b.projectId } }))).toBe("notFound");
  });
});

describe("quotas cascading 省 → 市 → 县 → 校", () => {
  it("each level hands out no more than it got, takes back nothing already used, and every figure stays at zero or more", async () => {
    const { projectId, root } = await publishedProvinceProject({ capacity: "10" });
    const city = await allocate(w.admins.province, projectId, root, w.units.city.id, 8);
    expect(await codeOf(allocate(w.admins.province, projectId, root, w.units.city.id, 11))).toBe("quotaExceeded");
    const ka = await allocate(w.admins.city, projectId, city.allocationId, w.units.countyA.id, 5);
    await allocate(w.admins.city, projectId, city.allocationId, w.units.countyB.id, 3);
    expect(await fieldErrorsOf(allocate(w.admins.city, projectId, city.allocationId, w.units.countyB.id, 4))).toEqual({ seats: ["名额不足：上级剩余 0 个"] });
    // The county cannot hand out the city's seats, nor give seats to another county's school.
    expect(await codeOf(allocate(w.admins.countyA, projectId, city.allocationId, w.units.schoolA1.id, 1))).toBe("notFound");
    expect(await fieldErrorsOf(allocate(w.admins.countyA, projectId, ka.allocationId, w.units.schoolB1.id, 1))).toEqual({ orgUnitId: ["只能向本级以下的市、县或学校分配名额"] });
    const s1 = await allocate(w.admins.countyA, projectId, ka.allocationId, w.units.schoolA1.id, 2);
    const t = await w.teacherAt(w.units.schoolA1);
    await nominateTeacher({ db, actor: w.admins.schoolA1, input: { projectId, allocationId: s1.allocationId, nominatingUnitId: w.units.schoolA1.id, teacherId: t.userId, answers } });
    // Shrinking below what is already used (one nomination) is refused; to exactly that is allowed.
    expect(await fieldErrorsOf(allocate(w.admins.countyA, projectId, ka.allocationId, w.units.schoolA1.id, 0))).toEqual({ seats: ["不能少于已下发和已使用的 1 个"] });
    await allocate(w.admins.countyA, projectId, ka.allocationId, w.units.schoolA1.id, 1);
    // The project's capacity cannot drop below what the province handed out.
    expect(await fieldErrorsOf(updateProject({ db, actor: w.admins.province, input: { projectId, ...projectFacts({ capacity: "7" }) } }))).toMatchObject({ capacity: ["不能少于已下发和已使用的 8 个"] });
    const row = await rowOf(projectId);
    expect(row(w.units.province.id)).toMatchObject({ seats: 10, allocated: 8, used: 0, remaining: 2, usedInSubtree: 1, remainingInSubtree: 9, depth: 0 });
    expect(row(w.units.city.id)).toMatchObject({ seats: 8, allocated: 8, used: 0, remaining: 0, usedInSubtree: 1, remainingInSubtree: 7, depth: 1 });
    expect(row(w.units.countyA.id)).toMatchObject({ seats: 5, allocated: 1, used: 0, remaining: 4, depth: 2 });
    expect(row(w.units.schoolA1.id)).toMatchObject({ seats: 1, allocated: 0, used: 1, remaining: 0, depth: 3 });
    expect(row(w.units.countyB.id)).toMatchObject({ seats: 3, remaining: 3 });
    const all = (await quotaTable({ db, actor: w.admins.province, query: { projectId } })).rows;
    expect(all.length).toBe(5);
    expect(all.filter((r) => r.remaining < 0 || r.remainingInSubtree < 0 || r.allocated + r.used > r.seats)).toEqual([]);
    // Below the province, an admin sees the part of the table inside their own subtree.
    const county = await quotaTable({ db, actor: w.admins.countyA, query: { projectId } });
    expect(county.rows.map((r) => r.orgUnitId).sort()).toEqual([w.units.countyA.id, w.units.schoolA1.id].sort());
    // The project page gives the same rows with the project's facts and the actor's rights, in one call.
    const page = await projectPage({ db, actor: w.admins.countyA, query: { projectId } });
    expect(page.quota).toEqual(county.rows);
    expect(page.perms).toEqual({ edit: false, publish: false, approve: false, withdraw: false, run: false });
    expect(page.project).toMatchObject({ id: projectId, plannedHours: 48, ownerName: "省", state: "published" });
    expect(await fieldErrorsOf(allocate(w.admins.province, projectId, root, w.units.city.id, -1))).toEqual({ seats: ["名额不能为负数"] });
    expect(await fieldErrorsOf(allocate(w.admins.province, projectId, root, w.units.city.id, 1.5))).toEqual({ seats: ["名额须为整数"] });
  });

  it("seats split by subject: a pooled level may split by the project's keys, a keyed one passes its key down", async () => {
    const { projectId, root } = await publishedProvinceProject({ capacity: "6", quotaKeys: ["语文", "数学"] });
    const yw = await allocate(w.admins.province, projectId, root, w.units.city.id, 4, "语文");
    await allocate(w.admins.province, projectId, root, w.units.city.id, 2, "数学");
    expect(await fieldErrorsOf(allocate(w.admins.province, projectId, root, w.units.countyA.id, 1, "物理"))).toEqual({ quotaKey: ["项目未设置该名额类别"] });
    expect(await fieldErrorsOf(allocate(w.admins.city, projectId, yw.allocationId, w.units.countyA.id, 1, "数学"))).toEqual({ quotaKey: ["上级名额属于「语文」，只能继续分配该类别"] });
    await allocate(w.admins.city, projectId, yw.allocationId, w.units.countyA.id, 3);
    const row = await rowOf(projectId);
    expect(row(w.units.countyA.id, "语文")).toMatchObject({ seats: 3 });
    expect(row(w.units.city.id, "语文")).toMatchObject({ seats: 4, allocated: 3, remaining: 1 });
    expect(row(w.units.city.id, "数学")).toMatchObject({ seats: 2, remaining: 2 });
    expect(row(w.units.province.id)).toMatchObject({ seats: 6, allocated: 6, remaining: 0 });
  });

  it("concurrent allocations from one parent never overspend it: of two cities' worth asked for the last seats at once, one gets them", async () => {
    const { projectId, root } = await publishedProvinceProject({ capacity: "3" });
    const results = await Promise.all(
      [w.units.city.id, w.units.countyA.id, w.units.countyB.id].map((u) => codeOf(allocateQuota({ db: racer, actor: w.admins.province, input: { projectId, parentAllocationId: root, orgUnitId: u, seats: 2 } }))),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(results.filter((r) => r === "quotaExceeded")).toHaveLength(2);
    expect((await rowOf(projectId))(w.units.province.id)).toMatchObject({ allocated: 2, remaining: 1 });
  });
});

describe("quotas under concurrent load", () => {
  it("sixty allocations and nominations at once, all over the tree: every level stays within what it got, none negative, nothing but clear refusals", async () => {
    const { projectId, root } = await publishedProvinceProject({ capacity: "12" });
    const city = await allocate(w.admins.province, projectId, root, w.units.city.id, 8);
    const ka = await allocate(w.admins.city, projectId, city.allocationId, w.units.countyA.id, 4);
    const kb = await allocate(w.admins.city, projectId, city.allocationId, w.units.countyB.id, 3);
    const schools = [w.units.schoolA1, w.units.schoolA2, w.units.schoolB1];
    const teachers = await Promise.all(Array.from({ length: 18 }, (_, i) => w.teacherAt(schools[i % 3]!)));
    // A fixed pseudo-random plan, so a failure can be replayed.
    // (mulberry32: a small generator whose low bits are not periodic like a bare LCG's.)
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) % n;
    };
    // Each unit's seats come from one parent; a level resizes what it gave (growing and shrinking).
    const parents = [
      { id: root, actor: w.admins.province, children: [w.units.city.id], base: 6 },
      { id: city.allocationId, actor: w.admins.city, children: [w.units.countyA.id, w.units.countyB.id], base: 0 },
      { id: ka.allocationId, actor: w.admins.countyA, children: [w.units.schoolA1.id, w.units.schoolA2.id], base: 0 },
      { id: kb.allocationId, actor: w.admins.countyB, children: [w.units.schoolB1.id], base: 0 },
    ];
    const pools = [
      { id: ka.allocationId, school: 0, actor: w.admins.schoolA1 },
      { id: ka.allocationId, school: 1, actor: w.admins.schoolA2 },
      { id: kb.allocationId, school: 2, actor: w.admins.schoolB1 },
      { id: root, school: 0, actor: w.admins.province },
    ];
    const ops = Array.from({ length: 60 }, () => {
      if (rnd(2) === 0) {
        const p = parents[rnd(parents.length)]!;
        const child = p.children[rnd(p.children.length)]!;
        const seats = p.base + rnd(5);
        return () => allocateQuota({ db: racer, actor: p.actor, input: { projectId, parentAllocationId: p.id, orgUnitId: child, seats } });
      }
      const pool = pools[rnd(pools.length)]!;
      const t = teachers[rnd(6) * 3 + pool.school]!;
      const unit = schools[pool.school]!.id;
      return () => nominateTeacher({ db: racer, actor: pool.actor, input: { projectId, allocationId: pool.id, nominatingUnitId: unit, teacherId: t.userId, answers } });
    });
    const codes = await Promise.all(ops.map((op) => codeOf(op())));
    const tally = codes.reduce<Record<string, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {});
    // Only successes and the refusals a person can read; no deadlock, no internal error.
    expect(Object.keys(tally).filter((c) => !["ok", "quotaExceeded", "badRequest", "alreadyNominated", "conflict"].includes(c))).toEqual([]);
    // Not vacuous: both kinds of write got through, and the last seats were fought over.
    expect(tally.ok ?? 0).toBeGreaterThan(10);
    expect(tally.quotaExceeded ?? 0).toBeGreaterThan(0);
    const rows = (await quotaTable({ db, actor: w.admins.province, query: { projectId } })).rows;
    expect(rows.filter((r) => r.remaining < 0 || r.allocated + r.used > r.seats)).toEqual([]);
    // The figures the table shows are the rows themselves: handed down = the children's seats, held = the nominations.
    const [counted] = await db.withTenant(w.tenantId, (tx) =>
      tx.select({ n: sql<number>`count(*)::int` }).from(nomination).where(sql`${nomination.projectId} = ${projectId} and ${nomination.state} = 'reviewing'`),
    );
    expect(rows.reduce((n, r) => n + r.used, 0)).toBe(counted!.n);
    for (const r of rows) expect(r.allocated).toBe(rows.filter((c) => c.parentId === r.id).reduce((n, c) => n + c.seats, 0));
    expect(rows.find((r) => r.parentId === null)!.seats).toBe(12);
  });
});

describe("nominations", () => {
  it("two schools racing for their county pool's last seat: exactly one wins, every round", async () => {
    for (let round = 0; round < 3; round++) {
      const { projectId, root } = await publishedProvinceProject({ capacity: "1" });
      const pool = await allocate(w.admins.province, projectId, root, w.units.countyA.id, 1);
      const [t1, t2] = await Promise.all([w.teacherAt(w.units.schoolA1), w.teacherAt(w.units.schoolA2)]);
      const results = await Promise.all([
        codeOf(nominateTeacher({ db: racer, actor: w.admins.schoolA1, input: { projectId, allocationId: pool.allocationId, nominatingUnitId: w.units.schoolA1.id, teacherId: t1.userId, answers } })),
        codeOf(nominateTeacher({ db: racer, actor: w.admins.schoolA2, input: { projectId, allocationId: pool.allocationId, nominatingUnitId: w.units.schoolA2.id, teacherId: t2.userId, answers } })),
      ]);
      expect(results.sort()).toEqual(["ok", "quotaExceeded"]);
      const held = await db.withTenant(w.tenantId, (tx) => tx.select().from(nomination).where(eq(nomination.projectId, projectId)));
      expect(held).toHaveLength(1);
      expect((await rowOf(projectId))(w.units.countyA.id)).toMatchObject({ seats: 1, used: 1, remaining: 0 });
    }
  });

  it("six nominations at once into a pool of two: two get in, four are refused, none over", async () => {
    const { projectId, root } = await publishedProvinceProject({ capacity: "2" });
    const pool = await allocate(w.admins.province, projectId, root, w.units.countyA.id, 2);
    const teachers = await Promise.all(Array.from({ length: 6 }, (_, i) => w.teacherAt(i % 2 ? w.units.schoolA1 : w.units.schoolA2)));
    const results = await Promise.all(
      teachers.map((t, i) =>
        codeOf(nominateTeacher({ db: racer, actor: w.admins.countyA, input: { projectId, allocationId: pool.allocationId, nominatingUnitId: i % 2 ? w.units.schoolA1.id : w.units.schoolA2.id, teacherId: t.userId, answers } })),
      ),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(2);
    expect(results.filter((r) => r === "quotaExceeded")).toHaveLength(4);
  });

  it("a school nominates with the 信息表; the county, then the city review; the province's 资质复审 returns one; the school replaces it inside the same seat", async () => {
    const { projectId, root } = await publishedProvinceProject({ capacity: "4" });
    const city = await allocate(w.admins.province, projectId, root, w.units.city.id, 2);
    const county = await allocate(w.admins.city, projectId, city.allocationId, w.units.countyA.id, 2);
    const school = await allocate(w.admins.countyA, projectId, county.allocationId, w.units.schoolA1.id, 1);
    const [t1, t2, t3, elsewhere] = await Promise.all([w.teacherAt(w.units.schoolA1), w.teacherAt(w.units.schoolA1), w.teacherAt(w.units.schoolA2), w.teacherAt(w.units.schoolB1)]);
    const nominate = (teacherId: string, a: Record<string, unknown> = answers) =>
      nominateTeacher({ db, actor: w.admins.schoolA1, input: { projectId, allocationId: school.allocationId, nominatingUnitId: w.units.schoolA1.id, teacherId, answers: a } });

    // The 信息表 is checked field by field; the teacher must be the school's own.
    expect(await fieldErrorsOf(nominate(t1.userId, {}))).toEqual({ "answers.title": ["请填写职称"] });
    expect(await fieldErrorsOf(nominate(t1.userId, { title: "特级教师" }))).toEqual({ "answers.title": ["请从选项中选择职称"] });
    expect(await fieldErrorsOf(nominate(t1.userId, { ...answers, awards: "省一等奖\u0000" }))).toEqual({ "answers.awards": ["近三年获奖含有不可见的控制字符"] });
    expect(await fieldErrorsOf(nominate(t1.userId, { ...answers, idCard: "430102199001011234" }))).toEqual({ answers: ["信息表含有未定义的字段"] });
    expect(await fieldErrorsOf(nominate(elsewhere.userId))).toEqual({ teacherId: ["只能推荐本单位在职的教师"] });
    // A school cannot nominate into a seat that does not cover it.
    expect(
      await fieldErrorsOf(nominateTeacher({ db, actor: w.admins.schoolA2, input: { projectId, allocationId: school.allocationId, nominatingUnitId: w.units.schoolA2.id, teacherId: t3.userId, answers } })),
    ).toEqual({ allocationId: ["该名额不属于本单位"] });

    const { nominationId, awaitingUnitId } = await nominate(t1.userId, { ...answers, awards: "省级优质课一等奖" });
    expect(awaitingUnitId).toBe(w.units.countyA.id);
    expect(await codeOf(nominate(t2.userId))).toBe("quotaExceeded");
    // The school cannot review its own nomination, a sibling county cannot see it, the city's turn has not come.
    expect(await codeOf(reviewNomination({ db, actor: w.admins.schoolA1, input: { nominationId, decision: "pass" } }))).toBe("forbidden");
    expect(await codeOf(reviewNomination({ db, actor: w.admins.countyB, input: { nominationId, decision: "pass" } }))).toBe("notFound");
    expect(await codeOf(reviewNomination({ db, actor: w.admins.city, input: { nominationId, decision: "pass" } }))).toBe("ok");
    // That was the county's step taken by the city (an admin above acts for the units below); the city's own step is next.
    expect(await reviewNomination({ db, actor: w.admins.city, input: { nominationId, decision: "pass" } })).toMatchObject({ state: "reviewing", awaitingUnitId: w.units.province.id, step: "review" });
    expect(await fieldErrorsOf(qualifyNomination({ db, actor: w.admins.province, input: { nominationId, decision: "return" } }))).toEqual({ reason: ["退回须填写理由"] });
    expect(await qualifyNomination({ db, actor: w.admins.province, input: { nominationId, decision: "return", reason: "任教学科与项目不符" } })).toMatchObject({ state: "returned", step: "qualification" });
    expect(await codeOf(reviewNomination({ db, actor: w.admins.province, input: { nominationId, decision: "pass" } }))).toBe("nominationStateConflict");

    // The returned nominee still holds the seat: nobody else takes it; the school replaces it.
    expect((await rowOf(projectId))(w.units.schoolA1.id)).toMatchObject({ used: 1, remaining: 0 });
    expect(await codeOf(nominate(t2.userId))).toBe("quotaExceeded");
    expect(await codeOf(replaceNomination({ db, actor: w.admins.countyB, input: { nominationId, teacherId: t2.userId, answers } }))).toBe("notFound");
    const r = await replaceNomination({ db, actor: w.admins.schoolA1, input: { nominationId, teacherId: t2.userId, answers } });
    expect(r).toMatchObject({ replaced: nominationId, awaitingUnitId: w.units.countyA.id });
    expect(await codeOf(replaceNomination({ db, actor: w.admins.schoolA1, input: { nominationId, teacherId: t1.userId, answers } }))).toBe("nominationStateConflict");
    expect((await rowOf(projectId))(w.units.schoolA1.id)).toMatchObject({ used: 1, remaining: 0 });

    // The replacement goes through every level again: county, city, then the province's 资质复审 to 入选.
    expect(await codeOf(qualifyNomination({ db, actor: w.admins.province, input: { nominationId: r.nominationId, decision: "pass" } }))).toBe("nominationStateConflict");
    await reviewNomination({ db, actor: w.admins.countyA, input: { nominationId: r.nominationId, decision: "pass" } });
    await reviewNomination({ db, actor: w.admins.city, input: { nominationId: r.nominationId, decision: "pass" } });
    expect(await qualifyNomination({ db, actor: w.admins.province, input: { nominationId: r.nominationId, decision: "pass" } })).toMatchObject({ state: "approved", awaitingUnitId: null });

    // The trail keeps every decision, who, at which unit and why.
    const trail = await nominationTrail({ db, actor: w.admins.province, query: { nominationId } });
    expect(trail.map((d) => [d.action, d.toState, d.atUnitName, d.reason])).toEqual([
      ["nomination.create", "reviewing", "岳麓一中", ""],
      ["nomination.review.pass", "reviewing", "岳麓区", ""],
      ["nomination.review.pass", "reviewing", "长沙市", ""],
      ["nomination.qualify.return", "returned", "省", "任教学科与项目不符"],
      ["nomination.replaced", "replaced", "岳麓一中", ""],
    ]);
    const audit = await db.withTenant(w.tenantId, (tx) => tx.select({ action: auditEvent.action }).from(auditEvent).where(eq(auditEvent.target, `nomination:${r.nominationId}`)));
    expect(audit.map((a) => a.action).sort()).toEqual(["projects.qualify", "projects.replaceNomination", "projects.review", "projects.review"]);

    // Lists: the province sees both, with totals; county B sees none of county A's; awaitingMe is empty now.
    const all = await listNominations({ db, actor: w.admins.province, query: { projectId, size: "20" } });
    expect(all.total).toBe(2);
    expect(all.items.map((i) => [i.teacherName, i.state, i.schoolName])).toEqual([
      [t2.name, "approved", "岳麓一中"],
      [t1.name, "replaced", "岳麓一中"],
    ]);
    expect((await listNominations({ db, actor: w.admins.countyB, query: { projectId } })).total).toBe(0);
    expect((await listNominations({ db, actor: w.admins.countyA, query: { projectId, awaitingMe: "1" } })).total).toBe(0);
    expect((await listNominations({ db, actor: w.admins.province, query: { projectId, state: "replaced" } })).items.map((i) => i.id)).toEqual([nominationId]);
  });

  it("a teacher is nominated once per project; the waiting list pages with its total", async () => {
    const { projectId, root } = await publishedProvinceProject({ capacity: "30" });
    const pool = await allocate(w.admins.province, projectId, root, w.units.countyA.id, 30);
    const teachers = await Promise.all(Array.from({ length: 25 }, () => w.teacherAt(w.units.schoolA2)));
    for (const t of teachers) await nominateTeacher({ db, actor: w.admins.schoolA2, input: { projectId, allocationId: pool.allocationId, nominatingUnitId: w.units.schoolA2.id, teacherId: t.userId, answers } });
    expect(await codeOf(nominateTeacher({ db, actor: w.admins.countyA, input: { projectId, allocationId: pool.allocationId, nominatingUnitId: w.units.countyA.id, teacherId: teachers[0]!.userId, answers } }))).toBe("alreadyNominated");
    const p1 = await listNominations({ db, actor: w.admins.countyA, query: { projectId, awaitingMe: "1", size: "20" } });
    const p2 = await listNominations({ db, actor: w.admins.countyA, query: { projectId, awaitingMe: "1", size: "20", page: "2" } });
    expect([p1.total, p1.items.length, p2.items.length]).toEqual([25, 20, 5]);
    expect(new Set([...p1.items, ...p2.items].map((i) => i.id)).size).toBe(25);
    // The city's queue is empty until the county passes them on.
    expect((await listNominations({ db, actor: w.admins.city, query: { projectId, awaitingMe: "1" } })).total).toBe(0);
    expect((await listNominations({ db, actor: w.admins.city, query: { projectId } })).total).toBe(25);
    await expect(listNominations({ db, actor: w.admins.countyA, query: { projectId, size: "1000" } })).rejects.toMatchObject({ code: "badRequest" });
  });

  it("退出培训: only the project's managers, only after review, with a reason; the seat stays spent and the trail says why", async () => {
    const { projectId, root } = await publishedProvinceProject({ capacity: "2" });
    const t = await w.teacherAt(w.units.schoolA1);
    const { nominationId } = await nominateTeacher({ db, actor: w.admins.province, input: { projectId, allocationId: root, nominatingUnitId: w.units.province.id, teacherId: t.userId, answers } });
    expect(await codeOf(withdrawNomination({ db, actor: w.admins.province, input: { nominationId, reason: "离岗" } }))).toBe("nominationStateConflict");
    // The owner nominating directly goes straight to its own 资质复审.
    expect(await qualifyNomination({ db, actor: w.admins.province, input: { nominationId, decision: "pass" } })).toMatchObject({ state: "approved" });
    expect(await fieldErrorsOf(withdrawNomination({ db, actor: w.admins.province, input: { nominationId, reason: "" } }))).toEqual({ reason: ["请填写退出培训的理由"] });
    const other2 = await w.teacherAt(w.units.schoolA1);
    const viaSchool = await allocate(w.admins.province, projectId, root, w.units.schoolA1.id, 1);
    await nominateTeacher({ db, actor: w.admins.schoolA1, input: { projectId, allocationId: viaSchool.allocationId, nominatingUnitId: w.units.schoolA1.id, teacherId: other2.userId, answers } });
    expect(await codeOf(withdrawNomination({ db, actor: w.admins.schoolA1, input: { nominationId, reason: "离岗" } }))).toBe("notFound");
    expect(await withdrawNomination({ db, actor: w.admins.province, input: { nominationId, reason: "调离教学岗位" } })).toEqual({ nominationId, state: "withdrawn" });
    expect(await codeOf(withdrawNomination({ db, actor: w.admins.province, input: { nominationId, reason: "再次" } }))).toBe("nominationStateConflict");
    expect((await rowOf(projectId))(w.units.province.id)).toMatchObject({ seats: 2, allocated: 1, used: 1, remaining: 0 });
    const trail = await nominationTrail({ db, actor: w.admins.province, query: { nominationId } });
    expect(trail.at(-1)).toMatchObject({ action: "nomination.withdraw", toState: "withdrawn", reason: "调离教学岗位" });
  });

  it("a project takes nominations only once published and while it runs", async () => {
    const { projectId, rootAllocationId } = await createProject({ db, actor: w.admins.province, input: { ownerUnitId: w.units.province.id, ...projectFacts() } });
    const t = await w.teacherAt(w.units.schoolA1);
    const input = { projectId, allocationId: rootAllocationId, nominatingUnitId: w.units.province.id, teacherId: t.userId, answers };
    expect(await codeOf(nominateTeacher({ db, actor: w.admins.province, input }))).toBe("projectStateConflict");
    await publishProject({ db, actor: w.admins.province, input: { projectId } });
    await startProject({ db, actor: w.admins.province, input: { projectId } });
    await closeProject({ db, actor: w.admins.province, input: { projectId } });
    expect(await codeOf(nominateTeacher({ db, actor: w.admins.province, input }))).toBe("projectStateConflict");
  });
});

describe("isolation between provinces and hostile input", () => {
  it("another province's admin cannot see or touch the project, its quotas or its nominations", async () => {
    const { projectId, root } = await publishedProvinceProject({ capacity: "3" });
    const t = await w.teacherAt(w.units.schoolA1);
    const { nominationId } = await nominateTeacher({ db, actor: w.admins.province, input: { projectId, allocationId: root, nominatingUnitId: w.units.province.id, teacherId: t.userId, answers } });
    const x = other.admins.province;
    expect(await codeOf(getProject({ db, actor: x, query: { projectId } }))).toBe("notFound");
    expect(await codeOf(updateProject({ db, actor: x, input: { projectId, ...projectFacts() } }))).toBe("notFound");
    expect(await codeOf(publishProject({ db, actor: x, input: { projectId } }))).toBe("notFound");
    expect(await codeOf(quotaTable({ db, actor: x, query: { projectId } }))).toBe("notFound");
    expect(await codeOf(allocate(x, projectId, root, other.units.city.id, 1))).toBe("notFound");
    expect(await codeOf(listNominations({ db, actor: x, query: { projectId } }))).toBe("notFound");
    expect(await codeOf(nominationTrail({ db, actor: x, query: { nominationId } }))).toBe("notFound");
    expect(await codeOf(reviewNomination({ db, actor: x, input: { nominationId, decision: "return", reason: "x" } }))).toBe("notFound");
    expect(await codeOf(withdrawNomination({ db, actor: x, input: { nominationId, reason: "x" } }))).toBe("notFound");
    expect((await listProjects({ db, actor: x, query: {} })).items.map((i) => i.id)).not.toContain(projectId);
    // Their own project cannot point at this province's allocation, unit or teacher either.
    const mine = await createProject({ db, actor: x, input: { ownerUnitId: other.units.province.id, ...projectFacts() } });
    await publishProject({ db, actor: x, input: { projectId: mine.projectId } });
    expect(await fieldErrorsOf(nominateTeacher({ db, actor: x, input: { projectId: mine.projectId, allocationId: mine.rootAllocationId, nominatingUnitId: other.units.province.id, teacherId: t.userId, answers } }))).toEqual({ teacherId: ["只能推荐本单位在职的教师"] });
    expect(await codeOf(nominateTeacher({ db, actor: x, input: { projectId: mine.projectId, allocationId: root, nominatingUnitId: other.units.province.id, teacherId: t.userId, answers } }))).toBe("badRequest");
    expect(await codeOf(createProject({ db, actor: x, input: { ownerUnitId: w.units.province.id, ...projectFacts() } }))).toBe("badRequest");
    // Row-level security: inside the other tenant's transaction, none of these rows exist.
    const seen = await db.withTenant(other.tenantId, async (tx) => [
      (await tx.select().from(trainingProject).where(eq(trainingProject.id, projectId))).length,
      (await tx.select().from(quotaAllocation).where(eq(quotaAllocation.projectId, projectId))).length,
      (await tx.select().from(nomination).where(eq(nomination.projectId, projectId))).length,
      (await tx.select().from(projectDecision).where(eq(projectDecision.projectId, projectId))).length,
    ]);
    expect(seen).toEqual([0, 0, 0, 0]);
    // … and writing a row for this tenant from the other's transaction is refused by the policy.
    await expect(
      db.withTenant(other.tenantId, (tx) => tx.insert(projectDecision).values({ tenantId: w.tenantId, projectId, action: "forged", actorId: x.actorId })),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
    // The trail is insert-only for the app role.
    await expect(db.withTenant(w.tenantId, (tx) => tx.delete(projectDecision).where(eq(projectDecision.projectId, projectId)))).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/permission denied/) },
    });
  });

  it("hostile input gets clear refusals: malformed ids, NUL, CR/LF, huge strings, extra keys", async () => {
    const a = w.admins.province;
    expect(await fieldErrorsOf(getProject({ db, actor: a, query: { projectId: "1 or 1=1" } }))).toEqual({ projectId: ["记录不存在"] });
    expect(await fieldErrorsOf(createProject({ db, actor: a, input: { ownerUnitId: w.units.province.id, ...projectFacts({ name: "项目\u0000" }) } }))).toEqual({ name: ["项目名称含有不可见的控制字符"] });
    expect(await fieldErrorsOf(createProject({ db, actor: a, input: { ownerUnitId: w.units.province.id, ...projectFacts({ name: "项目\r\nSet-Cookie: x" }) } }))).toEqual({ name: ["项目名称含有不可见的控制字符"] });
    expect(await fieldErrorsOf(createProject({ db, actor: a, input: { ownerUnitId: w.units.province.id, ...projectFacts({ description: "x".repeat(5_000_000) }) } }))).toEqual({ description: ["项目简介不能超过 4000 字"] });
    expect(await codeOf(createProject({ db, actor: a, input: { ownerUnitId: w.units.province.id, ...projectFacts(), tenantId: other.tenantId } }))).toBe("badRequest");
    expect(await codeOf(createProject({ db, actor: a, input: { ownerUnitId: w.units.province.id, ...projectFacts({ infoForm: [{ key: "constructor", label: "x", kind: "select" }] }) } }))).toBe("badRequest");
    expect(await codeOf(createProject({ db, actor: a, input: null }))).toBe("badRequest");
    const { projectId, root } = await publishedProvinceProject();
    expect(await fieldErrorsOf(allocateQuota({ db, actor: a, input: { projectId, parentAllocationId: root, orgUnitId: w.units.city.id, seats: "1e9" } }))).toEqual({ seats: ["名额不超过 100000"] });
    expect(await fieldErrorsOf(allocateQuota({ db, actor: a, input: { projectId, parentAllocationId: root, orgUnitId: w.units.city.id, seats: 1, quotaKey: "语文\u0000" } }))).toEqual({ quotaKey: ["名额类别含有不可见的控制字符"] });
    expect(await codeOf(listNominations({ db, actor: a, query: { projectId, state: "approved'; drop table nomination; --" } }))).toBe("badRequest");
  });
});

describe("the demo project", () => {
  it("is made once through the services: published, seats down to a school, one nomination waiting on the county", async () => {
    const d = await seedProjectWorld(owner);
    const t = await d.teacherAt(d.units.schoolA1);
    const opts = { adminId: d.admins.province.actorId, countyAdminId: d.admins.countyA.actorId, units: { province: d.units.province, city: d.units.city.id, county: d.units.countyA, school: d.units.schoolA1.id }, teacherId: t.userId };
    const projectId = await seedDemoProject(owner, d.tenantId, opts);
    expect(await seedDemoProject(owner, d.tenantId, opts)).toBe(projectId);
    const page = await projectPage({ db, actor: d.admins.province, query: { projectId } });
    expect(page.project).toMatchObject({ name: demoProjectName, state: "published", plannedHours: 120 });
    expect(page.quota.map((r) => [r.unitName, r.seats, r.used])).toEqual([
      ["省", 20, 0],
      ["长沙市", 12, 0],
      ["岳麓区", 6, 0],
      ["岳麓一中", 3, 1],
    ]);
    const waiting = await listNominations({ db, actor: d.admins.countyA, query: { projectId, awaitingMe: "1" } });
    expect(waiting.items.map((i) => i.teacherId)).toEqual([t.userId]);
    const assessment = await assessmentPage({ db, actor: d.admins.province, query: { projectId } });
    expect(assessment.items.map((i) => [i.name, i.kind, i.maxScore, i.required])).toEqual([
      ["研修作业", "assignment", 100, true],
      ["结业考试", "exam", 100, false],
    ]);
  });
});
