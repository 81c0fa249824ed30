import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import { liveSessionPage, myLiveSessions } from "../live-record/index.ts";
import { liveAttendance, liveInvite } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { endLiveSession, inviteToLiveSession, joinLiveSession, listLiveInvites, mayAttend, loadLiveSession, revokeLiveInvite, startLiveSession } from "./index.ts";
import { seedLiveWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
let w: Awaited<ReturnType<typeof seedLiveWorld>>;
let other: Awaited<ReturnType<typeof seedLiveWorld>>;
beforeAll(async () => {
  w = await seedLiveWorld(owner, db);
  other = await seedLiveWorld(owner, db);
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
const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: AppError) => e.fieldErrors?.login?.[0] ?? e.code,
  );

describe("live session invitations", () => {
  it("a guest invited by account may attend as a participant, is listed with whether they came, and finds the session under 我的直播", async () => {
    const { host, coHost, outsider } = w.people;
    const s = await w.newStudioSession("公开课（邀请嘉宾）");
    expect(await codeOf(joinLiveSession({ db, actor: outsider.actor, sessionId: s.id }))).toBe("forbidden");
    expect(await codeOf(liveSessionPage({ db, actor: outsider.actor, sessionId: s.id }))).toBe("notFound");

    // A co-host invites by account, in any case.
    const inv = await inviteToLiveSession({ db, actor: coHost.actor, input: { sessionId: s.id, login: ` ${outsider.login.toUpperCase()} ` } });
    expect(inv).toMatchObject({ userId: outsider.id, displayName: outsider.displayName, joined: false });
    // Again: still one invitation.
    await inviteToLiveSession({ db, actor: host.actor, input: { sessionId: s.id, login: outsider.login } });
    expect(await db.withTenant(w.tenantId, (tx) => listLiveInvites(tx, s.id))).toHaveLength(1);

    const role = await db.withTenant(w.tenantId, async (tx) => mayAttend(tx, outsider.id, await loadLiveSession(tx, s.id)));
    expect(role).toBe("participant");
    await joinLiveSession({ db, actor: outsider.actor, sessionId: s.id });
    const page = await liveSessionPage({ db, actor: host.actor, sessionId: s.id });
    expect(page.invites).toMatchObject([{ userId: outsider.id, joined: true }]);
    // A guest does not see the guest list.
    expect((await liveSessionPage({ db, actor: outsider.actor, sessionId: s.id })).invites).toBeNull();

    const mine = await myLiveSessions({ db, actor: outsider.actor });
    expect(mine.filter((x) => x.id === s.id)).toMatchObject([{ via: "invite", status: "scheduled" }]);
    expect((await myLiveSessions({ db, actor: w.people.memberA.actor })).find((x) => x.id === s.id)).toMatchObject({ via: "studio" });
    expect((await myLiveSessions({ db, actor: host.actor })).find((x) => x.id === s.id)).toMatchObject({ via: "host" });
    expect((await myLiveSessions({ db, actor: other.people.outsider.actor })).find((x) => x.id === s.id)).toBeUndefined();
  });

  it("refuses what makes no sense, and only the host and co-hosts of this province may invite", async () => {
    const { host, memberA, outsider, applicant } = w.people;
    const s = await w.newStudioSession("研讨课");
    expect(await reasonOf(inviteToLiveSession({ db, actor: host.actor, input: { sessionId: s.id, login: memberA.login } }))).toBe("对方已经可以进入本场直播，无需邀请");
    expect(await reasonOf(inviteToLiveSession({ db, actor: host.actor, input: { sessionId: s.id, login: "nobody-here" } }))).toBe("本省没有这个账号或教师编号，或该账号已停用");
    // Another province's person is nobody here.
    expect(await reasonOf(inviteToLiveSession({ db, actor: host.actor, input: { sessionId: s.id, login: other.people.outsider.login } }))).toBe("本省没有这个账号或教师编号，或该账号已停用");
    expect(await reasonOf(inviteToLiveSession({ db, actor: host.actor, input: { sessionId: s.id, login: "  " } }))).toBe("请填写被邀请人的账号或教师编号");
    // A member, an outsider, another province's host: the session is not theirs to invite to.
    expect(await codeOf(inviteToLiveSession({ db, actor: memberA.actor, input: { sessionId: s.id, login: applicant.login } }))).toBe("notFound");
    expect(await codeOf(inviteToLiveSession({ db, actor: outsider.actor, input: { sessionId: s.id, login: applicant.login } }))).toBe("notFound");
    expect(await codeOf(inviteToLiveSession({ db, actor: other.people.host.actor, input: { sessionId: s.id, login: other.people.outsider.login } }))).toBe("notFound");
    // After the end, no more guests.
    await joinLiveSession({ db, actor: host.actor, sessionId: s.id });
    await startLiveSession({ db, actor: host.actor, sessionId: s.id });
    await endLiveSession({ db, actor: host.actor, sessionId: s.id });
    expect(await codeOf(inviteToLiveSession({ db, actor: host.actor, input: { sessionId: s.id, login: applicant.login } }))).toBe("sessionEnded");
    expect(await db.withTenant(w.tenantId, (tx) => listLiveInvites(tx, s.id))).toEqual([]);
  });

  it("revoking closes the guest's open attendance and their right to come back; other provinces never see the rows", async () => {
    const { host, applicant, memberA } = w.people;
    const s = await w.newStudioSession("晚间研讨");
    await joinLiveSession({ db, actor: host.actor, sessionId: s.id });
    await startLiveSession({ db, actor: host.actor, sessionId: s.id });
    await inviteToLiveSession({ db, actor: host.actor, input: { sessionId: s.id, login: applicant.login } });
    await joinLiveSession({ db, actor: applicant.actor, sessionId: s.id });

    expect(await db.withTenant(other.tenantId, (tx) => tx.select().from(liveInvite))).toEqual([]);
    expect(await codeOf(revokeLiveInvite({ db, actor: memberA.actor, input: { sessionId: s.id, userId: applicant.id } }))).toBe("notFound");
    expect(await codeOf(revokeLiveInvite({ db, actor: other.people.host.actor, input: { sessionId: s.id, userId: applicant.id } }))).toBe("notFound");

    const r = await revokeLiveInvite({ db, actor: host.actor, input: { sessionId: s.id, userId: applicant.id } });
    expect(r).toMatchObject({ sessionId: s.id, userId: applicant.id, disconnect: true });
    const open = await db.withTenant(w.tenantId, (tx) =>
      tx.select().from(liveAttendance).where(and(eq(liveAttendance.sessionId, s.id), eq(liveAttendance.userId, applicant.id), isNull(liveAttendance.leftAt))),
    );
    expect(open).toEqual([]);
    expect(await codeOf(joinLiveSession({ db, actor: applicant.actor, sessionId: s.id }))).toBe("forbidden");
    expect(await codeOf(liveSessionPage({ db, actor: applicant.actor, sessionId: s.id }))).toBe("notFound");
    expect(await codeOf(revokeLiveInvite({ db, actor: host.actor, input: { sessionId: s.id, userId: applicant.id } }))).toBe("notFound");
  });
});
