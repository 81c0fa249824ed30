import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf } from "../credits/test-setup.ts";
import { loadReadableFile } from "../media/index.ts";
import { studioMember } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import {
  addResource,
  answerInvitation,
  applyToStudio,
  archiveStudio,
  createStudio,
  decideApplication,
  deleteActivity,
  deleteOutput,
  deleteResource,
  editStudio,
  inviteToStudio,
  leaveStudio,
  listActivities,
  listOutputs,
  listResources,
  listStudios,
  listThreads,
  postToBoard,
  readThread,
  removeMember,
  saveActivity,
  saveOutput,
  setMemberRole,
  studioPage,
} from "./index.ts";
import { demoStudioName, seedDemoStudio } from "../seed/seed-studios.ts";
import { seedStudioFile, seedStudioWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

let w: Awaited<ReturnType<typeof seedStudioWorld>>;
let other: Awaited<ReturnType<typeof seedStudioWorld>>;
let studioId: string;
const facts = (over: Record<string, unknown> = {}) => ({
  name: `初中语文名师工作室${Math.random().toString(36).slice(2, 8)}`,
  subject: "语文",
  stages: ["juniorSecondary"],
  termStart: "2026-09-01",
  termEnd: "2027-08-31",
  description: "面向乡村学校的语文教研",
  ...over,
});

beforeAll(async () => {
  w = await seedStudioWorld(owner);
  other = await seedStudioWorld(owner);
  ({ studioId } = await createStudio({ db, actor: w.provinceAdmin, input: facts({ hostLogin: w.master.login, orgUnitId: w.units.schoolA.id }) }));
});

const statusOf = async (userId: string) =>
  (await db.withTenant(w.tenantId, (tx) => tx.select().from(studioMember).where(eq(studioMember.userId, userId))))[0];

describe("creating studios", () => {
  it("a province admin names a master teacher as host, who becomes the active host member", async () => {
    expect(await statusOf(w.master.userId)).toMatchObject({ studioId, role: "host", status: "active" });
    const page = await studioPage({ db, actor: w.master.actor, query: { studioId } });
    expect(page.perms).toMatchObject({ manage: true, setRoles: true, readMembersOnly: true });
    expect(page.studio.memberCount).toBe(1);
  });

  it("an org admin places a studio only inside their own scope, and the host must be a teacher of the tenant", async () => {
    const t = await w.teacher();
    expect(await codeOf(createStudio({ db, actor: w.countyAdminA, input: facts({ hostLogin: t.login, orgUnitId: w.units.schoolA.id }) }))).toBe("ok");
    const outside = await createStudio({ db, actor: w.countyAdminB, input: facts({ hostLogin: t.login, orgUnitId: w.units.schoolA.id }) }).catch((e: { fieldErrors?: unknown }) => e.fieldErrors);
    expect(outside).toEqual({ orgUnitId: ["所选机构不在你的管理范围内"] });
    const notTeacher = await createStudio({ db, actor: w.provinceAdmin, input: facts({ hostLogin: other.master.login, orgUnitId: w.units.schoolA.id }) }).catch((e: { fieldErrors?: unknown }) => e.fieldErrors);
    expect(notTeacher).toEqual({ hostLogin: ["主持人须为本省在职的名师或教师账号"] });
    expect(await codeOf(createStudio({ db, actor: t.actor, input: facts({ hostLogin: t.login, orgUnitId: w.units.schoolA.id }) }))).toBe("forbidden");
  });

  it("studio names are unique in the tenant", async () => {
    const name = facts().name;
    await createStudio({ db, actor: w.provinceAdmin, input: facts({ name, hostLogin: w.master.login, orgUnitId: w.units.schoolB.id }) });
    const again = await createStudio({ db, actor: w.provinceAdmin, input: facts({ name, hostLogin: w.master.login, orgUnitId: w.units.schoolB.id }) }).catch((e: { fieldErrors?: unknown }) => e.fieldErrors);
    expect(again).toEqual({ name: ["已有同名工作室，请换一个名称"] });
  });

  it("the host edits the facts; an admin outside the studio's org unit cannot", async () => {
    await editStudio({ db, actor: w.master.actor, input: { studioId, ...facts({ name: "岳麓初中语文名师工作室", orgUnitId: w.units.schoolA.id }) } });
    expect((await studioPage({ db, actor: w.master.actor, query: { studioId } })).studio.name).toBe("岳麓初中语文名师工作室");
    expect(await codeOf(editStudio({ db, actor: w.countyAdminB, input: { studioId, ...facts({ orgUnitId: w.units.schoolA.id }) } }))).toBe("forbidden");
  });
});

describe("another tenant", () => {
  it("another tenant's studio is notFound everywhere", async () => {
    const fileId = await seedStudioFile(db, w.tenantId, w.master.userId);
    await addResource({ db, actor: w.master.actor, input: { studioId, fileId, title: "共享案例", visibility: "tenant" } });
    const them = [other.provinceAdmin, other.master.actor];
    for (const actor of them) {
      expect(await codeOf(studioPage({ db, actor, query: { studioId } }))).toBe("notFound");
      expect(await codeOf(applyToStudio({ db, actor, input: { studioId } }))).toBe("notFound");
      expect(await codeOf(listActivities({ db, actor, studioId }))).toBe("notFound");
      expect(await codeOf(listResources({ db, actor, query: { studioId } }))).toBe("notFound");
      expect(await codeOf(postToBoard({ db, actor, input: { studioId, title: "t", body: "b" } }))).toBe("notFound");
      expect(await codeOf(archiveStudio({ db, actor, input: { studioId } }))).toBe("notFound");
      expect(await codeOf(loadReadableFile(db, actor, fileId))).toBe("notFound");
      expect((await listStudios({ db, actor, query: {} })).items.map((s) => s.id)).not.toContain(studioId);
    }
  });
});

describe("membership", () => {
  it("a non-member sees the public facts but not the plan, the members-only library, the board or the outputs", async () => {
    const fileId = await seedStudioFile(db, w.tenantId, w.master.userId);
    await addResource({ db, actor: w.master.actor, input: { studioId, fileId, title: "成员资料", tags: "内部" } });
    await saveActivity({ db, actor: w.master.actor, input: { studioId, kind: "lessonPlanning", title: "第一次集体备课", date: "2026-09-10" } });
    const stranger = await w.teacher();
    const page = await studioPage({ db, actor: stranger.actor, query: { studioId, tab: "plan" } });
    expect(page.studio).toMatchObject({ subject: "语文", hostName: expect.any(String) });
    expect(page.plan).toBeNull();
    expect(page.perms).toMatchObject({ readMembersOnly: false, apply: true });
    for (const tab of ["board", "outputs", "members"] as const) {
      const p = await studioPage({ db, actor: stranger.actor, query: { studioId, tab } });
      expect([p.board, p.outputs, p.members]).toEqual([null, null, null]);
    }
    expect(await codeOf(listActivities({ db, actor: stranger.actor, studioId }))).toBe("forbidden");
    expect(await codeOf(listThreads({ db, actor: stranger.actor, query: { studioId } }))).toBe("forbidden");
    expect(await codeOf(listOutputs({ db, actor: stranger.actor, studioId }))).toBe("forbidden");
    expect(await codeOf(postToBoard({ db, actor: stranger.actor, input: { studioId, title: "我能发吗", body: "试试" } }))).toBe("forbidden");
    const lib = await listResources({ db, actor: stranger.actor, query: { studioId } });
    expect(lib.items.map((r) => r.title)).toEqual(["共享案例"]);
    expect(lib.tags).not.toContain("内部");
    expect(await codeOf(loadReadableFile(db, stranger.actor, fileId))).toBe("notFound");
    // An admin oversees the studio's facts, not its members' content.
    expect(await codeOf(listActivities({ db, actor: w.provinceAdmin, studioId }))).toBe("forbidden");
  });

  it("apply → approve: one application per teacher; the new member reads the plan, the library's files and posts", async () => {
    const t = await w.teacher();
    const both = await Promise.all([codeOf(applyToStudio({ db, actor: t.actor, input: { studioId, note: "想参加" } })), codeOf(applyToStudio({ db, actor: t.actor, input: { studioId } }))]);
    expect(both.sort()).toEqual(["alreadyApplied", "ok"]);
    expect(await statusOf(t.userId)).toMatchObject({ status: "applied", note: "想参加" });
    expect(await codeOf(listActivities({ db, actor: t.actor, studioId }))).toBe("forbidden");
    const other1 = await w.teacher();
    expect(await codeOf(decideApplication({ db, actor: other1.actor, input: { studioId, userId: t.userId, decision: "approve" } }))).toBe("forbidden");
    await decideApplication({ db, actor: w.master.actor, input: { studioId, userId: t.userId, decision: "approve" } });
    expect(await statusOf(t.userId)).toMatchObject({ status: "active", role: "member", decidedBy: w.master.userId });
    expect(await codeOf(applyToStudio({ db, actor: t.actor, input: { studioId } }))).toBe("alreadyStudioMember");
    expect((await listActivities({ db, actor: t.actor, studioId })).map((a) => a.title)).toContain("第一次集体备课");
    const lib = await listResources({ db, actor: t.actor, query: { studioId } });
    expect(lib.items.map((r) => r.title).sort()).toEqual(["共享案例", "成员资料"]);
    const membersOnly = lib.items.find((r) => r.title === "成员资料")!;
    expect((await loadReadableFile(db, t.actor, membersOnly.fileId)).id).toBe(membersOnly.fileId);
    expect(await codeOf(postToBoard({ db, actor: t.actor, input: { studioId, title: "读书分享", body: "大家好" } }))).toBe("ok");
    // Members do not manage.
    expect(await codeOf(saveActivity({ db, actor: t.actor, input: { studioId, kind: "lecture", title: "讲座", date: "2026-10-01" } }))).toBe("forbidden");
    // Leaving ends access.
    await leaveStudio({ db, actor: t.actor, input: { studioId } });
    expect(await statusOf(t.userId)).toMatchObject({ status: "left" });
    expect(await codeOf(listActivities({ db, actor: t.actor, studioId }))).toBe("forbidden");
    expect(await codeOf(loadReadableFile(db, t.actor, membersOnly.fileId))).toBe("notFound");
  });

  it("apply → reject, then apply again; an approval of a settled application is refused", async () => {
    const t = await w.teacher();
    await applyToStudio({ db, actor: t.actor, input: { studioId } });
    await decideApplication({ db, actor: w.master.actor, input: { studioId, userId: t.userId, decision: "reject" } });
    expect(await statusOf(t.userId)).toMatchObject({ status: "rejected" });
    expect(await codeOf(decideApplication({ db, actor: w.master.actor, input: { studioId, userId: t.userId, decision: "approve" } }))).toBe("membershipNotPending");
    expect(await codeOf(applyToStudio({ db, actor: t.actor, input: { studioId } }))).toBe("ok");
    // Withdrawing an application.
    await leaveStudio({ db, actor: t.actor, input: { studioId } });
    expect(await statusOf(t.userId)).toMatchObject({ status: "left" });
  });

  it("invite → accept or decline; only the invited teacher answers", async () => {
    const a = await w.teacher();
    const b = await w.teacher();
    const bad = await inviteToStudio({ db, actor: w.master.actor, input: { studioId, login: "no-such-login" } }).catch((e: { fieldErrors?: unknown }) => e.fieldErrors);
    expect(bad).toEqual({ login: ["未找到该教师账号（须为本省在职教师）"] });
    await inviteToStudio({ db, actor: w.master.actor, input: { studioId, login: a.login } });
    await inviteToStudio({ db, actor: w.master.actor, input: { studioId, login: b.login } });
    expect(await codeOf(inviteToStudio({ db, actor: w.master.actor, input: { studioId, login: a.login } }))).toBe("alreadyApplied");
    expect((await studioPage({ db, actor: a.actor, query: { studioId } })).perms.answerInvitation).toBe(true);
    expect(await codeOf(answerInvitation({ db, actor: w.master.actor, input: { studioId, answer: "accept" } }))).toBe("membershipNotPending");
    await answerInvitation({ db, actor: a.actor, input: { studioId, answer: "accept" } });
    await answerInvitation({ db, actor: b.actor, input: { studioId, answer: "decline" } });
    expect(await statusOf(a.userId)).toMatchObject({ status: "active" });
    expect(await statusOf(b.userId)).toMatchObject({ status: "rejected" });
    expect(await codeOf(answerInvitation({ db, actor: b.actor, input: { studioId, answer: "accept" } }))).toBe("membershipNotPending");
  });

  it("the host makes a member co-host, who then manages; only the host sets roles; the host cannot leave or be removed", async () => {
    const c = await w.teacher();
    const m = await w.teacher();
    for (const t of [c, m]) {
      await inviteToStudio({ db, actor: w.master.actor, input: { studioId, login: t.login } });
      await answerInvitation({ db, actor: t.actor, input: { studioId, answer: "accept" } });
    }
    expect(await codeOf(saveActivity({ db, actor: c.actor, input: { studioId, kind: "observation", title: "听评课", date: "2026-11-01" } }))).toBe("forbidden");
    expect(await codeOf(setMemberRole({ db, actor: m.actor, input: { studioId, userId: c.userId, role: "coHost" } }))).toBe("forbidden");
    await setMemberRole({ db, actor: w.master.actor, input: { studioId, userId: c.userId, role: "coHost" } });
    expect(await codeOf(saveActivity({ db, actor: c.actor, input: { studioId, kind: "observation", title: "听评课", date: "2026-11-01" } }))).toBe("ok");
    expect(await codeOf(setMemberRole({ db, actor: c.actor, input: { studioId, userId: m.userId, role: "coHost" } }))).toBe("forbidden");
    expect(await codeOf(setMemberRole({ db, actor: w.master.actor, input: { studioId, userId: w.master.userId, role: "member" } }))).toBe("membershipNotPending");
    expect(await codeOf(leaveStudio({ db, actor: w.master.actor, input: { studioId } }))).toBe("membershipNotPending");
    expect(await codeOf(removeMember({ db, actor: c.actor, input: { studioId, userId: w.master.userId } }))).toBe("membershipNotPending");
    expect(await codeOf(removeMember({ db, actor: m.actor, input: { studioId, userId: c.userId } }))).toBe("forbidden");
    await removeMember({ db, actor: c.actor, input: { studioId, userId: m.userId } });
    expect(await statusOf(m.userId)).toMatchObject({ status: "left", role: "member" });
    const members = (await studioPage({ db, actor: c.actor, query: { studioId, tab: "members" } })).members!;
    expect(members.active[0]).toMatchObject({ userId: w.master.userId, role: "host" });
    expect(members.active.find((x) => x.userId === c.userId)?.role).toBe("coHost");
    expect(members.active.map((x) => x.userId)).not.toContain(m.userId);
  });
});

describe("plan, library, board and outputs", () => {
  it("activities: add, edit, delete, in date order", async () => {
    const { activityId } = await saveActivity({ db, actor: w.master.actor, input: { studioId, kind: "lessonStudy", title: "课例研讨：古诗", date: "2026-09-05", description: "说明" } });
    await saveActivity({ db, actor: w.master.actor, input: { studioId, activityId, kind: "lessonStudy", title: "课例研讨：古诗词", date: "2026-09-06" } });
    const list = await listActivities({ db, actor: w.master.actor, studioId });
    expect(list[0]).toMatchObject({ id: activityId, title: "课例研讨：古诗词", date: "2026-09-06", description: "" });
    expect(list.map((a) => a.date)).toEqual([...list.map((a) => a.date)].sort());
    await deleteActivity({ db, actor: w.master.actor, input: { studioId, activityId } });
    expect((await listActivities({ db, actor: w.master.actor, studioId })).map((a) => a.id)).not.toContain(activityId);
    expect(await codeOf(deleteActivity({ db, actor: w.master.actor, input: { studioId, activityId } }))).toBe("notFound");
  });

  it("library: a host files their own upload with tags; filter by tag, kind and case; delete", async () => {
    const video = await seedStudioFile(db, w.tenantId, w.master.userId, "video/mp4");
    const someoneElses = await seedStudioFile(db, w.tenantId, w.provinceAdmin.actorId);
    const stolen = await addResource({ db, actor: w.master.actor, input: { studioId, fileId: someoneElses, title: "别人的" } }).catch((e: { fieldErrors?: unknown }) => e.fieldErrors);
    expect(stolen).toEqual({ fileId: ["文件不可用，请重新上传"] });
    const { resourceId } = await addResource({ db, actor: w.master.actor, input: { studioId, fileId: video, title: "古诗课堂实录", tags: "古诗，实录", isCase: "on" } });
    const byTag = await listResources({ db, actor: w.master.actor, query: { studioId, tag: "古诗" } });
    expect(byTag.items).toMatchObject([{ id: resourceId, kind: "video", isCase: true, tags: ["古诗", "实录"] }]);
    expect((await listResources({ db, actor: w.master.actor, query: { studioId, kind: "video" } })).items.map((r) => r.id)).toEqual([resourceId]);
    expect((await listResources({ db, actor: w.master.actor, query: { studioId, cases: "1" } })).items.map((r) => r.id)).toEqual([resourceId]);
    expect(byTag.tags).toEqual(expect.arrayContaining(["古诗", "实录", "内部"]));
    await deleteResource({ db, actor: w.master.actor, input: { studioId, resourceId } });
    expect((await listResources({ db, actor: w.master.actor, query: { studioId, kind: "video" } })).items).toEqual([]);
    // The file row stays for its uploader.
    expect((await loadReadableFile(db, w.master.actor, video)).id).toBe(video);
  });

  it("board: threads newest first with reply counts, replies oldest first, both paged; a reply to a reply is refused", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await postToBoard({ db, actor: w.master.actor, input: { studioId, title: `主题${i}`, body: `内容${i}` } })).postId);
    const thread = ids[2]!;
    const replies: string[] = [];
    for (let i = 0; i < 3; i++) replies.push((await postToBoard({ db, actor: w.master.actor, input: { studioId, parentId: thread, body: `回复${i}` } })).postId);
    expect(await codeOf(postToBoard({ db, actor: w.master.actor, input: { studioId, parentId: replies[0], body: "楼中楼" } }))).toBe("notFound");
    const first = await listThreads({ db, actor: w.master.actor, query: { studioId, limit: 2 } });
    expect(first.items.map((t) => t.title)).toEqual(["主题2", "主题1"]);
    expect(first.items[0]!.replies).toBe(3);
    const second = await listThreads({ db, actor: w.master.actor, query: { studioId, limit: 2, after: first.next! } });
    expect(second.items[0]!.title).toBe("主题0");
    const r1 = await readThread({ db, actor: w.master.actor, query: { studioId, threadId: thread, limit: 2 } });
    expect(r1.thread.title).toBe("主题2");
    expect(r1.replies.map((r) => r.body)).toEqual(["回复0", "回复1"]);
    const r2 = await readThread({ db, actor: w.master.actor, query: { studioId, threadId: thread, limit: 2, after: r1.next! } });
    expect(r2.replies.map((r) => r.body)).toEqual(["回复2"]);
    expect(r2.next).toBeNull();
  });

  it("outputs: add with a file and an activity, edit, delete; members read the file", async () => {
    const fileId = await seedStudioFile(db, w.tenantId, w.master.userId);
    const { activityId } = await saveActivity({ db, actor: w.master.actor, input: { studioId, kind: "lessonPlanning", title: "备课", date: "2026-12-01" } });
    const foreign = await saveActivity({ db, actor: other.provinceAdmin, input: { studioId, kind: "lessonPlanning", title: "x", date: "2026-12-01" } }).catch((e: { code?: string }) => e.code);
    expect(foreign).toBe("notFound");
    const { outputId } = await saveOutput({ db, actor: w.master.actor, input: { studioId, kind: "lessonPlan", title: "古诗单元教学设计", authors: "王芳", fileId, activityId } });
    await saveOutput({ db, actor: w.master.actor, input: { studioId, outputId, kind: "case", title: "古诗单元教学案例", fileId, activityId } });
    const t = await w.teacher();
    await applyToStudio({ db, actor: t.actor, input: { studioId } });
    expect(await codeOf(loadReadableFile(db, t.actor, fileId))).toBe("notFound");
    await decideApplication({ db, actor: w.master.actor, input: { studioId, userId: t.userId, decision: "approve" } });
    const list = await listOutputs({ db, actor: t.actor, studioId });
    expect(list.find((o) => o.id === outputId)).toMatchObject({ kind: "case", title: "古诗单元教学案例", authors: "", fileName: "资源.pdf", activityTitle: "备课" });
    expect((await loadReadableFile(db, t.actor, fileId)).id).toBe(fileId);
    expect(await codeOf(deleteOutput({ db, actor: t.actor, input: { studioId, outputId } }))).toBe("forbidden");
    // Deleting the activity keeps the output.
    await deleteActivity({ db, actor: w.master.actor, input: { studioId, activityId } });
    expect((await listOutputs({ db, actor: t.actor, studioId })).find((o) => o.id === outputId)?.activityId).toBeNull();
    await deleteOutput({ db, actor: w.master.actor, input: { studioId, outputId } });
    expect((await listOutputs({ db, actor: t.actor, studioId })).map((o) => o.id)).not.toContain(outputId);
  });
});

