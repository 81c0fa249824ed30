import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { groupDocKey, liveDocTextName, liveLimits } from "@yanxiu/domain/live";
import { liveDocUpdate, liveParticipant } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import {
  addStroke,
  applyDocUpdate,
  clearBoard,
  closeBreakouts,
  endLiveSession,
  joinLiveSession,
  listDocVersions,
  loadDocText,
  loadDocVersion,
  openBreakouts,
  sendChatMessage,
  snapshotLiveDocs,
  startLiveSession,
  syncDoc,
  undoStroke,
} from "./index.ts";
import { seedLiveWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
let w: Awaited<ReturnType<typeof seedLiveWorld>>;

beforeAll(async () => {
  w = await seedLiveWorld(owner, db);
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

async function liveSession() {
  const s = await w.newStudioSession();
  const { host, memberA, memberB, coHost } = w.people;
  for (const p of [host, memberA, memberB, coHost]) await joinLiveSession({ db, actor: p.actor, sessionId: s.id });
  await startLiveSession({ db, actor: host.actor, sessionId: s.id });
  return s.id;
}

const rowsOf = (sessionId: string, docKey: string) =>
  db.withTenant(w.tenantId, (tx) =>
    tx
      .select({ kind: liveDocUpdate.kind })
      .from(liveDocUpdate)
      .where(and(eq(liveDocUpdate.sessionId, sessionId), eq(liveDocUpdate.docKey, docKey))),
  );

/** A client's Y.Doc that records the updates it makes. */
function client() {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array, origin: unknown) => {
    if (origin !== "remote") out.push(u);
  });
  return { doc, text: doc.getText(liveDocTextName), out };
}

describe("the shared document in Postgres", () => {
  it("compaction folds the updates into a snapshot that equals them, and the versions read back as text", async () => {
    const id = await liveSession();
    const a = client();
    const n = liveLimits.docCompactEvery + 5;
    for (let i = 0; i < n; i++) a.text.insert(a.text.length, `${i % 10}`);
    expect(a.out).toHaveLength(n);
    for (const update of a.out) await applyDocUpdate({ db, actor: w.people.memberA.actor, input: { sessionId: id, docKey: "main", update } });

    const rows = await rowsOf(id, "main");
    expect(rows.filter((r) => r.kind === "snapshot")).toHaveLength(1);
    expect(rows.filter((r) => r.kind === "update")).toHaveLength(n - liveLimits.docCompactEvery);
    expect(await loadDocText({ db, tenantId: w.tenantId, sessionId: id, docKey: "main" })).toBe(a.text.toString());

    const [v1] = await listDocVersions({ db, actor: w.people.memberB.actor, sessionId: id });
    expect((await loadDocVersion({ db, actor: w.people.memberB.actor, sessionId: id, versionId: v1!.id })).text).toBe(
      a.text.toString().slice(0, liveLimits.docCompactEvery),
    );

    // The end folds the rest into the final version.
    await endLiveSession({ db, actor: w.people.host.actor, sessionId: id });
    expect(await snapshotLiveDocs({ db, tenantId: w.tenantId, sessionId: id })).toEqual(["main"]);
    const versions = await listDocVersions({ db, actor: w.people.memberB.actor, sessionId: id, docKey: "main" });
    expect(versions).toHaveLength(2);
    expect((await loadDocVersion({ db, actor: w.people.host.actor, sessionId: id, versionId: versions[1]!.id })).text).toBe(a.text.toString());
    expect((await rowsOf(id, "main")).filter((r) => r.kind === "update")).toHaveLength(0);
    // Someone who may not attend sees no versions.
    expect(await codeOf(listDocVersions({ db, actor: w.people.outsider.actor, sessionId: id }))).toBe("notFound");
  });

  it("concurrent edits from two people converge with the stored document; sync gives a client what it lacks", async () => {
    const id = await liveSession();
    const a = client();
    const b = client();
    a.text.insert(0, "教学目标");
    b.text.insert(0, "教学重点");
    await Promise.all([
      applyDocUpdate({ db, actor: w.people.memberA.actor, input: { sessionId: id, docKey: "main", update: a.out[0]! } }),
      applyDocUpdate({ db, actor: w.people.memberB.actor, input: { sessionId: id, docKey: "main", update: b.out[0]! } }),
    ]);
    for (const c of [a, b]) {
      const r = await syncDoc({ db, actor: w.people.memberA.actor, input: { sessionId: id, docKey: "main", stateVector: Y.encodeStateVector(c.doc) } });
      Y.applyUpdate(c.doc, r.update, "remote");
    }
    expect(a.text.toString()).toBe(b.text.toString());
    expect(a.text.toString()).toHaveLength(8);
    expect(await loadDocText({ db, tenantId: w.tenantId, sessionId: id, docKey: "main" })).toBe(a.text.toString());
  });

  it("an unreadable or out-of-order update is refused and nothing is stored", async () => {
    const id = await liveSession();
    const actor = w.people.memberA.actor;
    const bad = async (update: Uint8Array) => codeOf(applyDocUpdate({ db, actor, input: { sessionId: id, docKey: "main", update } }));
    expect(await bad(new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255, 1, 2, 3]))).toBe("badRequest");
    const a = client();
    a.text.insert(0, "一");
    a.text.insert(1, "二");
    expect(await bad(a.out[1]!)).toBe("badRequest");
    expect(await rowsOf(id, "main")).toHaveLength(0);
    expect(await codeOf(syncDoc({ db, actor, input: { sessionId: id, docKey: "main", stateVector: new Uint8Array([200, 200, 200]) } }))).toBe("badRequest");
  });
});

