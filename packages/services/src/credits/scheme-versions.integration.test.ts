import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateScheme, type TCreditScheme } from "@yanxiu/domain/credit-scheme";
import { creditSchemePresets } from "@yanxiu/domain/credit-scheme-presets";
import { schemeToForm } from "@yanxiu/domain/credit-scheme-form";
import { auditEvent, creditSchemeVersion, creditStatusBasis, teacherCreditStatus } from "@yanxiu/db/schema";
import { reconcileRollups } from "../rollups/index.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import {
  cycleStatusList,
  discardSchemeDraft,
  explainCredits,
  getSchemeDraft,
  myCredits,
  previewSchemeDraft,
  publishSchemeDraft,
  recomputeTeacherStatus,
  refreshStaleStatuses,
  saveSchemeDraft,
  schemeOverview,
  setPolicy,
  startSchemeDraft,
} from "./index.ts";
import { schemeAwardsOf } from "./scheme.ts";
import { currentPolicy, ledgerOf, policyOfScheme, statusTotals } from "./status.ts";
import { codeOf, seedAward, seedCreditWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

const today = "2026-06-01";
let w: Awaited<ReturnType<typeof seedCreditWorld>>;
let other: Awaited<ReturnType<typeof seedCreditWorld>>;
type TTeacher = Awaited<ReturnType<typeof w.teacherAt>>;
let a: TTeacher;
let b: TTeacher;
let c: TTeacher;

beforeAll(async () => {
  w = await seedCreditWorld(owner);
  other = await seedCreditWorld(owner);
  a = await w.teacherAt(w.units.schoolA.id, "甲老师");
  b = await w.teacherAt(w.units.schoolB.id, "乙老师");
  c = await w.teacherAt(w.units.schoolA.id, "丙老师");
  // 甲: 60 学时 of provincial 集中 and 30 online this credit year; 乙: 20 online; 丙: nothing.
  await seedAward(db, w.tenantId, a.userId, { hours: 60, countsFor: "2026-03-10", category: "concentrated", evidence: [{ kind: "note", durationDays: 3 }] });
  await seedAward(db, w.tenantId, a.userId, { hours: 30, countsFor: "2026-04-10", category: "online" });
  await seedAward(db, w.tenantId, b.userId, { hours: 20, countsFor: "2026-02-10", category: "online" });
});

/** The database's own message for a refused write (drizzle wraps it). */
const pgRefusal = (p: Promise<unknown>) => p.then(() => "ok", (e: { cause?: { message?: string }; message: string }) => e.cause?.message ?? e.message);
const fieldErrorsOf = (p: Promise<unknown>) => p.then(() => null, (e: { code: string; fieldErrors?: Record<string, string[]> }) => ({ code: e.code, fieldErrors: e.fieldErrors ?? {} }));
const statusOf = async (teacherId: string) =>
  db.withTenant(w.tenantId, async (tx) => (await tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.teacherId, teacherId)))[0] ?? null);

/** Every teacher's stored row against a fresh evaluation of their ledger under `scheme`, straight from the engine. */
async function expectStatusesMatch(scheme: TCreditScheme) {
  const ids = [a.userId, b.userId, c.userId];
  const awards = await db.withTenant(w.tenantId, (tx) => schemeAwardsOf(tx, ids));
  for (const id of ids) {
    const e = evaluateScheme(scheme, {}, awards.get(id) ?? [], today);
    const row = await statusOf(id);
    expect(row, id).toMatchObject({ cycleStartYear: e.cycle.startYear, year: e.creditYear, cycleHours: e.cycleTotal.counted.toFixed(1), onPace: e.status !== "behind" });
    expect(Number(row!.yearHours)).toBe(Math.round(e.years.find((y) => y.year === e.creditYear)!.counted * 10) / 10);
  }
}