describe("the studio list and archiving", () => {
  it("searches by name, subject and stage, pages by number with the total, and marks the actor's own studios", async () => {
    const x = await seedStudioWorld(owner);
    const made: string[] = [];
    const kinds = [[0, "数学", "primary"], [1, "数学", "juniorSecondary"], [2, "英语", "primary"]] as const;
    for (let i = 0; i < 22; i++) {
      const [, subject, stage] = kinds[i] ?? [i, "语文", "seniorSecondary"];
      made.push((await createStudio({ db, actor: x.provinceAdmin, input: facts({ name: `工作室${i}号`, subject, stages: [stage], hostLogin: x.master.login, orgUnitId: x.units.schoolA.id }) })).studioId);
    }
    const t = await x.teacher();
    const p1 = await listStudios({ db, actor: t.actor, query: {} });
    expect([p1.total, p1.items.length, p1.query.page, p1.query.size]).toEqual([22, 20, 1, 20]);
    expect(p1.items.slice(0, 2).map((s) => s.id)).toEqual([made[21], made[20]]);
    expect(p1.canCreate).toBe(false);
    const p2 = await listStudios({ db, actor: t.actor, query: { page: "2" } });
    expect([p2.total, ...p2.items.map((s) => s.id)]).toEqual([22, made[1], made[0]]);
    expect((await listStudios({ db, actor: t.actor, query: { size: "50" } })).items).toHaveLength(22);
    const primaryMaths = await listStudios({ db, actor: t.actor, query: { subject: "数学", stage: "primary" } });
    expect([primaryMaths.total, ...primaryMaths.items.map((s) => s.id)]).toEqual([1, made[0]]);
    expect((await listStudios({ db, actor: t.actor, query: { subject: "语文" } })).total).toBe(19);
    expect((await listStudios({ db, actor: t.actor, query: { q: "工作室1号" } })).items.map((s) => s.id)).toEqual([made[1]]);
    for (const query of [{ after: "garbage" }, { page: "0" }, { page: "1001" }, { size: "7" }, { limit: "2" }]) {
      expect(await codeOf(listStudios({ db, actor: t.actor, query }))).toBe("badRequest");
    }
    const mine = await listStudios({ db, actor: x.master.actor, query: { mine: "1", size: "100" } });
    expect([mine.total, mine.items.length]).toEqual([22, 22]);
    expect(mine.items[19]).toMatchObject({ myStatus: "active", myRole: "host", memberCount: 1, subject: "英语" });
    const none = await listStudios({ db, actor: t.actor, query: { mine: "1" } });
    expect([none.total, none.items]).toEqual([0, []]);
    expect((await listStudios({ db, actor: x.provinceAdmin, query: {} })).canCreate).toBe(true);
    // Another province's studios are never listed nor counted.
    const elsewhere = await listStudios({ db, actor: w.provinceAdmin, query: { size: "100" } });
    expect(elsewhere.items.some((s) => made.includes(s.id))).toBe(false);
    expect((await listStudios({ db, actor: w.provinceAdmin, query: { q: "工作室1号" } })).total).toBe(0);
  });

  it("an admin archives a studio: it leaves the list and nothing more happens in it", async () => {
    const { studioId: sid } = await createStudio({ db, actor: w.provinceAdmin, input: facts({ hostLogin: w.master.login, orgUnitId: w.units.schoolA.id }) });
    expect(await codeOf(archiveStudio({ db, actor: w.master.actor, input: { studioId: sid } }))).toBe("forbidden");
    await archiveStudio({ db, actor: w.countyAdminA, input: { studioId: sid } });
    expect((await listStudios({ db, actor: w.provinceAdmin, query: { size: 100 } })).items.map((s) => s.id)).not.toContain(sid);
    const t = await w.teacher();
    expect(await codeOf(applyToStudio({ db, actor: t.actor, input: { studioId: sid } }))).toBe("forbidden");
    expect(await codeOf(postToBoard({ db, actor: w.master.actor, input: { studioId: sid, title: "t", body: "b" } }))).toBe("forbidden");
    expect(await codeOf(saveActivity({ db, actor: w.master.actor, input: { studioId: sid, kind: "other", title: "t", date: "2026-12-01" } }))).toBe("forbidden");
    expect((await studioPage({ db, actor: w.master.actor, query: { studioId: sid, tab: "plan" } })).plan).toEqual([]);
  });
});

