import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { loadDocText } from "@yanxiu/services/live";
import { seedLiveWorld, type TLivePerson } from "@yanxiu/services/live/testing";
import { groupDocKey, liveDocTextName, type TBreakoutState, type TChatMessage, type TLiveRoomState, type TStroke } from "@yanxiu/domain/live";
import { liveTestRig, type TLiveAck, type TLiveClient } from "./live-test-rig.ts";

/** Whiteboard, shared documents and breakout groups across two realtime processes on one Redis. */

const rig = liveTestRig("board");
const { db, logs, send } = rig;
type World = Awaited<ReturnType<typeof seedLiveWorld>>;
type Client = TLiveClient;
let w: World;

beforeAll(async () => {
  await rig.startServer();
  await rig.startServer();
  w = await seedLiveWorld(rig.owner, db);
});
afterAll(() => rig.close());

const as = (p: TLivePerson, server: number) => rig.as(p, server, w);
async function joined(c: Client, sessionId: string): Promise<TLiveRoomState> {
  const a = await send(c, "live:join", { sessionId });
  if (!a.ok) throw new Error(`join refused: ${a.code}`);
  return a.state as TLiveRoomState;
}
const received = <T>(c: Client, event: string) => c.got.filter(([e]) => e === event).map(([, p]) => p as T);
async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function liveRoom() {
  const s = await w.newStudioSession();
  const host = await as(w.people.host, 0);
  await joined(host, s.id);
  expect(await send(host, "session:start", { sessionId: s.id })).toEqual({ ok: true, status: "live" });
  return { id: s.id, host };
}

/** A Y.Doc bound to a client's socket: local edits go out as `doc:update`, relayed ones come in. */
function bindDoc(c: Client, sessionId: string, docKey: string) {
  const doc = new Y.Doc();
  const acks: Promise<TLiveAck>[] = [];
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== "remote") acks.push(send(c, "doc:update", { sessionId, docKey, update }));
  });
  c.socket.on("doc:update", (p: { sessionId: string; docKey: string; update: ArrayBuffer | Uint8Array }) => {
    if (p.sessionId === sessionId && p.docKey === docKey) Y.applyUpdate(doc, new Uint8Array(p.update), "remote");
  });
  return { doc, text: doc.getText(liveDocTextName), acks };
}
const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));
const textOf = (update: Uint8Array) => {
  const d = new Y.Doc();
  Y.applyUpdate(d, update);
  return d.getText(liveDocTextName).toString();
};

describe("the shared lesson-plan document", () => {
  // Twenty updates at once, each stored under the document's lock before the next: slow on a loaded machine.
  it("two clients on two processes edit at once; their documents converge and equal the one stored in Postgres", { timeout: 120_000 }, async () => {
    const { id } = await liveRoom();
    const a = await as(w.people.memberA, 0);
    const b = await as(w.people.memberB, 1);
    await joined(a, id);
    await joined(b, id);
    const da = bindDoc(a, id, "main");
    const db2 = bindDoc(b, id, "main");
    for (let i = 0; i < 10; i++) {
      da.text.insert(da.text.length, `甲${i}`);
      db2.text.insert(0, `乙${i}`);
    }
    const acks = await Promise.all([...da.acks, ...db2.acks]);
    expect(acks.every((x) => x.ok)).toBe(true);
    await until(() => da.text.length === 40 && db2.text.length === 40);
    expect(da.text.toString()).toBe(db2.text.toString());
    expect(await loadDocText({ db, tenantId: w.tenantId, sessionId: id, docKey: "main" })).toBe(da.text.toString());

    // A client that was away asks for what it lacks with its state vector.
    const late = new Y.Doc();
    Y.applyUpdate(late, Y.encodeStateAsUpdate(da.doc));
    db2.text.insert(0, "新");
    await Promise.all(db2.acks);
    const s = await send(a, "doc:sync", { sessionId: id, docKey: "main", stateVector: Y.encodeStateVector(late) });
    if (!s.ok) throw new Error(s.code);
    Y.applyUpdate(late, new Uint8Array(s.update as ArrayBuffer));
    expect(late.getText(liveDocTextName).toString()).toBe(db2.text.toString());
  });

  it("a malformed, oversized or out-of-order update is refused with an ack error and nothing is stored", async () => {
    const { id, host } = await liveRoom();
    const before = await loadDocText({ db, tenantId: w.tenantId, sessionId: id, docKey: "main" });
    expect(await send(host, "doc:update", { sessionId: id, docKey: "main", update: Buffer.from([255, 255, 255, 255, 255, 255, 255, 1, 2]) })).toMatchObject({ ok: false, code: "badRequest" });
    expect(await send(host, "doc:update", { sessionId: id, docKey: "main", update: Buffer.alloc(40 * 1024, 1) })).toMatchObject({ ok: false, code: "badRequest" });
    expect(await send(host, "doc:update", { sessionId: id, docKey: "main", update: "not binary" })).toMatchObject({ ok: false, code: "badRequest" });
    expect(await send(host, "doc:update", { sessionId: id, docKey: "other", update: Buffer.from([0, 0]) })).toMatchObject({ ok: false, code: "badRequest" });
    const d = new Y.Doc();
    const ups: Uint8Array[] = [];
    d.on("update", (u: Uint8Array) => ups.push(u));
    d.getText(liveDocTextName).insert(0, "一");
    d.getText(liveDocTextName).insert(1, "二");
    expect(await send(host, "doc:update", { sessionId: id, docKey: "main", update: ups[1] })).toMatchObject({ ok: false, code: "badRequest" });
    const outsiderRoom = await w.newStudioSession();
    expect(await send(host, "doc:update", { sessionId: outsiderRoom.id, docKey: "main", update: ups[0] })).toMatchObject({ ok: false, code: "liveNotJoined" });
    expect(await loadDocText({ db, tenantId: w.tenantId, sessionId: id, docKey: "main" })).toBe(before);
    expect(logs.some((l) => l.includes("doc:update") && l.includes("badRequest"))).toBe(true);
    // Still serving.
    expect(await send(host, "doc:update", { sessionId: id, docKey: "main", update: ups[0] })).toEqual({ ok: true, docKey: "main" });
  });
});

