import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import { endLiveSession, joinLiveSession, leaveLiveSession, removeParticipant, startLiveSession } from "../live/index.ts";
import { seedLiveWorld } from "../live/test-setup.ts";
import { liveSession, studioActivity } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { exportLiveAttendance, liveAttendanceSheet } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
let w: Awaited<ReturnType<typeof seedLiveWorld>>;
let other: Awaited<ReturnType<typeof seedLiveWorld>>;
let sessionId: string;
beforeAll(async () => {
  w = await seedLiveWorld(owner, db);
  other = await seedLiveWorld(owner, db);
  const { host, memberA, memberB } = w.people;
  const t0 = new Date(Date.now() - 3 * 3600_000);
  const at = (min: number) => new Date(t0.getTime() + min * 60_000);
  sessionId = (await w.newStudioSession("考勤导出")).id;
  // The session is an activity's that carries 2 学时, so the 80 % rule applies.
  await db.withTenant(w.tenantId, async (tx) => {
    const [a] = await tx
      .insert(studioActivity)
      .values({ tenantId: w.tenantId, studioId: w.studioId, kind: "lessonStudy", title: "课例研讨", date: "2026-11-20", creditHours: "2.0", createdBy: host.id })
      .returning({ id: studioActivity.id });
    await tx.update(liveSession).set({ activityId: a!.id }).where(eq(liveSession.id, sessionId));
  });
  await joinLiveSession({ db, actor: host.actor, sessionId, now: at(0) });
  await startLiveSession({ db, actor: host.actor, sessionId, now: at(0) });
  // Member A: 0–30 and 35–60 of a 60-minute session → 55 minutes, meets 80 % (48).
  const a1 = await joinLiveSession({ db, actor: memberA.actor, sessionId, now: at(0) });
  await leaveLiveSession({ db, actor: memberA.actor, attendanceId: a1.attendanceId, now: at(30) });
  await joinLiveSession({ db, actor: memberA.actor, sessionId, now: at(35) });
  // Member B: 10 minutes, then removed.
  const b1 = await joinLiveSession({ db, actor: memberB.actor, sessionId, now: at(5) });
  await leaveLiveSession({ db, actor: memberB.actor, attendanceId: b1.attendanceId, now: at(15) });
  await removeParticipant({ db, actor: host.actor, input: { sessionId, userId: memberB.id } });
  await endLiveSession({ db, actor: host.actor, sessionId, now: at(60) });
});
afterAll(async () => {
  await db.close();
  await owner.close();
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: AppError) => e.code,
  );

describe("attendance export", () => {
  it("lists who came with intervals, minutes and the 学时 rule, then the members who did not come", async () => {
    const { host, coHost, memberA, memberB } = w.people;
    const sheet = await liveAttendanceSheet({ db, actor: host.actor, sessionId });
    const byName = new Map(sheet.rows.map((r) => [r.name, r]));
    expect(byName.get(host.displayName)).toMatchObject({ role: "主持人", minutes: 60, meets: "是" });
    expect(byName.get(memberA.displayName)).toMatchObject({ role: "参与者", minutes: 55, meets: "是" });
    expect(byName.get(memberA.displayName)!.intervals.split("；")).toHaveLength(2);
    expect(byName.get(memberB.displayName)).toMatchObject({ role: "参与者（已移出）", minutes: 10, meets: "否" });
    // The co-host never joined: absent, after everyone who came.
    expect(sheet.rows.at(-1)).toMatchObject({ name: coHost.displayName, role: "缺席", minutes: "", meets: "否" });
    expect(sheet.rows).toHaveLength(4);
  });

  it("is a real .xlsx with the same rows, for the host and co-hosts only; members, outsiders and other provinces get notFound", async () => {
    const { coHost, memberA, outsider } = w.people;
    const file = await exportLiveAttendance({ db, actor: coHost.actor, sessionId });
    expect(file.fileName).toBe("考勤导出-考勤.xlsx");
    const chunks: Buffer[] = [];
    for await (const c of file.stream) chunks.push(c as Buffer);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, "姓名", "教师编号", "学校", "身份", "首次进入", "进出记录", "参加分钟", "达到学时要求"]);
    expect(sheet.rowCount).toBe(5);
    const rowOf = (name: string) => sheet.getRows(2, 4)!.find((r) => r.getCell(1).value === name)!;
    expect(rowOf(w.people.memberA.displayName).getCell(7).value).toBe(55);
    expect(rowOf(w.people.memberA.displayName).getCell(8).value).toBe("是");
    expect(rowOf(coHost.displayName).getCell(4).value).toBe("缺席");

    expect(await codeOf(liveAttendanceSheet({ db, actor: memberA.actor, sessionId }))).toBe("notFound");
    expect(await codeOf(liveAttendanceSheet({ db, actor: outsider.actor, sessionId }))).toBe("notFound");
    expect(await codeOf(liveAttendanceSheet({ db, actor: other.people.host.actor, sessionId }))).toBe("notFound");
    expect(await codeOf(liveAttendanceSheet({ db, actor: w.people.host.actor, sessionId: "../../etc" }))).toBe("notFound");
  });
});
