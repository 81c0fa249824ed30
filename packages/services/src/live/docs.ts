import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import * as Y from "yjs";
import { AppError } from "@yanxiu/domain/errors";
import { docKeyGroup, liveDocTextName, liveLimits, mayLive, type TDocState, type TDocVersion } from "@yanxiu/domain/live";
import type { Database, Tx } from "@yanxiu/db/client";
import { liveDocUpdate, liveGroup } from "@yanxiu/db/schema";
import { isUuid, loadLiveSession, mayAttend, requireParticipant, type TLiveActor, type TLiveParticipantRow, type TLiveSessionRow } from "./access.ts";

/**
 * The shared lesson-plan documents (Yjs). Postgres is the document: its state is the latest snapshot row
 * plus every update row left (updates already folded into a snapshot are deleted; applying one twice would
 * be harmless anyway, Yjs updates are idempotent), so any realtime process can serve any document. Writes
 * to one document are serialised by an advisory lock: a writer validates the update against the current
 * state, stores it and, every `docCompactEvery` updates, folds them into a new snapshot. Snapshots are
 * never deleted: they are the versions readable after the session.
 */

type TDocRow = typeof liveDocUpdate.$inferSelect;

const lockDoc = (tx: Tx, tenantId: string, sessionId: string, docKey: string) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`live-doc:${tenantId}:${sessionId}`}), hashtext(${docKey}))`);

async function docRows(tx: Tx, sessionId: string, docKey: string): Promise<{ snapshot: TDocRow | null; updates: TDocRow[] }> {
  const where = (kind: "update" | "snapshot") => and(eq(liveDocUpdate.sessionId, sessionId), eq(liveDocUpdate.docKey, docKey), eq(liveDocUpdate.kind, kind));
  const [snapshot] = await tx.select().from(liveDocUpdate).where(where("snapshot")).orderBy(desc(liveDocUpdate.createdAt), desc(liveDocUpdate.id)).limit(1);
  const updates = await tx.select().from(liveDocUpdate).where(where("update")).orderBy(asc(liveDocUpdate.createdAt), asc(liveDocUpdate.id));
  return { snapshot: snapshot ?? null, updates };
}

function buildDoc(rows: { snapshot: TDocRow | null; updates: TDocRow[] }): Y.Doc {
  const doc = new Y.Doc();
  if (rows.snapshot) Y.applyUpdate(doc, rows.snapshot.data);
  for (const u of rows.updates) Y.applyUpdate(doc, u.data);
  return doc;
}

const hasPending = (doc: Y.Doc) => doc.store.pendingStructs !== null || doc.store.pendingDs !== null;

/**
 * Applies a client's bytes to a copy of the document. Bytes Yjs cannot read, and an update that needs
 * changes the server has not got (out of order: the client must `doc:sync` first), are refused.
 */
function applyChecked(doc: Y.Doc, update: Uint8Array): void {
  try {
    Y.decodeUpdate(update);
    Y.applyUpdate(doc, update);
  } catch (e) {
    throw new AppError("badRequest", `unreadable document update: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (hasPending(doc)) throw new AppError("badRequest", "document update out of order: sync first");
}

/** Who may read or write a document: the main one every participant; a group's its members and the moderators. */
async function requireDocAccess(tx: Tx, actor: TLiveActor, sessionId: string, docKey: string): Promise<{ session: TLiveSessionRow; me: TLiveParticipantRow }> {
  const r = await requireParticipant(tx, actor, sessionId, "doc.edit");
  const groupId = docKeyGroup(docKey);
  if (groupId === null) return r;
  const [g] = await tx.select({ id: liveGroup.id }).from(liveGroup).where(and(eq(liveGroup.id, groupId), eq(liveGroup.sessionId, r.session.id))).limit(1);
  if (!g) throw new AppError("notFound", `group ${groupId}`);
  if (mayLive(r.me.role, "breakout.manage")) return r;
  if (!r.session.breakoutsOpenedAt || r.me.groupId !== g.id) throw new AppError("forbidden", `not in group ${groupId}`);
  return r;
}

/** The whole document as one update (what an empty Y.Doc needs), base64 for the room state. */
export async function docState(tx: Tx, sessionId: string, docKey: string): Promise<TDocState> {
  const doc = buildDoc(await docRows(tx, sessionId, docKey));
  return { docKey, update: Buffer.from(Y.encodeStateAsUpdate(doc)).toString("base64") };
}

/** Folds the document's update rows into one snapshot row (a version); nothing to fold is a no-op. */
async function compact(tx: Tx, tenantId: string, sessionId: string, docKey: string, doc: Y.Doc, folded: string[], authorId: string | null): Promise<boolean> {
  if (folded.length === 0) return false;
  await tx.insert(liveDocUpdate).values({
    tenantId,
    sessionId,
    docKey,
    kind: "snapshot",
    data: Buffer.from(Y.encodeStateAsUpdate(doc)),
    authorId,
    // After the lock was taken (now() is the transaction's start): the latest snapshot is the last one made.
    createdAt: sql`clock_timestamp()`,
  });
  await tx.delete(liveDocUpdate).where(and(eq(liveDocUpdate.kind, "update"), inArray(liveDocUpdate.id, folded)));
  return true;
}

/**
 * A participant's edit: checked against the current document, stored, and (every `docCompactEvery`
 * updates) folded into a snapshot. Returns whether it compacted. Nothing is stored when it is refused.
 */
