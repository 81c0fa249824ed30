import { and, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import type { TSlideSet, TSlideState, TSlidesUse } from "@yanxiu/domain/live";
import type { Database } from "@yanxiu/db/client";
import { liveSession, storedFile } from "@yanxiu/db/schema";
import { requireParticipant, type TLiveActor } from "./access.ts";

/** The host or a co-host turns the page; late joiners land on it (it is kept on the session). */
export async function setSlidePage(opts: { db: Database; actor: TLiveActor; input: TSlideSet }): Promise<TSlideState> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireParticipant(tx, actor, input.sessionId, "slide.set");
    const [s] = await tx.update(liveSession).set({ slidePage: input.page }).where(eq(liveSession.id, session.id)).returning();
    return { slidesFileId: s!.slidesFileId, page: s!.slidePage };
  });
}

/**
 * Puts an uploaded PDF on screen, at page 1. The file must be a `liveSlides` upload of the actor's own
 * (web stores it; who may then read it is decided by `mayRead`: whoever may attend the session).
 */
export async function useSlides(opts: { db: Database; actor: TLiveActor; input: TSlidesUse }): Promise<TSlideState> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireParticipant(tx, actor, input.sessionId, "slide.set");
    const [f] = await tx
      .select({ id: storedFile.id })
      .from(storedFile)
      .where(and(eq(storedFile.id, input.fileId), eq(storedFile.ownerId, actor.actorId), eq(storedFile.purpose, "liveSlides")))
      .limit(1);
    if (!f) throw new AppError("notFound", `slides ${input.fileId}`);
    const [s] = await tx.update(liveSession).set({ slidesFileId: f.id, slidePage: 1 }).where(eq(liveSession.id, session.id)).returning();
    return { slidesFileId: s!.slidesFileId, page: s!.slidePage };
  });
}