describe("breakout groups", () => {
  it("splits the present participants round-robin; a group's document and chat are its members' and the moderators'", async () => {
    const id = await liveSession();
    const { host, memberA, memberB, coHost } = w.people;
    const r = await openBreakouts({ db, actor: coHost.actor, input: { sessionId: id, groups: 2 } });
    expect(r.breakout.groups.map((g) => g.memberIds.length)).toEqual([1, 1]);
    const all = r.breakout.groups.flatMap((g) => g.memberIds).sort();
    expect(all).toEqual([memberA.id, memberB.id].sort());
    const gA = r.breakout.groups.find((g) => g.memberIds.includes(memberA.id))!;
    const a = client();
    a.text.insert(0, "小组");
    expect(await codeOf(applyDocUpdate({ db, actor: memberA.actor, input: { sessionId: id, docKey: groupDocKey(gA.id), update: a.out[0]! } }))).toBe("ok");
    expect(await codeOf(applyDocUpdate({ db, actor: memberB.actor, input: { sessionId: id, docKey: groupDocKey(gA.id), update: a.out[0]! } }))).toBe("forbidden");
    expect(await codeOf(syncDoc({ db, actor: host.actor, input: { sessionId: id, docKey: groupDocKey(gA.id) } }))).toBe("ok");
    expect(await codeOf(sendChatMessage({ db, actor: memberB.actor, input: { sessionId: id, body: "hi", groupId: gA.id } }))).toBe("forbidden");
    const m = await sendChatMessage({ db, actor: memberA.actor, input: { sessionId: id, body: "我们组", groupId: gA.id } });
    expect(m.groupId).toBe(gA.id);
    expect(await codeOf(openBreakouts({ db, actor: memberA.actor, input: { sessionId: id, groups: 2 } }))).toBe("forbidden");

    // A new split makes new groups; the old ones are no longer current.
    const r2 = await openBreakouts({ db, actor: host.actor, input: { sessionId: id, groups: 3 } });
    expect(r2.replaced.sort()).toEqual(r.breakout.groups.map((g) => g.id).sort());
    expect(await codeOf(sendChatMessage({ db, actor: memberA.actor, input: { sessionId: id, body: "旧组", groupId: gA.id } }))).toBe("notFound");

    const c = await closeBreakouts({ db, actor: host.actor, sessionId: id });
    expect(c.closed.sort()).toEqual(r2.breakout.groups.map((g) => g.id).sort());
    const groups = await db.withTenant(w.tenantId, (tx) => tx.select({ g: liveParticipant.groupId }).from(liveParticipant).where(eq(liveParticipant.sessionId, id)));
    expect(groups.every((x) => x.g === null)).toBe(true);
    expect(await codeOf(applyDocUpdate({ db, actor: memberA.actor, input: { sessionId: id, docKey: groupDocKey(gA.id), update: a.out[0]! } }))).toBe("forbidden");
  });
});

describe("the whiteboard", () => {
  it("a stroke is stored once per id; only its author (or a moderator) undoes it; the host clears a page", async () => {
    const id = await liveSession();
    const { host, memberA, memberB } = w.people;
    const input = { sessionId: id, strokeId: crypto.randomUUID(), page: 1, points: [0.1, 0.2, 0.3, 0.4], color: "#ff0000", width: 2 };
    expect((await addStroke({ db, actor: memberA.actor, input })).created).toBe(true);
    expect((await addStroke({ db, actor: memberA.actor, input })).created).toBe(false);
    expect(await codeOf(addStroke({ db, actor: memberB.actor, input }))).toBe("conflict");
    expect(await codeOf(undoStroke({ db, actor: memberB.actor, input: { sessionId: id, strokeId: input.strokeId } }))).toBe("forbidden");
    expect(await codeOf(undoStroke({ db, actor: memberA.actor, input: { sessionId: id, strokeId: input.strokeId } }))).toBe("ok");
    expect(await codeOf(clearBoard({ db, actor: memberA.actor, input: { sessionId: id, page: 1 } }))).toBe("forbidden");
    expect(await codeOf(clearBoard({ db, actor: host.actor, input: { sessionId: id, page: 1 } }))).toBe("ok");
  });
});
