import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditSchemePresets } from "@yanxiu/domain/credit-scheme-presets";
import { evaluateScheme, previewSchemeChange, ZCreditScheme, type TSchemeAward } from "@yanxiu/domain/credit-scheme";
import { creditAward } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { evaluateTeacherScheme, previewTenantSchemeChange } from "./index.ts";
import { codeOf, seedCreditWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

const { beijing, shaanxi } = creditSchemePresets;
// 北京 with 校本 lowered from 10 to 7 学分: the scheme change the tests apply.
const beijingV2 = ZCreditScheme.parse({ ...beijing, version: 2, categoryLimits: { schoolBased: { cycleMin: 7 } } });
const asOf = "2020-12-31";

let w: Awaited<ReturnType<typeof seedCreditWorld>>;
let other: Awaited<ReturnType<typeof seedCreditWorld>>;
type TTeacher = Awaited<ReturnType<typeof w.teacherAt>>;
const t: Record<"short" | "done" | "behind" | "countyB", TTeacher> = {} as never;
/** What the test wrote into the ledger, as the engine should read it back (reversed awards left out). */
const written = new Map<string, TSchemeAward[]>();

type TWrite = {
  hours: number;
  countsFor: string;
  category: TSchemeAward["category"];
  level?: TSchemeAward["level"];
  role?: "participant" | "lead" | "assistant";
  evidence?: Record<string, unknown>[];
};

/** Appends an award to the ledger as the app role would, and remembers what the engine should make of it. */
async function writeAward(teacherId: string, a: TWrite, read: Partial<TSchemeAward> = {}): Promise<string> {
  const title = `${a.category}-${a.countsFor}`;
  const [row] = await db.withTenant(w.tenantId, (tx) =>
    tx
      .insert(creditAward)
      .values({
        tenantId: w.tenantId,
        teacherId,
        source: "external",
        sourceRef: randomUUID(),
        title,
        hours: String(a.hours),
        category: a.category,
        organiserLevel: a.level ?? "provincial",
        role: a.role ?? "participant",
        countsFor: a.countsFor,
        evidence: a.evidence ?? [],
      })
      .returning({ id: creditAward.id }),
  );
  const id = row!.id;
  const award: TSchemeAward = {
    id,
    title,
    hours: a.hours,
    category: a.category,
    level: a.level ?? "provincial",
    role: a.role ?? "participant",
    date: a.countsFor,
    providerAccredited: true,
    assessmentPassed: true,
    ...read,
  };
  written.set(teacherId, [...(written.get(teacherId) ?? []), award]);
  return id;
}

async function reverse(teacherId: string, awardId: string) {
  await db.withTenant(w.tenantId, (tx) =>
    tx.insert(creditAward).values({
      tenantId: w.tenantId,
      teacherId,
      source: "reversal",
      sourceRef: awardId,
      title: "冲销",
      hours: "-100",
      category: "online",
      organiserLevel: "provincial",
      countsFor: "2020-06-02",
      reversesAwardId: awardId,
      reason: "重复录入",
    }),
  );
  written.set(
    teacherId,
    written.get(teacherId)!.filter((a) => a.id !== awardId),
  );
}

const ledgerOf = (teacherId: string) => [...(written.get(teacherId) ?? [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));

beforeAll(async () => {
  w = await seedCreditWorld(owner);
  other = await seedCreditWorld(owner);
  t.short = await w.teacherAt(w.units.schoolA.id, "校本不足");
  t.done = await w.teacherAt(w.units.schoolA.id, "已达标");
  t.behind = await w.teacherAt(w.units.schoolA.id, "进度落后");
  t.countyB = await w.teacherAt(w.units.schoolB.id, "乙县教师");

  // 16 + 7.5 + 13 = 36.5 学分, 校本 2.5 short of 10.
  await writeAward(t.short.userId, { hours: 160, countsFor: "2018-05-01", category: "concentrated", level: "city" });
  await writeAward(t.short.userId, { hours: 150, countsFor: "2019-05-01", category: "schoolBased", level: "school" });
  await writeAward(t.short.userId, { hours: 260, countsFor: "2020-05-01", category: "online" });
  // 16 + 10 + 10 = 36.
  await writeAward(t.done.userId, { hours: 160, countsFor: "2018-05-01", category: "concentrated" });
  await writeAward(t.done.userId, { hours: 200, countsFor: "2019-05-01", category: "schoolBased", level: "school" });
  await writeAward(t.done.userId, { hours: 200, countsFor: "2020-05-01", category: "online", role: "lead" });
  // 2 学分, and 100 学时 entered twice, one reversed.
  await writeAward(t.behind.userId, { hours: 20, countsFor: "2018-05-01", category: "concentrated" });
  await writeAward(t.behind.userId, { hours: 100, countsFor: "2020-06-01", category: "online" });
  const dup = await writeAward(t.behind.userId, { hours: 100, countsFor: "2020-06-01", category: "online" });
  await reverse(t.behind.userId, dup);
  // Eligibility facts recorded in the evidence (a 陕西 scheme reads them).
  await writeAward(
    t.countyB.userId,
    { hours: 30, countsFor: "2022-07-05", category: "concentrated", evidence: [{ kind: "file", fileId: randomUUID(), durationDays: 3 }] },
    { durationDays: 3 },
  );
  await writeAward(
    t.countyB.userId,
    { hours: 16, countsFor: "2022-08-01", category: "concentrated", level: "city", evidence: [{ kind: "file", fileId: randomUUID(), durationDays: 1 }] },
    { durationDays: 1 },
  );
  await writeAward(
    t.countyB.userId,
    { hours: 40, countsFor: "2022-09-01", category: "concentrated", evidence: [{ kind: "file", fileId: randomUUID(), durationDays: 4, providerAccredited: false }] },
    { durationDays: 4, providerAccredited: false },
  );
  await writeAward(t.countyB.userId, { hours: 24, countsFor: "2022-10-01", category: "concentrated", level: "county" });
});

describe("a credit scheme over the real ledger", () => {
  it("a teacher sees their own totals under a scheme, explained, as the engine computes them from the raw 学时", async () => {
    const e = await evaluateTeacherScheme({ db, actor: t.short.actor, input: { scheme: beijing, asOf } });
    expect(e.cycleTotal).toMatchObject({ counted: 36.5, rawHours: 570, shortfall: 0 });
    expect(e.cycleTotal.byCategory.schoolBased).toMatchObject({ counted: 7.5, shortfall: 2.5 });
    expect(e.status).toBe("onTrack");
    expect(e.explanation).toContain("2018-05-01 「concentrated-2018-05-01」（市级，参与）：160 学时 × 0.1 = 16 学分（集中培训）");
    expect(e).toEqual(evaluateScheme(beijing, {}, ledgerOf(t.short.userId), asOf));
  });

  it("a reversed award counts nothing under a scheme either", async () => {
    const e = await evaluateTeacherScheme({ db, actor: w.provinceAdmin, input: { teacherId: t.behind.userId, scheme: beijing, asOf } });
    expect(e.awards).toHaveLength(2);
    expect(e.cycleTotal.counted).toBe(7);
    expect(e.status).toBe("behind");
  });

  it("eligibility facts recorded with an award (days, accredited provider) are applied by a scheme that asks for them", async () => {
    const e = await evaluateTeacherScheme({ db, actor: w.countyAdminB, input: { teacherId: t.countyB.userId, scheme: shaanxi, asOf: "2023-01-15" } });
    expect(e.awards.map((a) => [a.rawHours, a.amount, a.excluded])).toEqual([
      [30, 12, null],
      [16, 0, "集中培训须连续至少 2 天（实际 1 天），不计"],
      [40, 0, "举办机构未经认定，不计"],
      // No duration recorded: refused, and the line says why.
      [24, 0, "集中培训须连续至少 2 天（天数不详），不计"],
    ]);
    expect(e).toEqual(evaluateScheme(shaanxi, {}, ledgerOf(t.countyB.userId), "2023-01-15"));
  });

  it("recompute after a scheme change equals a fresh computation, teacher by teacher and in the tenant's preview", async () => {
    const before = await previewTenantSchemeChange({ db, actor: w.provinceAdmin, input: { current: beijing, next: beijing, asOf }, batchSize: 2 });
    expect(before).toEqual({ total: 4, changed: 0, transitions: {}, flags: {}, changes: [] });

    // The ledger moves on between the two computations: a new award lands for the teacher who was done.
    await writeAward(t.done.userId, { hours: 20, countsFor: "2020-09-01", category: "studio" });

    const preview = await previewTenantSchemeChange({ db, actor: w.provinceAdmin, input: { current: beijing, next: beijingV2, asOf }, batchSize: 2 });
    const teachers = [...written.keys()].sort().map((teacherId) => ({ teacherId, facts: {}, awards: ledgerOf(teacherId) }));
    expect(preview).toEqual(previewSchemeChange(beijing, beijingV2, teachers, asOf));
    expect(preview.total).toBe(4);
    expect(preview.transitions).toEqual({ "onTrack→done": 1 });
    expect(preview.flags).toEqual({ reRegistration: { gained: 1, lost: 0 } });
    expect(preview.changes.map((c) => c.teacherId)).toEqual([t.short.userId]);

    for (const teacherId of written.keys()) {
      const recomputed = await evaluateTeacherScheme({ db, actor: w.provinceAdmin, input: { teacherId, scheme: beijingV2, asOf } });
      expect(recomputed).toEqual(evaluateScheme(beijingV2, {}, ledgerOf(teacherId), asOf));
    }
    const done = await evaluateTeacherScheme({ db, actor: t.done.actor, input: { scheme: beijingV2, asOf } });
    expect(done.cycleTotal.counted).toBe(37);
    const short = await evaluateTeacherScheme({ db, actor: t.short.actor, input: { scheme: beijingV2, asOf } });
    expect(short.status).toBe(preview.changes[0]!.after.status);
  });

  it("another teacher, another county or another tenant is notFound, and only a province admin previews", async () => {
    const input = { teacherId: t.short.userId, scheme: beijing, asOf };
    expect(await codeOf(evaluateTeacherScheme({ db, actor: t.done.actor, input }))).toBe("notFound");
    expect(await codeOf(evaluateTeacherScheme({ db, actor: w.countyAdminB, input }))).toBe("notFound");
    expect(await codeOf(evaluateTeacherScheme({ db, actor: other.provinceAdmin, input }))).toBe("notFound");
    expect(await codeOf(evaluateTeacherScheme({ db, actor: w.countyAdminA, input }))).toBe("ok");
    // Another tenant's admin previewing sees none of this tenant's teachers.
    const theirs = await previewTenantSchemeChange({ db, actor: other.provinceAdmin, input: { current: beijing, next: beijingV2, asOf } });
    expect(theirs.total).toBe(0);
    expect(await codeOf(previewTenantSchemeChange({ db, actor: w.countyAdminA, input: { current: beijing, next: beijingV2, asOf } }))).toBe("forbidden");
  });

  it("hostile input is a badRequest with field errors, never a crash", async () => {
    const bad = (input: unknown) => evaluateTeacherScheme({ db, actor: w.provinceAdmin, input }).catch((e: { code: string; fieldErrors?: Record<string, string[]> }) => e);
    expect(await bad({ teacherId: "x\u0000", scheme: beijing })).toMatchObject({ code: "badRequest", fieldErrors: { teacherId: ["notFound"] } });
    expect(await bad({ scheme: { ...beijing, name: "北京\r\n方案" } })).toMatchObject({ code: "badRequest", fieldErrors: { scheme: ["方案名称不能包含控制字符"] } });
    expect(await bad({ scheme: beijing, asOf: "2020-13-01" })).toMatchObject({ code: "badRequest", fieldErrors: { asOf: ["日期不存在"] } });
    expect(await bad({ scheme: { ...beijing, cover: [{ from: "online", to: "x".repeat(100_000) }] } })).toMatchObject({ code: "badRequest" });
    expect(await bad(null)).toMatchObject({ code: "badRequest" });
  });
});
