import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditSchemePresets } from "@yanxiu/domain/credit-scheme-presets";
import { notification, trainingProject } from "@yanxiu/db/schema";
import { seedSchemeVersion } from "../seed/seed-demo.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { approveExternalAward, chinaDay, decideFixedPointClaim, rejectExternalAward, resubmitFixedPointClaim, submitExternalAward, submitFixedPointClaim } from "../credits/index.ts";
import { codeOf, seedCreditWorld, seedProof } from "../credits/test-setup.ts";
import { markAllRead, markRead, myNotifications, notify, remindOverdueReports, unreadCount } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

const today = chinaDay();
let w: Awaited<ReturnType<typeof seedCreditWorld>>;
let other: Awaited<ReturnType<typeof seedCreditWorld>>;
type TTeacher = Awaited<ReturnType<typeof w.teacherAt>>;
let ta: TTeacher;
let ta2: TTeacher;
let tb: TTeacher;

beforeAll(async () => {
  w = await seedCreditWorld(owner);
  other = await seedCreditWorld(owner);
  // 陕西 (学分): 论文发表 is certified by the county, then the province.
  await seedSchemeVersion(owner, w.tenantId, creditSchemePresets.shaanxi);
  ta = await w.teacherAt(w.units.schoolA.id, "甲老师");
  ta2 = await w.teacherAt(w.units.schoolA.id, "丁老师");
  tb = await w.teacherAt(w.units.schoolB.id, "乙老师");
});

async function paperClaim(t: TTeacher, title: string) {
  const cover = await seedProof(db, w.tenantId, t.userId, "封面目录.pdf");
  const body = await seedProof(db, w.tenantId, t.userId, "论文.pdf");
  const input = {
    kind: "paper",
    level: "provincial",
    title,
    happenedOn: today,
    description: "发表于《湖南教育》。",
    evidence: [
      { label: "刊物封面及目录", fileId: cover },
      { label: "论文正文", fileId: body },
    ],
  };
  const { id } = await submitFixedPointClaim({ db, actor: t.actor, input });
  return { id, input };
}

const decide = (actor: typeof w.provinceAdmin, claimId: string, round: number, step: number, decision: string, reason?: string) =>
  decideFixedPointClaim({ db, actor, input: { claimId, round, step, decision, ...(reason ? { reason } : {}) } });

const noticesOf = async (t: { actor: typeof w.provinceAdmin } | typeof w.provinceAdmin) => (await myNotifications({ db, actor: "actor" in t ? t.actor : t })).notices;