describe("the demo seed", () => {
  it("writes one studio with its host and a member, a plan, a thread and an output, and changes nothing when run again", async () => {
    const x = await seedStudioWorld(owner);
    const member = await x.teacher();
    const outsider = await x.teacher();
    const args = { hostId: x.master.userId, memberId: member.userId, orgUnitId: x.units.schoolA.id };
    await seedDemoStudio(owner, x.tenantId, args);
    await postToBoard({ db, actor: member.actor, input: { studioId: (await listStudios({ db, actor: member.actor, query: {} })).items[0]!.id, title: "演示", body: "内容" } });
    await seedDemoStudio(owner, x.tenantId, args);
    const list = await listStudios({ db, actor: outsider.actor, query: {} });
    expect(list.items).toMatchObject([{ name: demoStudioName, memberCount: 2, myStatus: null }]);
    const sid = list.items[0]!.id;
    expect((await listActivities({ db, actor: member.actor, studioId: sid })).length).toBe(4);
    expect((await listThreads({ db, actor: member.actor, query: { studioId: sid } })).items).toHaveLength(2);
    expect(await listOutputs({ db, actor: member.actor, studioId: sid })).toHaveLength(1);
    expect(await codeOf(listActivities({ db, actor: outsider.actor, studioId: sid }))).toBe("forbidden");
  });
});
