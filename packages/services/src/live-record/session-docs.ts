import { and, asc, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { groupDocKey, liveMainDocKey } from "@yanxiu/domain/live";
import type { Database, Tx } from "@yanxiu/db/client";
import type { TLiveActor } from "../live/index.ts";
import { docState, docText, docVersion } from "../live/docs.ts";
import { liveDocUpdate, liveGroup } from "@yanxiu/db/schema";
import { attendable } from "./session-page.ts";

/**
 * The shared lesson-plan documents of an ended session, for its record: the main document's final text,
 * each breakout group's (every split's groups, in the order they were made), and every saved version
 * (the snapshots: one every `docCompactEvery` updates and one at the end) with its time; with `versionId`,
 * that version's text too. Readable by whoever may read the record (see `attendable`): anyone else, any
 * other tenant, a session not yet ended and a version of another session are notFound.
 */

export type TLiveRecordDocVersion = { id: string; docKey: string; createdAt: string };
export type TLiveRecordDoc = { docKey: string; text: string; versions: TLiveRecordDocVersion[] };
export type TLiveRecordGroupDoc = TLiveRecordDoc & { groupId: string; name: string; position: number; openedAt: string };
export type TLiveRecordDocs = {
  main: TLiveRecordDoc;
  groups: TLiveRecordGroupDoc[];
  /** The version asked for, with its text. */
  opened: (TLiveRecordDocVersion & { text: string }) | null;
};

/** The document as stored now: its last snapshot and any updates after it (the end folds them in, but may have failed). */
async function finalText(tx: Tx, sessionId: string, docKey: string): Promise<string> {
  return docText(Buffer.from((await docState(tx, sessionId, docKey)).update, "base64"));
}

export async function liveSessionDocs(opts: { db: Database; actor: TLiveActor; sessionId: string; versionId?: string | null }): Promise<TLiveRecordDocs> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { s } = await attendable(tx, actor, opts.sessionId);
    if (s.status !== "ended") throw new AppError("notFound", `no record of ${s.id} before it ends`);
    const versions = await tx
      .select({ id: liveDocUpdate.id, docKey: liveDocUpdate.docKey, createdAt: liveDocUpdate.createdAt })
      .from(liveDocUpdate)
      .where(and(eq(liveDocUpdate.sessionId, s.id), eq(liveDocUpdate.kind, "snapshot")))
      .orderBy(asc(liveDocUpdate.createdAt), asc(liveDocUpdate.id));
    const versionsOf = (docKey: string) => versions.filter((v) => v.docKey === docKey).map((v) => ({ id: v.id, docKey, createdAt: v.createdAt.toISOString() }));
    const groups = await tx.select().from(liveGroup).where(eq(liveGroup.sessionId, s.id)).orderBy(asc(liveGroup.createdAt), asc(liveGroup.position));

    const groupDocs: TLiveRecordGroupDoc[] = [];
    for (const g of groups) {
      const docKey = groupDocKey(g.id);
      groupDocs.push({
        groupId: g.id,
        name: g.name,
        position: g.position,
        openedAt: g.createdAt.toISOString(),
        docKey,
        text: await finalText(tx, s.id, docKey),
        versions: versionsOf(docKey),
      });
    }

    let opened: TLiveRecordDocs["opened"] = null;
    if (opts.versionId != null) {
      opened = await docVersion(tx, s.id, opts.versionId);
    }

    return {
      main: { docKey: liveMainDocKey, text: await finalText(tx, s.id, liveMainDocKey), versions: versionsOf(liveMainDocKey) },
      groups: groupDocs,
      opened,
    };
  });
}
