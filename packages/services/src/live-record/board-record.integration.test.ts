import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addStroke, clearBoard, endLiveSession, joinLiveSession, startLiveSession, undoStroke, type TLiveActor } from "../live/index.ts";
import { seedLiveWorld } from "../live/test-setup.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { liveSessionPage, liveSessionRecord } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
let w: Awaited<ReturnType<typeof seedLiveWorld>>;
let other: Awaited<ReturnType<typeof seedLiveWorld>>;
/** An ended session with strokes on pages 1 and 3 (page 2 was cleared, one stroke of page 1 undone). */
let ended: string;
let otherEnded: string;
const ids = { host1: randomUUID(), hostUndone: randomUUID(), member1: randomUUID(), member2: randomUUID(), member3: randomUUID() };

const stroke = (actor: TLiveActor, sessionId: string, strokeId: string, page: number, points: number[], color = "#1f2937", width = 5) =>
  addStroke({ db, actor, input: { sessionId, strokeId, page, points, color, width } });

beforeAll(async () => {
  w = await seedLiveWorld(owner, db);
  other = await seedLiveWorld(owner, db);
  const { host, memberA } = w.people;
  ended = (await w.newStudioSession("白板研讨")).id;
  await joinLiveSession({ db, actor: host.actor, sessionId: ended });
  await startLiveSession({ db, actor: host.actor, sessionId: ended });
  await joinLiveSession({ db, actor: memberA.actor, sessionId: ended });
  await stroke(host.actor, ended, ids.host1, 1, [0.1, 0.1, 0.5, 0.5], "#dc2626", 2);
  await stroke(host.actor, ended, ids.hostUndone, 1, [0.2, 0.2, 0.3, 0.3]);
  await stroke(memberA.actor, ended, ids.member1, 1, [0.9, 0.1, 0.8, 0.2, 0.7, 0.3], "#2563eb", 10);
  await undoStroke({ db, actor: host.actor, input: { sessionId: ended, strokeId: ids.hostUndone } });
  await stroke(memberA.actor, ended, ids.member2, 2, [0.4, 0.4, 0.6, 0.6]);
  await clearBoard({ db, actor: host.actor, input: { sessionId: ended, page: 2 } });
  await stroke(memberA.actor, ended, ids.member3, 3, [0.5, 0.5]);
  await endLiveSession({ db, actor: host.actor, sessionId: ended });

  // Another province's session, with a stroke of its own.
  otherEnded = (await other.newStudioSession("外省白板")).id;
  await joinLiveSession({ db, actor: other.people.host.actor, sessionId: otherEnded });
  await startLiveSession({ db, actor: other.people.host.actor, sessionId: otherEnded });
  await stroke(other.people.host.actor, otherEnded, randomUUID(), 1, [0.3, 0.3, 0.4, 0.4]);
  await endLiveSession({ db, actor: other.people.host.actor, sessionId: otherEnded });
});
afterAll(async () => {
  await db.close();
  await owner.close();
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code?: string }) => e.code ?? String(e),
  );

describe("the whiteboard in an ended session's record", () => {
  it("a member reads back each page that kept strokes, in drawing order, without undone or cleared ones", async () => {
    const record = (await liveSessionPage({ db, actor: w.people.memberA.actor, sessionId: ended })).record!;
    expect(record.board.slidesFileId).toBeNull();
    expect(record.board.pages.map((p) => [p.page, p.strokes.map((s) => s.id)])).toEqual([
      [1, [ids.host1, ids.member1]],
      [3, [ids.member3]],
    ]);
    expect(record.board.pages[0]!.strokes[0]).toMatchObject({ authorId: w.people.host.id, page: 1, points: [0.1, 0.1, 0.5, 0.5], color: "#dc2626", width: 2 });
    expect(record.board.pages[0]!.strokes[1]).toMatchObject({ authorId: w.people.memberA.id, points: [0.9, 0.1, 0.8, 0.2, 0.7, 0.3], color: "#2563eb", width: 10 });
    expect(record.board.pages[1]!.strokes[0]).toMatchObject({ authorId: w.people.memberA.id, page: 3, points: [0.5, 0.5] });
    // The host, and the record on its own, read the same.
    expect((await liveSessionRecord({ db, actor: w.people.host.actor, sessionId: ended })).board).toEqual(record.board);
  });

  it("non-members and another province get not found, and a province's record never holds another's strokes", async () => {
    for (const p of [w.people.outsider, w.people.applicant, other.people.host, other.people.memberA]) {
      expect(await codeOf(liveSessionRecord({ db, actor: p.actor, sessionId: ended }))).toBe("notFound");
      expect(await codeOf(liveSessionPage({ db, actor: p.actor, sessionId: ended }))).toBe("notFound");
    }
    for (const p of [w.people.host, w.people.memberA]) expect(await codeOf(liveSessionRecord({ db, actor: p.actor, sessionId: otherEnded }))).toBe("notFound");
    const theirs = await liveSessionRecord({ db, actor: other.people.host.actor, sessionId: otherEnded });
    expect(theirs.board.pages).toHaveLength(1);
    expect(theirs.board.pages[0]!.strokes.map((s) => s.authorId)).toEqual([other.people.host.id]);
  });

  it("a session without strokes has no whiteboard pages", async () => {
    const s = await w.newStudioSession("无白板");
    await joinLiveSession({ db, actor: w.people.host.actor, sessionId: s.id });
    await startLiveSession({ db, actor: w.people.host.actor, sessionId: s.id });
    await endLiveSession({ db, actor: w.people.host.actor, sessionId: s.id });
    expect((await liveSessionRecord({ db, actor: w.people.memberA.actor, sessionId: s.id })).board).toEqual({ slidesFileId: null, pages: [] });
  });
});