describe("站内消息", () => {
  it("a teacher hears of every decision on a 定额项目 claim: 退回 with the reason, 通过 at a step, and 已认定 with the 学分", async () => {
    const { id, input } = await paperClaim(ta, "课堂提问的设计与实践");
    expect(await unreadCount({ db, actor: ta.actor })).toBe(0);

    await decide(w.countyAdminA, id, 1, 0, "return", "缺少刊物版权页\r\n请补充");
    let list = await myNotifications({ db, actor: ta.actor });
    expect(list).toMatchObject({ total: 1, unread: 1 });
    expect(list.notices[0]).toMatchObject({
      notice: { kind: "fixedPointReturned", params: { claimTitle: "课堂提问的设计与实践", itemKind: "paper", level: "county", reason: "缺少刊物版权页\n请补充" } },
      link: "/my/credits/fixed-points",
      readAt: null,
    });

    await resubmitFixedPointClaim({ db, actor: ta.actor, input: { ...input, claimId: id } });
    await decide(w.countyAdminA, id, 2, 0, "pass");
    await decide(w.provinceAdmin, id, 2, 1, "pass");
    list = await myNotifications({ db, actor: ta.actor });
    expect(list).toMatchObject({ total: 3, unread: 3 });
    // Unread first, newest first.
    expect(list.notices.map((n) => n.notice?.kind)).toEqual(["fixedPointApproved", "fixedPointPassed", "fixedPointReturned"]);
    expect(list.notices[0]!.notice!.params).toEqual({ claimTitle: "课堂提问的设计与实践", itemKind: "paper", level: "province", value: 2, unit: "credits" });
    expect(list.notices[1]!.notice!.params).toEqual({ claimTitle: "课堂提问的设计与实践", itemKind: "paper", level: "county", nextLevel: "province" });
    expect(await unreadCount({ db, actor: ta.actor })).toBe(3);
    // Nobody else heard of it.
    expect(await noticesOf(ta2)).toEqual([]);
    expect(await noticesOf(w.countyAdminA)).toEqual([]);
  });

  it("不予认定 reaches the teacher with the reason", async () => {
    const { id } = await paperClaim(tb, "乙县的论文");
    await decide(w.countyAdminB, id, 1, 0, "reject", "非公开刊物");
    const [n] = await noticesOf(tb);
    expect(n!.notice).toEqual({ kind: "fixedPointRejected", params: { claimTitle: "乙县的论文", itemKind: "paper", level: "county", reason: "非公开刊物" } });
  });

  it("a teacher hears whether their 外部学时 was approved or rejected", async () => {
    const claim = { issuer: "国家智慧教育公共服务平台", certificateNo: "", hours: "10", category: "online", organiserLevel: "national", completedOn: today };
    const a = await submitExternalAward({ db, actor: ta2.actor, input: { ...claim, title: "暑期教师研修", proofFileId: await seedProof(db, w.tenantId, ta2.userId) } });
    const b = await submitExternalAward({ db, actor: ta2.actor, input: { ...claim, title: "寒假教师研修", proofFileId: await seedProof(db, w.tenantId, ta2.userId) } });
    await approveExternalAward({ db, actor: w.countyAdminA, input: { requestId: a.id } });
    await rejectExternalAward({ db, actor: w.countyAdminA, input: { requestId: b.id, comment: "证书不清晰" } });
    const notices = await noticesOf(ta2);
    expect(notices.map((n) => n.notice)).toEqual([
      { kind: "externalRejected", params: { title: "寒假教师研修", reason: "证书不清晰" } },
      { kind: "externalApproved", params: { title: "暑期教师研修", hours: 10 } },
    ]);
    expect(notices.every((n) => n.link === "/my/credits")).toBe(true);
  });

  it("a notice exists only if its decision committed: a refused decision and a rolled-back transaction leave none", async () => {
    const before = (await myNotifications({ db, actor: tb.actor })).total;
    const { id } = await paperClaim(tb, "另一篇论文");
    // The province may not take the county's step: refused, and no notice.
    expect(await codeOf(decide(w.provinceAdmin, id, 1, 0, "pass"))).toBe("forbidden");
    const boom = db.withTenant(w.tenantId, async (tx) => {
      await notify(tx, { tenantId: w.tenantId, notices: [{ kind: "externalApproved", userId: tb.userId, params: { title: "x", hours: 1 }, link: "/my/credits", dedupeKey: `t:${randomUUID()}` }] });
      throw new Error("the producer failed after notifying");
    });
    await expect(boom).rejects.toThrow("the producer failed");
    expect((await myNotifications({ db, actor: tb.actor })).total).toBe(before);
  });

  it("a retried write sends once: the same dedupe key for the same person is one notice, even at once", async () => {
    const key = `retry:${randomUUID()}`;
    const one = { kind: "externalApproved" as const, userId: tb.userId, params: { title: "重试", hours: 2 }, link: "/my/credits", dedupeKey: key };
    const written = await Promise.all([1, 2, 3].map(() => db.withTenant(w.tenantId, (tx) => notify(tx, { tenantId: w.tenantId, notices: [one, one] }))));
    expect(written.reduce((a, b) => a + b, 0)).toBe(1);
    const rows = await db.withTenant(w.tenantId, (tx) => tx.select().from(notification).where(eq(notification.dedupeKey, key)));
    expect(rows).toHaveLength(1);
    // The same key for someone else is their own notice.
    expect(await db.withTenant(w.tenantId, (tx) => notify(tx, { tenantId: w.tenantId, notices: [{ ...one, userId: ta.userId }] }))).toBe(1);
  });

  it("another person of the same province neither reads nor marks my notices", async () => {
    const [mine] = await noticesOf(ta);
    expect(mine).toBeDefined();
    expect((await noticesOf(ta2)).map((n) => n.id)).not.toContain(mine!.id);
    expect(await codeOf(markRead({ db, actor: ta2.actor, input: { id: mine!.id } }))).toBe("notFound");
    expect(await codeOf(markRead({ db, actor: w.provinceAdmin, input: { id: mine!.id } }))).toBe("notFound");
    await markAllRead({ db, actor: ta2.actor });
    const again = (await noticesOf(ta)).find((n) => n.id === mine!.id);
    expect(again!.readAt).toBeNull();
  });

  it("another province sees nothing of them: not by the person's id, not by the notice's id, not under its own RLS", async () => {
    const [mine] = await noticesOf(ta);
    const stranger = { ...ta.actor, tenantId: other.tenantId };
    expect((await myNotifications({ db, actor: stranger })).total).toBe(0);
    expect(await unreadCount({ db, actor: stranger })).toBe(0);
    expect(await codeOf(markRead({ db, actor: stranger, input: { id: mine!.id } }))).toBe("notFound");
    const seen = await db.withTenant(other.tenantId, (tx) => tx.select().from(notification).where(eq(notification.id, mine!.id)));
    expect(seen).toEqual([]);
    // Nor may a province write a notice into another's (the policy's WITH CHECK).
    const cross = db.withTenant(other.tenantId, (tx) =>
      notify(tx, { tenantId: w.tenantId, notices: [{ kind: "externalApproved", userId: ta.userId, params: { title: "x", hours: 1 }, link: "/my/credits", dedupeKey: `x:${randomUUID()}` }] }),
    );
    await expect(cross).rejects.toThrow();
  });

  it("opening a notice marks it read and says where it leads; all can be marked read at once", async () => {
    const list = await myNotifications({ db, actor: ta.actor });
    const first = list.notices[0]!;
    expect(await markRead({ db, actor: ta.actor, input: { id: first.id } })).toEqual({ id: first.id, link: first.link });
    // Again is harmless, and keeps the first time it was read.
    const readAt = (await noticesOf(ta)).find((n) => n.id === first.id)!.readAt;
    expect(readAt).not.toBeNull();
    await markRead({ db, actor: ta.actor, input: { id: first.id } });
    expect((await noticesOf(ta)).find((n) => n.id === first.id)!.readAt).toEqual(readAt);
    expect(await unreadCount({ db, actor: ta.actor })).toBe(list.unread - 1);
    // Read ones go below the unread.
    expect((await noticesOf(ta)).at(-1)!.id).toBe(first.id);
    expect(await markAllRead({ db, actor: ta.actor })).toEqual({ marked: list.unread - 1 });
    expect(await unreadCount({ db, actor: ta.actor })).toBe(0);
  });

  it("pages hold 20 with the total; the bell stops counting at 100", async () => {
    const u = await w.teacherAt(w.units.schoolA.id, "多消息老师");
    const notices = Array.from({ length: 105 }, (_, i) => ({ kind: "externalApproved" as const, userId: u.userId, params: { title: `第${i}条`, hours: 1 }, link: "/my/credits", dedupeKey: `many:${i}` }));
    await db.withTenant(w.tenantId, (tx) => notify(tx, { tenantId: w.tenantId, notices }));
    const p6 = await myNotifications({ db, actor: u.actor, query: { page: "6" } });
    expect(p6).toMatchObject({ total: 105, unread: 105, pageSize: 20 });
    expect(p6.notices).toHaveLength(5);
    expect(await unreadCount({ db, actor: u.actor })).toBe(100);
  });

  it("hostile input is a clear badRequest or notFound, never a crash", async () => {
    for (const id of ["x\u0000", "1\r\n2", "a".repeat(100_000), "", "00000000-0000-0000-0000-000000000000\r\n"]) expect(await codeOf(markRead({ db, actor: ta.actor, input: { id } }))).toBe("badRequest");
    expect(await codeOf(markRead({ db, actor: ta.actor, input: { id: randomUUID() } }))).toBe("notFound");
    expect(await codeOf(markRead({ db, actor: ta.actor, input: { id: randomUUID(), extra: 1 } }))).toBe("badRequest");
    for (const page of ["0", "-3", "1\u0000", "9".repeat(5000), "1e3000"]) expect(await codeOf(myNotifications({ db, actor: ta.actor, query: { page } }))).toBe("badRequest");
    // A producer cannot store a link off the site, nor a foreign person (the foreign key holds the tenant).
    const bad = (over: Record<string, unknown>) =>
      codeOf(db.withTenant(w.tenantId, (tx) => notify(tx, { tenantId: w.tenantId, notices: [{ kind: "externalApproved", userId: ta.userId, params: { title: "x", hours: 1 }, link: "/my/credits", dedupeKey: `h:${randomUUID()}`, ...over } as never] })));
    expect(await bad({ link: "//evil.example/" })).toBe("badRequest");
    expect(await bad({ link: "https://evil.example/" })).toBe("badRequest");
    expect(await bad({ dedupeKey: "a\r\nb" })).toBe("badRequest");
    expect(await bad({ userId: other.provinceAdmin.actorId })).not.toBe("ok");
  });
});

