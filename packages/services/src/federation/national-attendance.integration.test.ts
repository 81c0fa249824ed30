import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { isAppError, type AppError } from "@yanxiu/domain/errors";
import { nationalAttendance } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { withdrawNomination } from "../projects/withdraw-nomination.ts";
import { readNationalRollCall, saveNationalRollCall, setNationalRequiredDays } from "./national-attendance.ts";
import { allocateNationalQuota, assignTraineeClass, createNationalProject, grantProjectStaff, listNationalTrainees, recordNationalCompletion } from "./national-projects.ts";
import { deliverPending, mirrorOf, nationalFacts, nominateAndApprove, seedPlatform, seedProvince } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

/** "Now" in these tests: 2026-06-15 in China (the project runs 2026-03-01 … 2026-12-31). */
const now = new Date("2026-06-15T04:00:00Z");

/**
 * A platform with a national project (required days as given), one province with three approved nominees who
 * reached the national list: two in class A班, one in B班; a staff account granted A班 only.
 */
async function world(requiredDays = 0) {
  const platform = await seedPlatform(owner);
  const p1 = await seedProvince(owner);
  const { projectId } = await createNationalProject({ db, actor: platform.operator, input: nationalFacts({ requiredDays: String(requiredDays) }) });
  await allocateNationalQuota({ db, actor: platform.operator, input: { projectId, provinceTenantId: p1.tenantId, seats: 3 } });
  await deliverPending(db, [platform.tenantId]);
  const m1 = (await mirrorOf(db, p1.tenantId, projectId))!;
  const nominations = [];
  for (const school of [p1.units.schoolA1, p1.units.schoolA2, p1.units.schoolB1]) nominations.push(await nominateAndApprove(db, p1, m1.project.id, m1.root.id, school));
  await deliverPending(db, [p1.tenantId]);
  const trainees = (await listNationalTrainees({ db, actor: platform.operator, input: { projectId } })).trainees;
  expect(trainees).toHaveLength(3);
  const [a1, a2, b1] = trainees as [(typeof trainees)[number], (typeof trainees)[number], (typeof trainees)[number]];
  await assignTraineeClass({ db, actor: platform.operator, input: { traineeId: a1.id, classCode: "A班" } });
  await assignTraineeClass({ db, actor: platform.operator, input: { traineeId: a2.id, classCode: "A班" } });
  await assignTraineeClass({ db, actor: platform.operator, input: { traineeId: b1.id, classCode: "B班" } });
  const staff = await platform.staffAccount();
  await grantProjectStaff({ db, actor: platform.operator, input: { projectId, userId: staff.actorId, classCode: "A班" } });
  return { platform, p1, projectId, a1, a2, b1, staff, nominations };
}

async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

const rowsOf = (tenantId: string, traineeId: string) => db.withTenant(tenantId, (tx) => tx.select().from(nationalAttendance).where(eq(nationalAttendance.traineeId, traineeId)));
const rollCallAudits = (tenantId: string) =>
  owner.withTenant(tenantId, async (tx) => (await tx.execute<{ data: { day: string; marked: string[]; unmarked: string[] } }>(sql`select data from audit_event where action = 'national.rollCall' order by occurred_at`)).map((r) => r.data));