describe("the whiteboard", () => {
  it("strokes reach the other process; only the author undoes theirs; the host clears; a late joiner gets the page's strokes and the document", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 0);
    const b = await as(w.people.memberB, 1);
    await joined(a, id);
    await joined(b, id);
    const stroke = (page = 1) => ({ sessionId: id, strokeId: randomUUID(), page, points: [0, 0, 0.5, 0.5, 1, 1], color: "#3366ff", width: 3 });
    const s1 = stroke();
    const s2 = stroke();
    expect(await send(a, "stroke:add", s1)).toMatchObject({ ok: true, stroke: { id: s1.strokeId, authorId: w.people.memberA.id } });
    expect(await send(a, "stroke:add", s1)).toMatchObject({ ok: true });
    expect(await send(b, "stroke:add", s2)).toMatchObject({ ok: true });
    await until(() => received<{ stroke: TStroke }>(b, "stroke:added").length === 2);
    expect(received<{ stroke: TStroke }>(b, "stroke:added").map((p) => p.stroke.id)).toEqual([s1.strokeId, s2.strokeId]);

    expect(await send(b, "stroke:undo", { sessionId: id, strokeId: s1.strokeId })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await send(a, "stroke:undo", { sessionId: id, strokeId: s1.strokeId })).toEqual({ ok: true, page: 1, strokeId: s1.strokeId });
    await until(() => received(b, "stroke:removed").length === 1);
    expect(await send(a, "board:clear", { sessionId: id, page: 1 })).toMatchObject({ ok: false, code: "forbidden" });

    const s3 = stroke(2);
    expect(await send(a, "stroke:add", s3)).toMatchObject({ ok: true });
    const da = bindDoc(a, id, "main");
    da.text.insert(0, "教案：第一课");
    expect((await Promise.all(da.acks)).every((x) => x.ok)).toBe(true);

    // A late joiner (another person, on the other process) lands on page 1 with its strokes and the document.
    const late = await as(w.people.coHost, 1);
    const st = await joined(late, id);
    expect(st.board).toMatchObject({ page: 1 });
    expect(st.board.strokes.map((s) => s.id)).toEqual([s2.strokeId]);
    expect(textOf(fromBase64(st.doc.update))).toBe("教案：第一课");
    const p2 = await send(late, "board:page", { sessionId: id, page: 2 });
    expect(p2).toMatchObject({ ok: true, board: { page: 2, strokes: [{ id: s3.strokeId }] } });

    expect(await send(host, "board:clear", { sessionId: id, page: 1 })).toEqual({ ok: true, page: 1 });
    await until(() => received(b, "board:cleared").length === 1);

    // A reconnect (a new socket on the other process) gets the cleared board and the document back.
    a.socket.disconnect();
    const again = await as(w.people.memberA, 1);
    const st2 = await joined(again, id);
    expect(st2.board.strokes).toEqual([]);
    expect(textOf(fromBase64(st2.doc.update))).toBe("教案：第一课");
  });

  it("bad strokes and a flood get ack errors while the room goes on", async () => {
    const { id, host } = await liveRoom();
    const base = { sessionId: id, page: 1, color: "#000000", width: 2 };
    expect(await send(host, "stroke:add", { ...base, strokeId: randomUUID(), points: [0.1, 2] })).toMatchObject({ ok: false, code: "badRequest" });
    expect(await send(host, "stroke:add", { ...base, strokeId: randomUUID(), points: Array.from({ length: 5000 }, () => 0.5) })).toMatchObject({ ok: false, code: "badRequest" });
    expect(await send(host, "stroke:add", { ...base, strokeId: "x", points: [0.1, 0.2] })).toMatchObject({ ok: false, code: "badRequest" });
    const acks = await Promise.all(Array.from({ length: 80 }, () => send(host, "stroke:add", { ...base, strokeId: randomUUID(), points: [0.1, 0.2] })));
    expect(acks.filter((a) => !a.ok && a.code === "rateLimited").length).toBeGreaterThan(0);
    expect(acks.filter((a) => a.ok).length).toBeGreaterThan(0);
    // Other kinds of events still pass (their own buckets).
    expect(await send(host, "chat:send", { sessionId: id, body: "还在" })).toMatchObject({ ok: true });
  });
});

