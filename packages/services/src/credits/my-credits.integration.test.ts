import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFixtureCourse } from "../courses/test-fixtures.ts";
import { certificate } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { myCredits } from "./index.ts";
import { seedAward, seedCreditWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

let w: Awaited<ReturnType<typeof seedCreditWorld>>;
let other: Awaited<ReturnType<typeof seedCreditWorld>>;
let ta: Awaited<ReturnType<typeof w.teacherAt>>;
let courseId: string;
let unitIds: string[];
let certificateId: string;

beforeAll(async () => {
  w = await seedCreditWorld(owner);
  other = await seedCreditWorld(owner);
  ta = await w.teacherAt(w.units.schoolA.id);
  const c = await seedFixtureCourse(db, w.tenantId, { ownerId: w.provinceAdmin.actorId, institutionId: w.units.province.id, kinds: ["video", "quiz"], title: "大单元教学设计" });
  courseId = c.courseId;
  unitIds = c.unitIds;
  // As the completion worker writes it: source_ref = the course, one evidence item per completed unit.
  const awardId = await seedAward(db, w.tenantId, ta.userId, {
    hours: 12,
    countsFor: "2026-03-01",
    title: "大单元教学设计",
    sourceRef: courseId,
    evidence: unitIds.map((unitId) => ({ kind: "unit", enrollmentId: unitId, unitId, completedAt: "2026-03-01T02:00:00.000Z" })),
  });
  const [cert] = await db.withTenant(w.tenantId, (tx) =>
    tx.insert(certificate).values({ tenantId: w.tenantId, awardId, teacherId: ta.userId, number: `C-${awardId.slice(0, 8)}`, verifyCode: awardId.replace(/-/g, "") }).returning(),
  );
  certificateId = cert!.id;
});

describe("我的学时", () => {
  it("shows a course completion with its course and unit titles, and its certificate while pending", async () => {
    const d = await myCredits({ db, actor: ta.actor, today: "2026-06-01" });
    // By 1 June 151 days of 2026 have passed: 72 × 151 / 365 = 29.7 due, 12 done.
    expect(d.totals).toMatchObject({ cycleHours: 12, yearHours: 12, requiredHours: 360, expectedByNow: 29.7, expectedThisYear: 29.7, pace: "behind" });
    expect(d.ledger).toHaveLength(1);
    const titles = d.ledger[0]!.evidence.map((e) => [e.kind, e.title]);
    expect(titles[0]).toEqual(["course", "大单元教学设计"]);
    expect(titles.slice(1).every(([k, title]) => k === "unit" && typeof title === "string" && title.length > 0)).toBe(true);
    expect(titles).toHaveLength(1 + unitIds.length);
    expect(d.ledger[0]!.evidence[0]!.href).toBe(`/courses/${courseId}`);
    expect(d.certificates).toEqual([expect.objectContaining({ id: certificateId, status: "pending", title: "大单元教学设计", reversed: false })]);
  });

  it("another teacher and another tenant see none of it", async () => {
    const tb = await w.teacherAt(w.units.schoolB.id);
    const theirs = await myCredits({ db, actor: tb.actor });
    expect(theirs.ledger).toEqual([]);
    expect(theirs.certificates).toEqual([]);
    const foreign = await myCredits({ db, actor: { ...ta.actor, tenantId: other.tenantId } });
    expect(foreign.ledger).toEqual([]);
    expect(foreign.certificates).toEqual([]);
  });
});
