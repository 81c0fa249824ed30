import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent, creditAward, teacherCreditStatus } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { chinaDay, myCredits, reverseAward, teacherCredits } from "./index.ts";
import { codeOf, seedAward, seedCreditWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

let w: Awaited<ReturnType<typeof seedCreditWorld>>;
let other: Awaited<ReturnType<typeof seedCreditWorld>>;
let ta: Awaited<ReturnType<typeof w.teacherAt>>;
let kept: string;
let wrong: string;
const today = chinaDay();

beforeAll(async () => {
  w = await seedCreditWorld(owner);
  other = await seedCreditWorld(owner);
  ta = await w.teacherAt(w.units.schoolA.id);
  kept = await seedAward(db, w.tenantId, ta.userId, { hours: 24, countsFor: today, title: "课程甲" });
  wrong = await seedAward(db, w.tenantId, ta.userId, { hours: 36.5, countsFor: today, title: "课程乙（重复录入）", category: "concentrated" });
});

const statusHours = async () =>
  (await db.withTenant(w.tenantId, (tx) => tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.teacherId, ta.userId))))[0]?.cycleHours;

describe("reversals", () => {
  it("needs a reason and an admin over the teacher", async () => {
    expect(await codeOf(reverseAward({ db, actor: w.countyAdminA, input: { awardId: wrong, reason: "" } }))).toBe("badRequest");
    expect(await codeOf(reverseAward({ db, actor: w.countyAdminB, input: { awardId: wrong, reason: "错误" } }))).toBe("notFound");
    expect(await codeOf(reverseAward({ db, actor: ta.actor, input: { awardId: wrong, reason: "错误" } }))).toBe("notFound");
    expect(await codeOf(reverseAward({ db, actor: other.provinceAdmin, input: { awardId: wrong, reason: "错误" } }))).toBe("notFound");
  });

  it("a reversal nets the hours to nothing, records who and why, and updates the totals in the same step", async () => {
    const { reversalId, totals } = await reverseAward({ db, actor: w.countyAdminA, input: { awardId: wrong, reason: "重复录入" } });
    expect(totals.cycleHours).toBe(24);
    expect(await statusHours()).toBe("24.0");
    const [row] = await db.withTenant(w.tenantId, (tx) => tx.select().from(creditAward).where(eq(creditAward.id, reversalId)));
    expect(row).toMatchObject({
      source: "reversal",
      sourceRef: wrong,
      reversesAwardId: wrong,
      hours: "-36.5",
      category: "concentrated",
      countsFor: today,
      reason: "重复录入",
      actorId: w.countyAdminA.actorId,
    });
    const mine = await myCredits({ db, actor: ta.actor });
    expect(mine.totals.cycleHours).toBe(24);
    expect(mine.ledger.find((l) => l.id === wrong)?.reversedBy).toMatchObject({ id: reversalId, reason: "重复录入" });
    expect(mine.ledger.find((l) => l.id === reversalId)).toMatchObject({ source: "reversal", hours: -36.5, reason: "重复录入" });
    const admin = await teacherCredits({ db, actor: w.provinceAdmin, teacherId: ta.userId });
    expect(admin.teacher.name).toBe(ta.name);
    expect(admin.ledger).toHaveLength(3);
    const audit = await db.withTenant(w.tenantId, (tx) => tx.select().from(auditEvent).where(eq(auditEvent.target, `creditAward:${wrong}`)));
    expect(audit).toMatchObject([{ action: "credits.reverseAward", actorId: w.countyAdminA.actorId }]);
  });

  it("an award is reversed once, and a reversal cannot be reversed", async () => {
    expect(await codeOf(reverseAward({ db, actor: w.provinceAdmin, input: { awardId: wrong, reason: "再来一次" } }))).toBe("alreadyReversed");
    const [rev] = await db.withTenant(w.tenantId, (tx) => tx.select().from(creditAward).where(eq(creditAward.reversesAwardId, wrong)));
    expect(await codeOf(reverseAward({ db, actor: w.provinceAdmin, input: { awardId: rev!.id, reason: "撤回冲销" } }))).toBe("cannotReverseReversal");
    // Two admins at once: one reversal.
    const both = await Promise.all([
      codeOf(reverseAward({ db, actor: w.provinceAdmin, input: { awardId: kept, reason: "甲" } })),
      codeOf(reverseAward({ db, actor: w.countyAdminA, input: { awardId: kept, reason: "乙" } })),
    ]);
    expect(both.sort()).toEqual(["alreadyReversed", "ok"]);
    expect(await statusHours()).toBe("0.0");
  });

  it("the ledger is append-only for the app role: Postgres refuses UPDATE and DELETE", async () => {
    const refused = (p: Promise<unknown>) => p.then(() => "ok", (e: { cause?: { code?: string; message?: string } }) => `${e.cause?.code} ${e.cause?.message}`);
    const upd = await refused(db.withTenant(w.tenantId, (tx) => tx.update(creditAward).set({ hours: "999" }).where(eq(creditAward.id, kept))));
    expect(upd).toMatch(/^42501 permission denied/);
    const del = await refused(db.withTenant(w.tenantId, (tx) => tx.delete(creditAward).where(eq(creditAward.id, kept))));
    expect(del).toMatch(/^42501 permission denied/);
  });

  it("another tenant's admin sees no ledger", async () => {
    expect(await codeOf(teacherCredits({ db, actor: other.provinceAdmin, teacherId: ta.userId }))).toBe("notFound");
    expect((await myCredits({ db, actor: { ...ta.actor, tenantId: other.tenantId } })).ledger).toEqual([]);
  });
});
