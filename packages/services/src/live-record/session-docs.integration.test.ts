import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { groupDocKey, liveDocTextName, liveLimits } from "@yanxiu/domain/live";
import {
  applyDocUpdate,
  closeBreakouts,
  endLiveSession,
  joinLiveSession,
  openBreakouts,
  removeParticipant,
  snapshotLiveDocs,
  startLiveSession,
  type TLiveActor,
} from "../live/index.ts";
import { seedLiveWorld } from "../live/test-setup.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { liveSessionDocs } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
let w: Awaited<ReturnType<typeof seedLiveWorld>>;
let other: Awaited<ReturnType<typeof seedLiveWorld>>;
let ended: string;
/** The main document's text when the first version was folded, and at the end. */
let atFirstVersion: string;
let finalMain: string;

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code?: string }) => e.code ?? String(e),
  );

/** A person's copy of a document whose every edit is stored through the service, as the socket handler does. */
function editor(actor: TLiveActor, sessionId: string, docKey: string) {
  const doc = new Y.Doc();
  const text = doc.getText(liveDocTextName);
  return {
    text,
    async type(at: number, s: string) {
      const ups: Uint8Array[] = [];
      const off = (u: Uint8Array) => ups.push(u);
      doc.on("update", off);
      text.insert(at, s);
      doc.off("update", off);
      for (const update of ups) await applyDocUpdate({ db, actor, input: { sessionId, docKey, update } });
    },
  };
}

beforeAll(async () => {
  w = await seedLiveWorld(owner, db);
  other = await seedLiveWorld(owner, db);
  const { host, memberA, memberB } = w.people;
  const s = await w.newStudioSession("教案研讨");
  ended = s.id;
  for (const p of [host, memberA, memberB]) await joinLiveSession({ db, actor: p.actor, sessionId: ended });
  await startLiveSession({ db, actor: host.actor, sessionId: ended });

  // The main document: enough single-character updates to fold one version mid-session, then more.
  const main = editor(memberA.actor, ended, "main");
  for (let i = 0; i < liveLimits.docCompactEvery; i++) await main.type(main.text.length, i % 10 === 9 ? "\n" : "字");
  atFirstVersion = main.text.toString();
  await main.type(0, "一、教学目标\n");
  finalMain = main.text.toString();

  // Two groups, one member each; each writes its own document.
  const { breakout } = await openBreakouts({ db, actor: host.actor, input: { sessionId: ended, groups: 2 } });
  for (const g of breakout.groups) {
    const who = g.memberIds[0] === memberA.id ? memberA : memberB;
    await editor(who.actor, ended, groupDocKey(g.id)).type(0, `${g.name}：${who.displayName}的方案`);
  }
  await closeBreakouts({ db, actor: host.actor, sessionId: ended });
  await endLiveSession({ db, actor: host.actor, sessionId: ended });
  await snapshotLiveDocs({ db, tenantId: w.tenantId, sessionId: ended });
});
afterAll(async () => {
  await db.close();
  await owner.close();
});

describe("the documents in an ended session's record", () => {
  it("a member reads the main document's final text, each group's document, and every version with its time and text", async () => {
    const r = await liveSessionDocs({ db, actor: w.people.memberA.actor, sessionId: ended });
    expect(r.main.text).toBe(finalMain);
    expect(r.main.text.startsWith("一、教学目标\n字字")).toBe(true);
    // One folded mid-session (after docCompactEvery updates), one at the end.
    expect(r.main.versions).toHaveLength(2);
    expect(r.main.versions[0]!.createdAt <= r.main.versions[1]!.createdAt).toBe(true);
    expect(r.groups.map((g) => [g.name, g.text])).toEqual([
      ["第 1 组", "第 1 组：成员甲的方案"],
      ["第 2 组", "第 2 组：成员乙的方案"],
    ]);
    for (const g of r.groups) expect(g.versions).toHaveLength(1);
    expect(r.opened).toBeNull();

    const first = await liveSessionDocs({ db, actor: w.people.memberA.actor, sessionId: ended, versionId: r.main.versions[0]!.id });
    expect(first.opened).toMatchObject({ id: r.main.versions[0]!.id, docKey: "main", text: atFirstVersion });
    const last = await liveSessionDocs({ db, actor: w.people.host.actor, sessionId: ended, versionId: r.main.versions[1]!.id });
    expect(last.opened?.text).toBe(finalMain);
    const g2 = await liveSessionDocs({ db, actor: w.people.coHost.actor, sessionId: ended, versionId: r.groups[1]!.versions[0]!.id });
    expect(g2.opened).toMatchObject({ docKey: r.groups[1]!.docKey, text: "第 2 组：成员乙的方案" });
  });

  it("non-members, applicants, other provinces and a removed participant read nothing; versions of other sessions and sessions not ended are not found", async () => {
    const { versions } = (await liveSessionDocs({ db, actor: w.people.host.actor, sessionId: ended })).main;
    for (const p of [w.people.outsider, w.people.applicant, w.people.enrolled, other.people.host, other.people.memberA]) {
      expect(await codeOf(liveSessionDocs({ db, actor: p.actor, sessionId: ended }))).toBe("notFound");
      expect(await codeOf(liveSessionDocs({ db, actor: p.actor, sessionId: ended, versionId: versions[0]!.id }))).toBe("notFound");
    }

    // A version id of this session asked for under another session, a malformed one, one that does not exist.
    const running = await w.newStudioSession("进行中");
    await joinLiveSession({ db, actor: w.people.host.actor, sessionId: running.id });
    await startLiveSession({ db, actor: w.people.host.actor, sessionId: running.id });
    expect(await codeOf(liveSessionDocs({ db, actor: w.people.memberA.actor, sessionId: running.id }))).toBe("notFound");
    const otherEnded = await w.newStudioSession("另一场");
    await joinLiveSession({ db, actor: w.people.host.actor, sessionId: otherEnded.id });
    await startLiveSession({ db, actor: w.people.host.actor, sessionId: otherEnded.id });
    await endLiveSession({ db, actor: w.people.host.actor, sessionId: otherEnded.id });
    expect(await codeOf(liveSessionDocs({ db, actor: w.people.memberA.actor, sessionId: otherEnded.id, versionId: versions[0]!.id }))).toBe("notFound");
    expect((await liveSessionDocs({ db, actor: w.people.memberA.actor, sessionId: otherEnded.id })).main).toEqual({ docKey: "main", text: "", versions: [] });
    expect(await codeOf(liveSessionDocs({ db, actor: w.people.memberA.actor, sessionId: ended, versionId: "x" }))).toBe("notFound");
    expect(await codeOf(liveSessionDocs({ db, actor: w.people.memberA.actor, sessionId: ended, versionId: "00000000-0000-4000-8000-000000000000" }))).toBe("notFound");

    // Member B is removed (from a session of their own, still running) and then reads nothing of it.
    await joinLiveSession({ db, actor: w.people.memberB.actor, sessionId: running.id });
    await removeParticipant({ db, actor: w.people.host.actor, input: { sessionId: running.id, userId: w.people.memberB.id } });
    await endLiveSession({ db, actor: w.people.host.actor, sessionId: running.id });
    expect(await codeOf(liveSessionDocs({ db, actor: w.people.memberB.actor, sessionId: running.id }))).toBe("removedFromSession");
    expect((await liveSessionDocs({ db, actor: w.people.memberA.actor, sessionId: running.id })).groups).toEqual([]);
  });
});