describe("breakout groups", () => {
  it("the host splits the room into groups on both processes; group chat and documents stay in the group; closing calls everyone back", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 0);
    const b = await as(w.people.memberB, 1);
    await joined(a, id);
    await joined(b, id);
    expect(await send(a, "breakout:open", { sessionId: id, groups: 2 })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await send(host, "breakout:open", { sessionId: id, groups: 1 })).toMatchObject({ ok: false, code: "badRequest" });
    const opened = await send(host, "breakout:open", { sessionId: id, groups: 2 });
    if (!opened.ok) throw new Error(opened.code);
    const groups = (opened.breakout as TBreakoutState).groups;
    const gA = groups.find((g) => g.memberIds.includes(w.people.memberA.id))!;
    const gB = groups.find((g) => g.memberIds.includes(w.people.memberB.id))!;
    expect(gA.id).not.toBe(gB.id);
    await until(() => received(a, "breakout:changed").length === 1 && received(b, "breakout:changed").length === 1);

    expect(await send(a, "chat:send", { sessionId: id, body: "甲组讨论", groupId: gA.id })).toMatchObject({ ok: true });
    expect(await send(b, "chat:send", { sessionId: id, body: "插话", groupId: gA.id })).toMatchObject({ ok: false, code: "forbidden" });
    await until(() => received<{ message: TChatMessage }>(host, "chat:message").some((p) => p.message.body === "甲组讨论"));

    const dA = bindDoc(a, id, groupDocKey(gA.id));
    const hostView = bindDoc(host, id, groupDocKey(gA.id));
    const bView = bindDoc(b, id, groupDocKey(gA.id));
    dA.text.insert(0, "甲组方案");
    expect((await Promise.all(dA.acks)).every((x) => x.ok)).toBe(true);
    await until(() => hostView.text.toString() === "甲组方案");
    expect(await send(b, "doc:sync", { sessionId: id, docKey: groupDocKey(gA.id) })).toMatchObject({ ok: false, code: "forbidden" });

    // A member who reconnects (on the other process) is back in their group with its chat and document.
    a.socket.disconnect();
    const a2 = await as(w.people.memberA, 1);
    const st = await joined(a2, id);
    expect(st.breakout.open).toBe(true);
    expect(st.group).toMatchObject({ id: gA.id, chat: [{ body: "甲组讨论" }] });
    expect(textOf(fromBase64(st.group!.doc.update))).toBe("甲组方案");
    expect(await send(a2, "chat:send", { sessionId: id, body: "我回来了", groupId: gA.id })).toMatchObject({ ok: true });
    await until(() => received<{ message: TChatMessage }>(host, "chat:message").some((p) => p.message.body === "我回来了"));

    expect(await send(host, "breakout:close", { sessionId: id })).toEqual({ ok: true, breakout: { open: false, groups: [] } });
    await until(() => received<{ breakout: TBreakoutState }>(b, "breakout:changed").some((p) => !p.breakout.open));
    expect(await send(a2, "chat:send", { sessionId: id, body: "组已关", groupId: gA.id })).toMatchObject({ ok: false, code: "notFound" });
    expect(await send(a2, "chat:send", { sessionId: id, body: "大家好" })).toMatchObject({ ok: true });
    await until(() => received<{ message: TChatMessage }>(b, "chat:message").some((p) => p.message.body === "大家好"));

    // Group traffic never reached the other group's member.
    const bChat = received<{ message: TChatMessage }>(b, "chat:message").map((p) => p.message.body);
    expect(bChat).not.toContain("甲组讨论");
    expect(bChat).not.toContain("我回来了");
    expect(bView.text.toString()).toBe("");
    expect(received<{ docKey: string }>(b, "doc:update").filter((p) => p.docKey === groupDocKey(gA.id))).toEqual([]);
  });
});