describe("按日点名 on the national side", () => {
  it("staff call the roll of their own classes only; another class, a province's admin and another platform get notFound", async () => {
    const w = await world(2);
    const day = "2026-06-10";
    const mine = await readNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId, day }, now });
    expect(mine.rows.map((r) => r.id).sort()).toEqual([w.a1.id, w.a2.id].sort());
    expect(mine.classes).toEqual(["A班"]);
    expect(mine.canSave).toBe(true);
    expect(mine.project.requiredDays).toBe(2);

    await saveNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId, day, classCode: "A班", traineeIds: [w.a1.id, w.a2.id], present: [w.a1.id] }, now });
    const after = await readNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId, day, classCode: "A班" }, now });
    expect(after.rows.map((r) => [r.id, r.present, r.attended])).toEqual(expect.arrayContaining([[w.a1.id, true, 1], [w.a2.id, false, 0]]));

    // Class B: neither by asking for the class nor by slipping its trainee into class A's form.
    expect((await rejects(readNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId, day, classCode: "B班" }, now }))).code).toBe("notFound");
    expect((await rejects(saveNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId, day, classCode: "B班", traineeIds: [w.b1.id], present: [w.b1.id] }, now }))).code).toBe("notFound");
    expect((await rejects(saveNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId, day, classCode: "A班", traineeIds: [w.a1.id, w.b1.id], present: [w.b1.id] }, now }))).code).toBe("notFound");
    expect((await rejects(saveNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId, day, classCode: "", traineeIds: [w.b1.id], present: [w.b1.id] }, now }))).code).toBe("notFound");
    expect(await rowsOf(w.platform.tenantId, w.b1.id)).toHaveLength(0);

    // A staff account of the platform without a grant on this project: nothing.
    const stranger = await w.platform.staffAccount();
    expect((await rejects(readNationalRollCall({ db, actor: stranger, input: { projectId: w.projectId, day }, now }))).code).toBe("notFound");

    // The province's admin: the project and its trainees do not exist for them.
    expect((await rejects(readNationalRollCall({ db, actor: w.p1.admins.province, input: { projectId: w.projectId, day }, now }))).code).toBe("notFound");
    expect((await rejects(saveNationalRollCall({ db, actor: w.p1.admins.province, input: { projectId: w.projectId, day, classCode: "", traineeIds: [w.a1.id], present: [] }, now }))).code).toBe("notFound");

    // Another platform tenant's operator, with this tenant's ids: notFound, and the mark stays.
    const other = await seedPlatform(owner);
    expect((await rejects(saveNationalRollCall({ db, actor: other.operator, input: { projectId: w.projectId, day, classCode: "", traineeIds: [w.a1.id], present: [] }, now }))).code).toBe("notFound");
    expect(await rowsOf(w.platform.tenantId, w.a1.id)).toHaveLength(1);

    // The operator: every class, and may call the roll of all classes at once.
    const first = await readNationalRollCall({ db, actor: w.platform.operator, input: { projectId: w.projectId, day }, now });
    expect([first.classCode, first.classes, first.rows.length]).toEqual(["A班", ["A班", "B班"], 2]);
    expect((await readNationalRollCall({ db, actor: w.platform.operator, input: { projectId: w.projectId, day, classCode: "" }, now })).rows).toHaveLength(3);
    expect((await readNationalRollCall({ db, actor: w.platform.operator, input: { projectId: w.projectId, day, classCode: "-" }, now })).rows).toHaveLength(0);
    await saveNationalRollCall({ db, actor: w.platform.operator, input: { projectId: w.projectId, day, classCode: "", traineeIds: [w.a1.id, w.b1.id], present: [w.a1.id, w.b1.id] }, now });
    expect(await rowsOf(w.platform.tenantId, w.b1.id)).toHaveLength(1);
  });

  it("a day must be within the project's dates and not after today in China", async () => {
    const w = await world();
    const save = (day: string, at = now) => saveNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId, day, classCode: "A班", traineeIds: [w.a1.id], present: [w.a1.id] }, now: at });
    for (const [day, reason] of [["2026-06-16", "不能为今天以后的日期点名"], ["2026-02-28", "日期须在项目起止日期内"], ["2027-01-01", "日期须在项目起止日期内"]] as const) {
      const e = await rejects(save(day));
      expect([e.code, e.fieldErrors?.day]).toEqual(["badRequest", [reason]]);
    }
    expect((await rejects(readNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId, day: "2026-02-28" }, now }))).fieldErrors?.day).toEqual(["日期须在项目起止日期内"]);
    // 17:00 UTC on the 15th is already the 16th in China: that day may be called.
    expect((await save("2026-06-16", new Date("2026-06-15T17:00:00Z"))).marked).toBe(1);
    // The first and the last day of the project are days of it.
    expect((await save("2026-03-01")).marked).toBe(1);
    expect((await save("2026-12-31", new Date("2027-01-05T00:00:00Z"))).marked).toBe(1);
    // No day asked: today, or the last day once the project is over, or the first before it starts.
    expect((await readNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId }, now })).day).toBe("2026-06-15");
    expect((await readNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId }, now: new Date("2027-02-01T00:00:00Z") })).day).toBe("2026-12-31");
    const early = await readNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId }, now: new Date("2026-01-10T00:00:00Z") });
    expect([early.day, early.canSave]).toEqual(["2026-03-01", false]);
    expect(await rowsOf(w.platform.tenantId, w.a1.id)).toHaveLength(3);
  });

  it("saving the same roll call twice is one row per trainee and one audit entry; unmarking removes the day", async () => {
    const w = await world();
    const input = { projectId: w.projectId, day: "2026-06-01", classCode: "A班", traineeIds: [w.a1.id, w.a2.id], present: [w.a1.id, w.a2.id] };
    expect(await saveNationalRollCall({ db, actor: w.staff, input, now })).toEqual({ day: "2026-06-01", marked: 2, unmarked: 0 });
    expect(await saveNationalRollCall({ db, actor: w.staff, input, now })).toEqual({ day: "2026-06-01", marked: 0, unmarked: 0 });
    // Two saves at once: still one row each.
    await Promise.all([saveNationalRollCall({ db, actor: w.staff, input: { ...input, day: "2026-06-02" }, now }), saveNationalRollCall({ db, actor: w.platform.operator, input: { ...input, day: "2026-06-02" }, now })]);
    expect(await rowsOf(w.platform.tenantId, w.a1.id)).toHaveLength(2);
    expect((await saveNationalRollCall({ db, actor: w.staff, input: { ...input, present: [w.a2.id] }, now })).unmarked).toBe(1);
    expect((await rowsOf(w.platform.tenantId, w.a1.id)).map((r) => r.day)).toEqual(["2026-06-02"]);
    const list = await listNationalTrainees({ db, actor: w.staff, input: { projectId: w.projectId } });
    expect(Object.fromEntries(list.trainees.map((t) => [t.id, t.attended]))).toEqual({ [w.a1.id]: 1, [w.a2.id]: 2 });
    const audits = await rollCallAudits(w.platform.tenantId);
    expect(audits.map((a) => [a.day, a.marked.length, a.unmarked.length])).toEqual([
      ["2026-06-01", 2, 0],
      ["2026-06-02", 2, 0],
      ["2026-06-01", 0, 1],
    ]);
  });

  it("a withdrawn trainee is off the roll call and cannot be marked; their earlier days stay", async () => {
    const w = await world();
    const input = { projectId: w.projectId, day: "2026-06-01", classCode: "A班", traineeIds: [w.a1.id, w.a2.id], present: [w.a1.id] };
    await saveNationalRollCall({ db, actor: w.staff, input, now });
    const a1Nomination = w.nominations[0]!.nominationId;
    await withdrawNomination({ db, actor: w.p1.admins.province, input: { nominationId: a1Nomination, reason: "身体原因退出" } });
    await deliverPending(db, [w.p1.tenantId]);
    const roll = await readNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId, day: "2026-06-02" }, now });
    expect(roll.rows.map((r) => r.id)).toEqual([w.a2.id]);
    const e = await rejects(saveNationalRollCall({ db, actor: w.staff, input: { ...input, day: "2026-06-02" }, now }));
    expect(e.code).toBe("nominationStateConflict");
    expect(e.fieldErrors?.present?.[0]).toMatch(/已退出培训，不能点名$/);
    // The whole save is refused (one transaction): a2 was not marked either.
    expect(await rowsOf(w.platform.tenantId, w.a2.id)).toHaveLength(0);
    // Left as it was (no change asked for the withdrawn one): fine.
    expect((await saveNationalRollCall({ db, actor: w.staff, input: { ...input, present: [w.a1.id, w.a2.id] }, now })).marked).toBe(1);
    expect(await rowsOf(w.platform.tenantId, w.a1.id)).toHaveLength(1);
  });

  it("a completion below the required days is refused with the days in Chinese; the operator may complete with a reason, which the audit keeps", async () => {
    const w = await world(2);
    const mark = (day: string, present: string[]) => saveNationalRollCall({ db, actor: w.staff, input: { projectId: w.projectId, day, classCode: "A班", traineeIds: [w.a1.id, w.a2.id], present }, now });
    await mark("2026-06-01", [w.a1.id, w.a2.id]);
    await mark("2026-06-02", [w.a1.id]);
    const complete = (actor: typeof w.staff, traineeId: string, extra: Record<string, unknown> = {}) => recordNationalCompletion({ db, actor, input: { traineeId, completedOn: "2026-06-15", ...extra } });

    const short = await rejects(complete(w.staff, w.a2.id));
    expect([short.code, short.fieldErrors?.days]).toEqual(["conflict", ["出勤 1 天，未达到要求的 2 天"]]);
    expect((await rejects(complete(w.staff, w.a2.id, { exceptionReason: "病假补课已完成" }))).fieldErrors?.exceptionReason).toEqual(["只有项目办可以破例认定"]);
    expect((await rejects(complete(w.platform.operator, w.a2.id))).fieldErrors?.days).toEqual(["出勤 1 天，未达到要求的 2 天；如确需认定，请填写破例原因"]);
    await complete(w.staff, w.a1.id);
    await complete(w.platform.operator, w.a2.id, { exceptionReason: "病假，已线上补学" });
    const audit = await owner.withTenant(w.platform.tenantId, async (tx) =>
      (await tx.execute<{ target: string; data: Record<string, unknown> }>(sql`select target, data from audit_event where action = 'national.complete'`)).map((r) => [r.target, r.data.attended, r.data.required, r.data.exception ?? null]),
    );
    expect(audit).toEqual(expect.arrayContaining([[`nationalTrainee:${w.a1.id}`, 2, 2, null], [`nationalTrainee:${w.a2.id}`, 1, 2, "病假，已线上补学"]]));

    // A completed trainee's days no longer change (the 学时 went to their province with these days behind them).
    const frozen = await rejects(mark("2026-06-03", [w.a1.id]));
    expect([frozen.code, frozen.fieldErrors?.present?.[0]]).toEqual(["nominationStateConflict", expect.stringMatching(/已认定学时，出勤不再修改$/)]);
    // With no days required, no rule: B班's trainee completes with none.
    await setNationalRequiredDays({ db, actor: w.platform.operator, input: { projectId: w.projectId, requiredDays: "0" } });
    await complete(w.platform.operator, w.b1.id);
  });

  it("only the operator sets the required days, within the project's length", async () => {
    const w = await world();
    expect((await rejects(setNationalRequiredDays({ db, actor: w.staff, input: { projectId: w.projectId, requiredDays: 30 } }))).code).toBe("notFound");
    expect((await rejects(setNationalRequiredDays({ db, actor: w.p1.admins.province, input: { projectId: w.projectId, requiredDays: 30 } }))).code).toBe("notFound");
    await setNationalRequiredDays({ db, actor: w.platform.operator, input: { projectId: w.projectId, requiredDays: "30" } });
    expect((await listNationalTrainees({ db, actor: w.staff, input: { projectId: w.projectId } })).project.requiredDays).toBe(30);
    // 2026-03-01 … 2026-12-31 is 306 days.
    expect((await rejects(setNationalRequiredDays({ db, actor: w.platform.operator, input: { projectId: w.projectId, requiredDays: 307 } }))).fieldErrors?.requiredDays).toEqual(["要求出勤天数不能超过项目的天数"]);
    await setNationalRequiredDays({ db, actor: w.platform.operator, input: { projectId: w.projectId, requiredDays: 306 } });
    const create = (requiredDays: unknown) => rejects(createNationalProject({ db, actor: w.platform.operator, input: nationalFacts({ startsOn: "2026-03-01", endsOn: "2026-03-10", requiredDays }) }));
    expect((await create("11")).fieldErrors?.requiredDays).toEqual(["要求出勤天数不能超过项目的天数"]);
    expect((await create(-1)).fieldErrors?.requiredDays).toEqual(["要求出勤天数不能为负数"]);
    expect((await create("1.5")).fieldErrors?.requiredDays).toEqual(["要求出勤天数须为整数"]);
    expect((await create("三十")).fieldErrors?.requiredDays).toEqual(["要求出勤天数须为整数"]);
  });

  it("hostile input gets a clear error and writes nothing: NUL bytes, CR/LF, huge strings, bad ids, extra fields, a forged list", async () => {
    const w = await world();
    const base = { projectId: w.projectId, day: "2026-06-01", classCode: "A班", traineeIds: [w.a1.id], present: [w.a1.id] };
    const save = (over: Record<string, unknown>) => rejects(saveNationalRollCall({ db, actor: w.staff, input: { ...base, ...over }, now }));
    const cases: [Record<string, unknown>, string, string][] = [
      [{ classCode: "A\u0000班" }, "classCode", "班级含有不可见的控制字符"],
      [{ classCode: "A\r\n班" }, "classCode", "班级含有不可见的控制字符"],
      [{ classCode: "班".repeat(1_000_000) }, "classCode", "班级不能超过 30 字"],
      [{ day: "2026-02-30" }, "day", "日期无效"],
      [{ day: "2026-06-01\u0000" }, "day", "请填写日期"],
      [{ traineeIds: ["not-a-uuid"], present: [] }, "traineeIds", "记录不存在"],
      [{ traineeIds: Array.from({ length: 501 }, () => randomUUID()), present: [] }, "traineeIds", "一次点名不超过 500 人"],
      [{ present: [w.a2.id] }, "present", "所选学员不在本次点名名单中"],
      [{ projectId: "x".repeat(100_000) }, "projectId", "记录不存在"],
      [{ recordedBy: w.platform.operator.actorId }, "", ""],
    ];
    for (const [over, field, message] of cases) {
      const e = await save(over);
      expect(e.code, JSON.stringify(Object.keys(over))).toBe("badRequest");
      if (field) expect(e.fieldErrors?.[field]?.[0]).toBe(message);
    }
    // An id of no trainee, or of a trainee of another tenant: notFound.
    expect((await save({ traineeIds: [randomUUID()], present: [] })).code).toBe("notFound");
    const other = await world();
    expect((await save({ traineeIds: [other.a1.id], present: [other.a1.id] })).code).toBe("notFound");
    expect((await rejects(recordNationalCompletion({ db, actor: w.platform.operator, input: { traineeId: w.a1.id, completedOn: "2026-06-15", exceptionReason: "a\u0000b" } }))).fieldErrors?.exceptionReason).toEqual([
      "破例原因含有不可见的控制字符",
    ]);
    expect(await rowsOf(w.platform.tenantId, w.a1.id)).toHaveLength(0);
    expect(await rowsOf(other.platform.tenantId, other.a1.id)).toHaveLength(0);
  });
});
