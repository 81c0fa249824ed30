import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { auditEvent, enrollment, orgRollup, orgRollupDelta, orgRollupHours, orgRollupHoursDelta, orgRollupHoursNow, orgRollupNow, teacherProfile } from "@yanxiu/db/schema";
import { approveExternalAward, chinaDay, reverseAward, submitExternalAward } from "../credits/index.ts";
import { seedAward, seedCreditWorld, seedProof } from "../credits/test-setup.ts";
import { seedOrgUnit } from "../seed/factories.ts";
import { processProgressEvent } from "../completion/index.ts";
import { completingEvent, enrolAll } from "../completion/testing.ts";
import { seedFixtureCourse } from "../courses/test-fixtures.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { computeRollups, foldPendingRollups, foldRollupDeltas, reconcileRollups } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

const today = chinaDay();

/**
 * Every rollup row and every 学时 by month/category row of the tenant as readers see them (the views: the
 * rows plus the deltas not yet folded, decision 033), in a stable, comparable shape. `stored` reads the
 * tables alone (what the fold has moved into them).
 */
async function snapshot(tenantId: string, from: "views" | "stored" = "views") {
  return owner.withTenant(tenantId, async (tx) => {
    const rows = from === "views" ? await tx.select().from(orgRollupNow) : await tx.select().from(orgRollup);
    const hours = from === "views" ? await tx.select().from(orgRollupHoursNow) : await tx.select().from(orgRollupHours);
    return {
      rows: rows
        .map((r) => ({ ...r, hoursThisYear: Number(r.hoursThisYear), hoursThisCycle: Number(r.hoursThisCycle), computedAt: null }))
        .sort((a, b) => a.orgUnitId.localeCompare(b.orgUnitId)),
      // A key whose 学时 went back to zero (an award and its reversal) is the same as no key.
      hours: hours
        .filter((h) => Number(h.hours) !== 0)
        .map((h) => `${h.orgUnitId}|${h.month}|${h.category}|${Number(h.hours)}`)
        .sort(),
    };
  });
}

async function world() {
  const w = await seedCreditWorld(owner);
  const s = randomUUID().slice(0, 6);
  const schoolA2 = await seedOrgUnit(owner, w.tenantId, { kind: "school", name: "甲县二中", code: `IA2${s}`, parentId: w.units.countyA.id });
  const teachers = [
    await w.teacherAt(w.units.schoolA.id),
    await w.teacherAt(w.units.schoolA.id),
    await w.teacherAt(schoolA2.id),
    await w.teacherAt(w.units.schoolB.id),
    await w.teacherAt(w.units.schoolB.id),
  ];
  await owner.withTenant(w.tenantId, async (tx) => {
    for (const t of [teachers[0]!, teachers[2]!, teachers[4]!]) await tx.update(teacherProfile).set({ rural: true }).where(eq(teacherProfile.userId, t.userId));
  });
  return { ...w, teachers, schoolA2 };
}

const claim = (title: string, hours: string, category: string, completedOn: string, proofFileId: string) => ({
  title,
  issuer: "国家智慧教育公共服务平台",
  certificateNo: "",
  hours,
  category,
  organiserLevel: "national",
  completedOn,
  proofFileId,
});