describe("绩效评估报告 reminders", () => {
  async function overdueProject(ownerUnitId: string, level: "county" | "school", over: Partial<typeof trainingProject.$inferInsert> = {}) {
    const [p] = await owner.withTenant(w.tenantId, (tx) =>
      tx
        .insert(trainingProject)
        .values({
          tenantId: w.tenantId,
          ownerUnitId,
          level,
          name: `${level}项目${randomUUID().slice(0, 4)}`,
          category: "subject",
          form: "fullTime",
          startsOn: "2025-01-01",
          endsOn: "2025-01-10",
          plannedHours: "24",
          creditCategory: "concentrated",
          organiserLevel: level,
          enrolmentMode: "nomination",
          state: "running",
          reportDueDays: 15,
          ...over,
        })
        .returning(),
    );
    return p!;
  }

  it("reminds the owner unit's admins once per report, or the nearest admins above a unit that has none", async () => {
    const county = await overdueProject(w.units.countyA.id, "county");
    const school = await overdueProject(w.units.schoolA.id, "school");
    await overdueProject(w.units.countyA.id, "county", { state: "draft" });
    await overdueProject(w.units.countyA.id, "county", { endsOn: today, startsOn: today });

    const n = await remindOverdueReports({ db, tenantIds: [w.tenantId] });
    expect(n).toBe(2);
    const got = await noticesOf(w.countyAdminA);
    expect(got.map((x) => x.notice).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      [
        { kind: "reportOverdue", params: { projectName: county.name, dueOn: "2025-01-25" } },
        { kind: "reportOverdue", params: { projectName: school.name, dueOn: "2025-01-25" } },
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect(got.map((x) => x.link).sort()).toEqual([`/admin/projects/${county.id}/evaluation`, `/admin/projects/${school.id}/evaluation`].sort());
    // The province manages it too, but the county is the one that must submit it.
    expect(await noticesOf(w.provinceAdmin)).toEqual([]);
    expect(await noticesOf(w.countyAdminB)).toEqual([]);

    // The hourly sweep, run again and twice at once, sends nothing more.
    expect(await remindOverdueReports({ db, tenantIds: [w.tenantId] })).toBe(0);
    expect((await Promise.all([1, 2].map(() => remindOverdueReports({ db, tenantIds: [w.tenantId] })))).reduce((a, b) => a + b, 0)).toBe(0);

    // A due day moved later and missed again is a new overdue state: one more reminder.
    await owner.withTenant(w.tenantId, (tx) => tx.update(trainingProject).set({ reportDueDays: 30 }).where(eq(trainingProject.id, county.id)));
    expect(await remindOverdueReports({ db, tenantIds: [w.tenantId] })).toBe(1);
  });
});