describe("credit scheme versions", () => {
  it("a tenant without a scheme keeps the simple policy: nothing in effect, nothing to explain", async () => {
    const o = await schemeOverview({ db, actor: w.countyAdminA, today });
    expect(o).toMatchObject({ canEdit: false, inEffect: null, versions: [], draft: null });
    expect(await explainCredits({ db, actor: a.actor, today })).toEqual({ scheme: null, evaluation: null, teacher: null });
    expect((await myCredits({ db, actor: a.actor, today })).scheme).toBeNull();
  });

  it("only a province admin starts, edits, previews or publishes; a teacher cannot even read the versions", async () => {
    for (const call of [
      startSchemeDraft({ db, actor: w.countyAdminA, input: { from: "shandong" }, today }),
      getSchemeDraft({ db, actor: w.countyAdminA }),
      saveSchemeDraft({ db, actor: w.countyAdminA, input: {} }),
      previewSchemeDraft({ db, actor: w.countyAdminA, today }),
      publishSchemeDraft({ db, actor: w.countyAdminA, input: { confirm: "on" }, today }),
      discardSchemeDraft({ db, actor: w.countyAdminA }),
      schemeOverview({ db, actor: a.actor, today }),
    ])
      expect(await codeOf(call)).toBe("forbidden");
    expect(await codeOf(startSchemeDraft({ db, actor: w.provinceAdmin, input: { from: "nowhere" }, today }))).toBe("badRequest");
    expect(await codeOf(startSchemeDraft({ db, actor: w.provinceAdmin, input: { from: "current" }, today }))).toBe("notFound");
  });

  it("从模板载入 makes a draft; the form's problems come back per field, in Chinese, and nothing is saved", async () => {
    const started = await startSchemeDraft({ db, actor: w.provinceAdmin, input: { from: "shandong" }, today });
    expect(started.version).toBe(1);
    const draft = (await getSchemeDraft({ db, actor: w.provinceAdmin }))!;
    expect(draft.scheme).toMatchObject({ key: "shandong-2021", version: 1, effectiveFrom: today, unit: "hours" });
    expect(draft.template).toBe("shandong");
    // Field by field first (a number that is not one, a rate too high, a control character) …
    const fields = await fieldErrorsOf(
      saveSchemeDraft({ db, actor: w.provinceAdmin, input: { ...schemeToForm(draft.scheme), cycleMinimum: "abc", "conversions.0.category": "online", "conversions.0.rate": "11", name: "坏\u0000名字" } }),
    );
    expect(fields).toEqual({ code: "badRequest", fieldErrors: { cycleMinimum: ["请填写数字"], "conversions.0.rate": ["折算率不能超过 10"], name: ["方案名称不能包含控制字符"] } });
    // … then the rules across fields, on the rows the form numbered (blank rows 1 and 2 are dropped).
    const across = await fieldErrorsOf(
      saveSchemeDraft({
        db,
        actor: w.provinceAdmin,
        input: {
          ...schemeToForm(draft.scheme),
          yearlyMinimum: "500",
          "conversions.0.category": "online",
          "conversions.0.rate": "1/2",
          "conversions.1.category": "",
          "conversions.3.category": "online",
          "conversions.3.rate": "0.5",
          "cover.0.from": "online",
          "cover.0.to": "online",
        },
      }),
    );
    expect(across).toEqual({
      code: "badRequest",
      fieldErrors: {
        yearlyMinimum: ["年度最低不能超过周期要求"],
        "conversions.3": ["折算规则重复：网络研修 各级 各角色"],
        "cover.0": ["网络研修不能补足自身", "网络研修没有最低要求，补足规则无意义"],
      },
    });
    expect((await getSchemeDraft({ db, actor: w.provinceAdmin }))!.scheme).toEqual(draft.scheme);
    expect(await codeOf(saveSchemeDraft({ db, actor: w.provinceAdmin, input: { name: "x".repeat(10) } }))).toBe("badRequest");
  });

  it("publishing asks for the confirmation, is audited, and recomputes every status under the scheme", async () => {
    const draft = (await getSchemeDraft({ db, actor: w.provinceAdmin }))!;
    await saveSchemeDraft({ db, actor: w.provinceAdmin, input: { ...schemeToForm(draft.scheme), name: "本省学时方案", effectiveFrom: "2026-01-01" } });
    expect(await codeOf(publishSchemeDraft({ db, actor: w.provinceAdmin, input: {}, today }))).toBe("badRequest");
    const p = await publishSchemeDraft({ db, actor: w.provinceAdmin, input: { confirm: "on" }, today, batchSize: 2 });
        // The tenant's first version may start in the past.
    expect(p).toEqual({ version: 1, effectiveFrom: "2026-01-01", recomputed: 3 });
    const v1 = { ...draft.scheme, name: "本省学时方案", effectiveFrom: "2026-01-01" };
    await expectStatusesMatch(v1);
    expect(await statusOf(a.userId)).toMatchObject({ cycleHours: "90.0", year: 2026 });
    const audit = await db.withTenant(w.tenantId, (tx) => tx.select().from(auditEvent).where(and(eq(auditEvent.action, "credits.publishScheme"), eq(auditEvent.actorId, w.provinceAdmin.actorId))));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.target).toBe("creditScheme:1");
    const o = await schemeOverview({ db, actor: w.countyAdminB, today });
    expect(o.inEffect?.ref).toMatchObject({ version: 1, name: "本省学时方案", unit: "hours" });
    expect(o.versions.map((v) => v.scheme.version)).toEqual([1]);
    expect(o.draft).toBeNull();
    // The simple policy page can no longer be saved: it would count for nothing.
    expect(await codeOf(setPolicy({ db, actor: w.provinceAdmin, input: { cycleStartYear: 2026, cycleYears: 5, requiredHours: 300, yearlyMinimum: 10, categoryLimits: {} }, today }))).toBe("conflict");
  });

  it("a published version cannot be changed or deleted, even by a direct write", async () => {
    const update = db.withTenant(w.tenantId, (tx) => tx.update(creditSchemeVersion).set({ effectiveFrom: "2020-01-01" }).where(eq(creditSchemeVersion.version, 1)));
    expect(await pgRefusal(update)).toBe("a published credit scheme version is immutable");
    const del = db.withTenant(w.tenantId, (tx) => tx.delete(creditSchemeVersion).where(eq(creditSchemeVersion.version, 1)));
    expect(await pgRefusal(del)).toBe("a published credit scheme version is immutable");
  });

  it("a change to 学分 (the 陕西 preset) is previewed, then published: recompute equals a fresh computation", async () => {
    await startSchemeDraft({ db, actor: w.provinceAdmin, input: { from: "shaanxi" }, today });
    const draft = (await getSchemeDraft({ db, actor: w.provinceAdmin }))!;
    expect(draft.scheme).toMatchObject({ key: "shandong-2021", version: 2, unit: "credits", effectiveFrom: today });

    const preview = await previewSchemeDraft({ db, actor: w.provinceAdmin, today, query: { size: "20" } });
    expect(preview.current).toMatchObject({ version: 1, unit: "hours" });
    expect(preview.total).toBe(3);
    // Every teacher judged under both, straight from the engine: the preview says the same.
    const awards = await db.withTenant(w.tenantId, (tx) => schemeAwardsOf(tx, [a.userId, b.userId, c.userId]));
    const v1 = (await schemeOverview({ db, actor: w.provinceAdmin, today })).inEffect!.scheme;
    const moved = [a, b, c].filter((t) => evaluateScheme(v1, {}, awards.get(t.userId)!, today).status !== evaluateScheme(draft.scheme, {}, awards.get(t.userId)!, today).status);
    expect(preview.changed).toBeGreaterThanOrEqual(moved.length);
    expect(Object.values(preview.transitions).reduce((s, n) => s + n, 0)).toBe(moved.length);
    for (const t of preview.teachers) expect(t.name).toMatch(/老师$/);

    // Back-dated: refused (the past was judged under version 1).
    await saveSchemeDraft({ db, actor: w.provinceAdmin, input: { ...schemeToForm(draft.scheme), effectiveFrom: "2026-05-01" } });
    expect((await fieldErrorsOf(publishSchemeDraft({ db, actor: w.provinceAdmin, input: { confirm: "on" }, today })))?.fieldErrors).toEqual({ effectiveFrom: ["生效日期不能早于今天"] });
    await saveSchemeDraft({ db, actor: w.provinceAdmin, input: schemeToForm(draft.scheme) });

    const before = (await explainCredits({ db, actor: a.actor, today })).evaluation!;
    expect(before.scheme).toMatchObject({ version: 1, unit: "hours" });
    expect(await publishSchemeDraft({ db, actor: w.provinceAdmin, input: { confirm: "on" }, today })).toEqual({ version: 2, effectiveFrom: today, recomputed: 3 });
    await expectStatusesMatch(draft.scheme);
    const after = (await explainCredits({ db, actor: a.actor, today })).evaluation!;
    expect(after.scheme).toMatchObject({ version: 2, unit: "credits" });
    // 60 学时 of provincial 集中 × 0.4 = 24 学分, 30 online × 1/3 = 10 学分.
    expect(after.cycleTotal.counted).toBe(34);
    expect(after.explanation.join("\n")).toContain("60 学时 × 0.4 = 24 学分");
    expect(after.explanation).not.toEqual(before.explanation);
    // 我的学时 and the admin's 周期学时 read the same figures, in the scheme's unit.
    const mine = await myCredits({ db, actor: a.actor, today });
    expect(mine.totals.cycleHours).toBe(34);
    expect(mine.scheme).toMatchObject({ version: 2, unit: "credits" });
    const list = await cycleStatusList({ db, actor: w.provinceAdmin, today });
    expect(list.unit).toBe("credits");
    expect(list.teachers.find((t) => t.teacherId === a.userId)?.cycleHours).toBe(34);
  });

  it("an award landing later is computed under the scheme in effect, as a fresh computation would", async () => {
    await seedAward(db, w.tenantId, c.userId, { hours: 9, countsFor: "2026-05-20", category: "online" });
    await db.withTenant(w.tenantId, (tx) => recomputeTeacherStatus(tx, { tenantId: w.tenantId, teacherId: c.userId, today, landed: [] }));
    const fresh = await db.withTenant(w.tenantId, async (tx) => statusTotals((await currentPolicy(tx, today)).rules, await ledgerOf(tx, c.userId), today));
    expect(fresh.cycleHours).toBe(3);
    expect(await statusOf(c.userId)).toMatchObject({ cycleHours: "3.0" });
  });

  it("a version published for a later day is read from that day on (schemeInEffect)", async () => {
    await startSchemeDraft({ db, actor: w.provinceAdmin, input: { from: "current" }, today });
    const d = (await getSchemeDraft({ db, actor: w.provinceAdmin }))!;
    await saveSchemeDraft({ db, actor: w.provinceAdmin, input: { ...schemeToForm(d.scheme), effectiveFrom: "2027-02-01", cycleMinimum: "100" } });
    expect(await publishSchemeDraft({ db, actor: w.provinceAdmin, input: { confirm: "on" }, today })).toEqual({ version: 3, effectiveFrom: "2027-02-01", recomputed: null });
    const on = (day: string) => db.withTenant(w.tenantId, async (tx) => (await currentPolicy(tx, day)).scheme?.version);
    expect(await on(today)).toBe(2);
    expect(await on("2027-01-31")).toBe(2);
    expect(await on("2027-02-01")).toBe(3);
    const rules = await db.withTenant(w.tenantId, async (tx) => (await currentPolicy(tx, "2027-03-01")).rules);
    expect(rules).toMatchObject(policyOfScheme({ ...d.scheme, version: 3, effectiveFrom: "2027-02-01", cycleMinimum: 100 }, "2027-03-01"));
  });

  it("on the day a later version starts, and when a new credit year begins, the nightly job recomputes every status; otherwise nothing", async () => {
    // Version 3 (cycle minimum 100) starts on 2027-02-01 (the test above). Before that day the statuses are current.
    const basis = () => owner.withTenant(w.tenantId, async (tx) => (await tx.select().from(creditStatusBasis))[0]);
    expect(await refreshStaleStatuses({ db, tenantId: w.tenantId, today })).toBe(0);
    expect(await basis()).toMatchObject({ schemeVersion: 2 });
    // Version 2 (the 陕西 preset) counts February–January years: on 2027-01-31 nothing has changed yet.
    const jan = await reconcileRollups({ db, tenantId: w.tenantId, today: "2027-01-31" });
    expect(jan.statusesRecomputed).toBe(0);
    // 2027-02-01: version 3 starts (and a credit year with it): every status is recomputed under it, once.
    const feb = await reconcileRollups({ db, tenantId: w.tenantId, today: "2027-02-01" });
    expect(feb.statusesRecomputed).toBe(3);
    expect(await basis()).toMatchObject({ schemeVersion: 3, creditYear: 2027, computedOn: "2027-02-01" });
    const fresh = await db.withTenant(w.tenantId, async (tx) => statusTotals((await currentPolicy(tx, "2027-02-01")).rules, await ledgerOf(tx, a.userId), "2027-02-01"));
    expect(await statusOf(a.userId)).toMatchObject({ year: 2027, cycleHours: fresh.cycleHours.toFixed(1), onPace: fresh.pace !== "behind" });
    expect(await refreshStaleStatuses({ db, tenantId: w.tenantId, today: "2027-02-02" })).toBe(0);
    // A year later, same version: the new credit year alone recomputes every status.
    expect(await refreshStaleStatuses({ db, tenantId: w.tenantId, today: "2028-02-01" })).toBe(3);
    expect(await basis()).toMatchObject({ schemeVersion: 3, creditYear: 2028 });
    expect((await statusOf(a.userId))!.year).toBe(2028);
  });

  it("another tenant's teacher is notFound and its versions are invisible (forced row-level security)", async () => {
    expect(await codeOf(explainCredits({ db, actor: a.actor, input: { teacherId: (await other.teacherAt(other.units.schoolA.id)).userId }, today }))).toBe("notFound");
    expect(await codeOf(explainCredits({ db, actor: w.countyAdminA, input: { teacherId: b.userId }, today }))).toBe("notFound");
    expect((await explainCredits({ db, actor: w.countyAdminB, input: { teacherId: b.userId }, today })).teacher).toEqual({ id: b.userId, name: "乙老师" });
    expect(await codeOf(explainCredits({ db, actor: a.actor, input: { teacherId: "not-a-uuid" }, today }))).toBe("badRequest");
    expect(await schemeOverview({ db, actor: other.provinceAdmin, today })).toMatchObject({ inEffect: null, versions: [], draft: null });
    const seen = await db.withTenant(other.tenantId, (tx) => tx.select().from(creditSchemeVersion));
    expect(seen).toEqual([]);
    // Writing a row for another tenant from inside this one is refused by the policy's WITH CHECK.
    const cross = db.withTenant(other.tenantId, (tx) =>
      tx.insert(creditSchemeVersion).values({ tenantId: w.tenantId, version: 99, status: "draft", effectiveFrom: today, scheme: creditSchemePresets.beijing }),
    );
    expect(await pgRefusal(cross)).toMatch(/violates row-level security policy/);
  });

  it("a discarded draft leaves the published versions as they were", async () => {
    await startSchemeDraft({ db, actor: w.provinceAdmin, input: { from: "beijing" }, today });
    expect(await discardSchemeDraft({ db, actor: w.provinceAdmin })).toEqual({ discarded: 4 });
    expect(await getSchemeDraft({ db, actor: w.provinceAdmin })).toBeNull();
    expect((await schemeOverview({ db, actor: w.provinceAdmin, today })).versions.map((v) => v.scheme.version)).toEqual([3, 2, 1]);
  });
});