export async function applyDocUpdate(opts: {
  db: Database;
  actor: TLiveActor;
  input: { sessionId: string; docKey: string; update: Uint8Array };
}): Promise<{ docKey: string; compacted: boolean }> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireDocAccess(tx, actor, input.sessionId, input.docKey);
    await lockDoc(tx, actor.tenantId, session.id, input.docKey);
    const rows = await docRows(tx, session.id, input.docKey);
    const doc = buildDoc(rows);
    applyChecked(doc, input.update);
    const [row] = await tx
      .insert(liveDocUpdate)
      .values({ tenantId: actor.tenantId, sessionId: session.id, docKey: input.docKey, kind: "update", data: Buffer.from(input.update), authorId: actor.actorId })
      .returning({ id: liveDocUpdate.id });
    const folded = [...rows.updates.map((u) => u.id), row!.id];
    const compacted = folded.length >= liveLimits.docCompactEvery && (await compact(tx, actor.tenantId, session.id, input.docKey, doc, folded, null));
    return { docKey: input.docKey, compacted };
  });
}

/** What a client lacks, given its state vector (none: the whole document). A vector Yjs cannot read is refused. */
export async function syncDoc(opts: {
  db: Database;
  actor: TLiveActor;
  input: { sessionId: string; docKey: string; stateVector?: Uint8Array | undefined };
}): Promise<{ docKey: string; update: Uint8Array }> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireDocAccess(tx, actor, input.sessionId, input.docKey);
    const doc = buildDoc(await docRows(tx, session.id, input.docKey));
    let sv: Uint8Array | undefined;
    if (input.stateVector) {
      try {
        Y.decodeStateVector(input.stateVector);
        sv = input.stateVector;
      } catch {
        throw new AppError("badRequest", "unreadable state vector");
      }
    }
    return { docKey: input.docKey, update: Y.encodeStateAsUpdate(doc, sv) };
  });
}

/**
 * At the end of the session (or whenever asked): every document of the session with updates not yet
 * folded gets a snapshot, the final version. Called by the server after `endLiveSession`, not by a client.
 */
export async function snapshotLiveDocs(opts: { db: Database; tenantId: string; sessionId: string }): Promise<string[]> {
  return opts.db.withTenant(opts.tenantId, async (tx) => {
    const s = await loadLiveSession(tx, opts.sessionId);
    const keys = await tx
      .selectDistinct({ docKey: liveDocUpdate.docKey })
      .from(liveDocUpdate)
      .where(and(eq(liveDocUpdate.sessionId, s.id), eq(liveDocUpdate.kind, "update")));
    const done: string[] = [];
    for (const { docKey } of keys.sort((a, b) => (a.docKey < b.docKey ? -1 : 1))) {
      await lockDoc(tx, opts.tenantId, s.id, docKey);
      const rows = await docRows(tx, s.id, docKey);
      if (await compact(tx, opts.tenantId, s.id, docKey, buildDoc(rows), rows.updates.map((u) => u.id), null)) done.push(docKey);
    }
    return done;
  });
}

async function requireAttendee(tx: Tx, actor: TLiveActor, sessionId: string): Promise<TLiveSessionRow> {
  const s = await loadLiveSession(tx, sessionId);
  if (!(await mayAttend(tx, actor.actorId, s))) throw new AppError("notFound", `live session ${sessionId}`);
  return s;
}

/** The document's versions (its snapshots), oldest first; for whoever may attend the session. */
export async function listDocVersions(opts: { db: Database; actor: TLiveActor; sessionId: string; docKey?: string }): Promise<TDocVersion[]> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const s = await requireAttendee(tx, actor, opts.sessionId);
    const rows = await tx
      .select({ id: liveDocUpdate.id, docKey: liveDocUpdate.docKey, createdAt: liveDocUpdate.createdAt })
      .from(liveDocUpdate)
      .where(and(eq(liveDocUpdate.sessionId, s.id), eq(liveDocUpdate.kind, "snapshot"), opts.docKey ? eq(liveDocUpdate.docKey, opts.docKey) : undefined))
      .orderBy(asc(liveDocUpdate.createdAt), asc(liveDocUpdate.id));
    return rows.map((r) => ({ id: r.id, docKey: r.docKey, createdAt: r.createdAt.toISOString() }));
  });
}

/** One version's text (the Y.Text named `liveDocTextName`). */
export async function loadDocVersion(opts: { db: Database; actor: TLiveActor; sessionId: string; versionId: string }): Promise<TDocVersion & { text: string }> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const s = await requireAttendee(tx, actor, opts.sessionId);
    return docVersion(tx, s.id, opts.versionId);
  });
}

/** One saved version (a snapshot) of the session's documents, with its text; any other id is notFound. */
export async function docVersion(tx: Tx, sessionId: string, versionId: string): Promise<TDocVersion & { text: string }> {
  if (!isUuid(versionId)) throw new AppError("notFound", `version ${versionId}`);
  const [v] = await tx
    .select()
    .from(liveDocUpdate)
    .where(and(eq(liveDocUpdate.id, versionId), eq(liveDocUpdate.sessionId, sessionId), eq(liveDocUpdate.kind, "snapshot")))
    .limit(1);
  if (!v) throw new AppError("notFound", `version ${versionId}`);
  return { id: v.id, docKey: v.docKey, createdAt: v.createdAt.toISOString(), text: docText(v.data) };
}

/** The text (the Y.Text named `liveDocTextName`) of a document given as one update. */
export function docText(update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const text = doc.getText(liveDocTextName).toString();
  doc.destroy();
  return text;
}

/** The current text of a document, as stored (tests and the session record). */
export async function loadDocText(opts: { db: Database; tenantId: string; sessionId: string; docKey: string }): Promise<string> {
  return opts.db.withTenant(opts.tenantId, async (tx) => buildDoc(await docRows(tx, opts.sessionId, opts.docKey)).getText(liveDocTextName).toString());
}
