import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCreditPolicy } from "@yanxiu/domain/credits";
import { creditPolicy, teacherCreditStatus } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { getPolicy, setPolicy } from "./index.ts";
import { codeOf, seedAward, seedCreditWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

let w: Awaited<ReturnType<typeof seedCreditWorld>>;
let other: Awaited<ReturnType<typeof seedCreditWorld>>;
const teachers: string[] = [];
const today = "2024-06-01";

beforeAll(async () => {
  w = await seedCreditWorld(owner);
  other = await seedCreditWorld(owner);
  for (let i = 0; i < 3; i++) teachers.push((await w.teacherAt(w.units.schoolA.id)).userId);
  await seedAward(db, w.tenantId, teachers[0]!, { hours: 80, countsFor: "2023-04-01", category: "schoolBased" });
  await seedAward(db, w.tenantId, teachers[0]!, { hours: 20, countsFor: "2024-04-01" });
  await seedAward(db, w.tenantId, teachers[1]!, { hours: 30, countsFor: "2020-04-01" });
});

const statusOf = (teacherId: string) =>
  db.withTenant(w.tenantId, async (tx) => (await tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.teacherId, teacherId)))[0]);

describe("credit policy", () => {
  it("a tenant without a policy uses the national default (version 0)", async () => {
    const p = await getPolicy({ db, actor: w.countyAdminA });
    expect(p.current).toEqual({ version: 0, rules: defaultCreditPolicy });
    expect(p.versions).toEqual([]);
  });

  it("only a province admin sets the policy, and bad rules are refused with field errors", async () => {
    expect(await codeOf(setPolicy({ db, actor: w.countyAdminA, input: defaultCreditPolicy }))).toBe("forbidden");
    const bad = await setPolicy({ db, actor: w.provinceAdmin, input: { ...defaultCreditPolicy, yearlyMinimum: 500 } }).catch((e: { code: string; fieldErrors: Record<string, string[]> }) => e);
    expect(bad).toMatchObject({ code: "badRequest", fieldErrors: { yearlyMinimum: ["每年最低学时不能超过周期要求"] } });
  });

  it("a new version recomputes every teacher's totals from the raw 学时 and keeps the old versions", async () => {
    const v1 = await setPolicy({ db, actor: w.provinceAdmin, input: defaultCreditPolicy, today, batchSize: 2 });
    expect(v1.version).toBe(1);
    expect(v1.recomputed).toBe(3);
    expect(await statusOf(teachers[0]!)).toMatchObject({ cycleStartYear: 2021, cycleHours: "100.0", yearHours: "20.0", year: 2024, onPace: false });
    expect(await statusOf(teachers[1]!)).toMatchObject({ cycleHours: "0.0", onPace: false });
    expect(await statusOf(teachers[2]!)).toMatchObject({ cycleHours: "0.0" });

    // A province that starts its cycle in 2020, caps 校本研修 at 50 and asks 200 in all (form fields as strings).
    const v2 = await setPolicy({
      db,
      actor: w.provinceAdmin,
      today,
      batchSize: 2,
      input: { cycleStartYear: "2020", cycleYears: "5", requiredHours: "200", yearlyMinimum: "40", "max.schoolBased": "50", "min.online": "" },
    });
    expect(v2.version).toBe(2);
    expect(v2.rules.categoryLimits).toEqual({ schoolBased: { max: 50 } });
    expect(await statusOf(teachers[0]!)).toMatchObject({ cycleStartYear: 2020, cycleHours: "70.0", onPace: false });
    expect(await statusOf(teachers[1]!)).toMatchObject({ cycleStartYear: 2020, cycleHours: "30.0" });

    const p = await getPolicy({ db, actor: w.provinceAdmin });
    expect(p.current.version).toBe(2);
    expect(p.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(p.versions[1]!.rules).toEqual(defaultCreditPolicy);
  });

  it("the app role cannot rewrite an old policy version", async () => {
    const err = await db
      .withTenant(w.tenantId, (tx) => tx.update(creditPolicy).set({ rules: {} }).where(eq(creditPolicy.version, 1)))
      .catch((e: { cause?: { code?: string } }) => e);
    expect((err as { cause?: { code?: string } }).cause?.code).toBe("42501");
  });

  it("another tenant sees none of it", async () => {
    const p = await getPolicy({ db, actor: other.provinceAdmin });
    expect(p.current.version).toBe(0);
    expect(p.versions).toEqual([]);
  });
});