describe("rollups kept current as awards land", () => {
  it("an approved award shows in the rollup of its school, county and province at once, without a run", async () => {
    const w = await world();
    await computeRollups({ db, tenantId: w.tenantId });
    const t = w.teachers[0]!;
    const proof = await seedProof(db, w.tenantId, t.userId);
    const { id } = await submitExternalAward({ db, actor: t.actor, input: claim("暑期研修", "12.5", "online", today, proof) });
    const before = await snapshot(w.tenantId);
    await approveExternalAward({ db, actor: w.provinceAdmin, input: { requestId: id } });
    const after = await snapshot(w.tenantId);
    const hoursOf = (snap: typeof before, unitId: string) => snap.rows.find((r) => r.orgUnitId === unitId)!.hoursThisYear;
    for (const u of [w.units.schoolA, w.units.countyA, w.units.province]) expect(hoursOf(after, u.id) - hoursOf(before, u.id)).toBe(12.5);
    for (const u of [w.units.schoolB, w.units.countyB, w.schoolA2]) expect(hoursOf(after, u.id)).toBe(hoursOf(before, u.id));
    const month = `${today.slice(0, 7)}-01`;
    expect(after.hours).toContain(`${w.units.province.id}|${month}|online|12.5`);
    expect(after.hours).toContain(`${w.units.schoolA.id}|${month}|online|12.5`);
  });

  it("concurrent awards and reversals: the nightly reconcile finds zero drift, and the rows equal a full recompute", { timeout: 120_000 }, async () => {
    const w = await world();
    // Something before the first run, so the run starts from a non-empty ledger.
    await seedAward(db, w.tenantId, w.teachers[1]!.userId, { hours: 30, countsFor: today, category: "concentrated" });
    await computeRollups({ db, tenantId: w.tenantId });

    // 5 teachers × 4 claims each (several per teacher, so one teacher's awards race each other too).
    const requests: string[] = [];
    const lastYear = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
    for (const [i, t] of w.teachers.entries()) {
      for (let k = 0; k < 4; k++) {
        const proof = await seedProof(db, w.tenantId, t.userId);
        const day = k === 3 ? lastYear : today;
        const cat = ["online", "schoolBased", "concentrated", "online"][k]!;
        const { id } = await submitExternalAward({ db, actor: t.actor, input: claim(`研修 ${i}-${k}`, `${3 + i + k * 7}.5`, cat, day, proof) });
        requests.push(id);
      }
    }
    const approved = await Promise.all(requests.map((requestId) => approveExternalAward({ db, actor: w.provinceAdmin, input: { requestId } })));
    // Reverse some of them, also all at once.
    await Promise.all(
      approved.filter((_, i) => i % 3 === 0).map((a) => reverseAward({ db, actor: w.provinceAdmin, input: { awardId: a.awardId, reason: "证书信息有误，撤销" } })),
    );

    const incremental = await snapshot(w.tenantId);
    // The province row holds every award: 20 approved, 7 reversed, plus the 30 before the run.
    const province = incremental.rows.find((r) => r.orgUnitId === w.units.province.id)!;
    expect(province.hoursThisYear).toBeGreaterThan(30);

    const run = await reconcileRollups({ db, tenantId: w.tenantId });
    expect(run.drift).not.toBeNull();
    expect(run.drift!.asOf).toBe(today);
    expect(run.drift!.units).toBe(0);
    expect(run.drift!.hours).toEqual({ keys: 0, total: 0 });
    expect(Object.values(run.drift!.columns).every((v) => v === 0)).toBe(true);
    expect(run.zero).toBe(true);

    // And independently: the rows the awards moved equal the rows a full run writes for the same day.
    await computeRollups({ db, tenantId: w.tenantId, today });
    expect(await snapshot(w.tenantId)).toEqual(incremental);

    // The report is in the audit log for province admins.
    const audits = await owner.withTenant(w.tenantId, (tx) => tx.select().from(auditEvent).where(eq(auditEvent.action, "rollups.reconcile")));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.data).toMatchObject({ zero: true, checked: { units: 0 } });
  });

  it("course completions processed at once by the worker move completions and 学时 with no drift", { timeout: 120_000 }, async () => {
    const w = await world();
    const center = await seedOrgUnit(owner, w.tenantId, { kind: "developmentCenter", name: "教师发展中心", code: `IC${randomUUID().slice(0, 6)}`, parentId: w.units.province.id });
    const course = (h: string) => seedFixtureCourse(db, w.tenantId, { ownerId: w.provinceAdmin.actorId, institutionId: center.id, kinds: ["quiz"], facts: { creditHours: h } });
    const courses = [await course("3"), await course("5")];
    await computeRollups({ db, tenantId: w.tenantId });
    const events = [];
    for (const c of courses) {
      const ids = await enrolAll(db, w.tenantId, c, w.teachers.map((t) => t.userId));
      for (const [i, enrollmentId] of ids.entries()) events.push(completingEvent("quiz", { tenantId: w.tenantId, enrollmentId, unitId: c.units.quiz!, actorId: w.teachers[i]!.userId }));
    }
    // The first course is assigned by the county, the second chosen by the teachers themselves.
    await owner.withTenant(w.tenantId, (tx) => tx.update(enrollment).set({ source: "assigned" }).where(eq(enrollment.courseId, courses[0]!.courseId)));
    // Enrolments are not moved by awards (the full run refreshes them): count them in before the race.
    await computeRollups({ db, tenantId: w.tenantId });
    await Promise.all(events.map((event) => processProgressEvent({ db, event })));
    const incremental = await snapshot(w.tenantId);
    const province = incremental.rows.find((r) => r.orgUnitId === w.units.province.id)!;
    expect(province).toMatchObject({ completions: 10, enrollments: 10, assignedCompletions: 5, assignedEnrollments: 5, hoursThisYear: 40 });
    const run = await reconcileRollups({ db, tenantId: w.tenantId });
    expect(run.drift).toMatchObject({ units: 0, hours: { keys: 0, total: 0 }, refreshedUnits: 0 });
  });

  it("an award written around the rollup (straight into the ledger) is reported as drift, then repaired", async () => {
    const w = await world();
    await computeRollups({ db, tenantId: w.tenantId });
    await seedAward(db, w.tenantId, w.teachers[3]!.userId, { hours: 8, countsFor: today, category: "online" });
    const run = await reconcileRollups({ db, tenantId: w.tenantId });
    // The ledger row is 8 学时 on school B, county B and the province (3 keys); no status was recomputed, so the figures agree.
    expect(run.drift!.hours).toEqual({ keys: 3, total: 24 });
    expect(run.zero).toBe(false);
    const again = await reconcileRollups({ db, tenantId: w.tenantId });
    expect(again.zero).toBe(true);
  });

  it("an award commits while another transaction holds the province's rollup row: awards append deltas and lock no shared row (decision 033)", { timeout: 60_000 }, async () => {
    const w = await world();
    await computeRollups({ db, tenantId: w.tenantId });
    const t = w.teachers[1]!;
    const proof = await seedProof(db, w.tenantId, t.userId);
    const { id } = await submitExternalAward({ db, actor: t.actor, input: claim("寒假研修", "7.5", "online", today, proof) });
    const before = await snapshot(w.tenantId);

    // Another transaction holds the province's and the school's org_rollup rows until the award is done.
    // When awards upserted those rows they queued behind it (and behind each other, about 80 a second).
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = owner.withTenant(w.tenantId, async (tx) => {
      const held = await tx.execute(sql`select org_unit_id from org_rollup where org_unit_id in (${w.units.province.id}::uuid, ${w.units.schoolA.id}::uuid) for update`);
      expect(held.length).toBe(2);
      locked();
      await released;
    });
    await isLocked;
    const award = approveExternalAward({ db, actor: w.provinceAdmin, input: { requestId: id } }).finally(release);
    // If the award waited on the held rows it would never settle before the holder lets go; the holder
    // lets go only when the award has settled, or after 20 s, and then the check below fails.
    const first = await Promise.race([award.then(() => "award" as const), new Promise<"holder">((r) => setTimeout(() => r("holder"), 20_000).unref())]);
    release();
    await holder;
    expect(first).toBe("award");
    await award;

    // Readers see it at once, through the views.
    const after = await snapshot(w.tenantId);
    const year = (snap: typeof before, unitId: string) => snap.rows.find((r) => r.orgUnitId === unitId)!.hoursThisYear;
    for (const u of [w.units.schoolA, w.units.countyA, w.units.province]) expect(year(after, u.id) - year(before, u.id)).toBe(7.5);

    // Folding moves it into the rows and changes nothing readers see; nothing is left waiting.
    await foldRollupDeltas({ db, tenantId: w.tenantId });
    expect(await snapshot(w.tenantId)).toEqual(after);
    const stored = await snapshot(w.tenantId, "stored");
    expect(stored).toEqual(after);
    const waiting = await owner.withTenant(w.tenantId, async (tx) => [...(await tx.select().from(orgRollupDelta)), ...(await tx.select().from(orgRollupHoursDelta))]);
    expect(waiting).toEqual([]);
    const run = await reconcileRollups({ db, tenantId: w.tenantId });
    expect(run.zero).toBe(true);
  });

  it("the fold probe finds a tenant with deltas waiting, each tenant sees only its own deltas, and a delta for another tenant is refused", { timeout: 60_000 }, async () => {
    const w = await world();
    const other = await world();
    await computeRollups({ db, tenantId: w.tenantId });
    await computeRollups({ db, tenantId: other.tenantId });
    // Hold this tenant's fold lock so that no worker of a parallel test folds its deltas before the probe.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const isHeld = new Promise<void>((r) => (held = r));
    const holder = owner.withTenant(w.tenantId, async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`org-rollup-fold:${w.tenantId}`}))`);
      held();
      await released;
    });
    await isHeld;
    try {
      const t = w.teachers[0]!;
      const proof = await seedProof(db, w.tenantId, t.userId);
      const { id } = await submitExternalAward({ db, actor: t.actor, input: claim("网络研修", "4", "online", today, proof) });
      await approveExternalAward({ db, actor: w.provinceAdmin, input: { requestId: id } });
      const pending = await db.tenantsWithRollupDeltas();
      expect(pending).toContain(w.tenantId);
      expect(pending).not.toContain(other.tenantId);
      // Under the other tenant, this tenant's deltas are invisible through the tables and the views.
      const seen = await db.withTenant(other.tenantId, async (tx) => ({
        deltas: await tx.select().from(orgRollupDelta).where(eq(orgRollupDelta.tenantId, w.tenantId)),
        hours: await tx.select().from(orgRollupHoursDelta).where(eq(orgRollupHoursDelta.tenantId, w.tenantId)),
        now: await tx.select().from(orgRollupNow).where(eq(orgRollupNow.tenantId, w.tenantId)),
        hoursNow: await tx.select().from(orgRollupHoursNow).where(eq(orgRollupHoursNow.tenantId, w.tenantId)),
      }));
      expect(seen).toEqual({ deltas: [], hours: [], now: [], hoursNow: [] });
      const mine = await db.withTenant(w.tenantId, (tx) => tx.select().from(orgRollupDelta));
      expect(mine.length).toBeGreaterThan(0);
      // Writing a delta into another tenant is refused by the policy's WITH CHECK.
      await expect(
        db.withTenant(other.tenantId, (tx) => tx.insert(orgRollupDelta).values({ tenantId: w.tenantId, orgUnitId: w.units.province.id, hoursThisYear: "1000.0" })),
      ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
    } finally {
      release();
      await holder;
    }
    // With the lock let go, a pass of the fold loop (narrowed to this tenant) folds it; the probe then finds nothing.
    await foldPendingRollups({ db, tenantIds: new Set([w.tenantId]) });
    expect(await db.tenantsWithRollupDeltas()).not.toContain(w.tenantId);
    expect((await reconcileRollups({ db, tenantId: w.tenantId })).zero).toBe(true);
  });

  it("before the first run, awards write no rollup rows", async () => {
    const w = await world();
    const t = w.teachers[2]!;
    const proof = await seedProof(db, w.tenantId, t.userId);
    const { id } = await submitExternalAward({ db, actor: t.actor, input: claim("暑期研修", "6", "online", today, proof) });
    await approveExternalAward({ db, actor: w.provinceAdmin, input: { requestId: id } });
    expect((await snapshot(w.tenantId)).rows).toEqual([]);
    const run = await reconcileRollups({ db, tenantId: w.tenantId });
    expect(run.drift).toBeNull();
    expect(run.units).toBeGreaterThan(0);
  });
});
