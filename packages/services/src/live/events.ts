import { z } from "zod";
import type { Redis } from "../platform/redis.ts";

/**
 * The channel on which whoever removed someone from a live session (a realtime process, or web later)
 * says so; every realtime process listens and disconnects that person's sockets in the room on itself.
 * Ids only.
 */
export const liveRemovalsChannel = "yanxiu:live-removals";
export const ZLiveRemoval = z
  .object({
    tenantId: z.uuid(),
    sessionId: z.uuid(),
    userId: z.uuid(),
    /**
     * Whether each process also tells its own sockets in the room that the person is gone. A removal from
     * the room's own handler has already told the room; one from web (a revoked invitation) has not.
     */
    announce: z.boolean().optional(),
  })
  .strict();
export type TLiveRemoval = z.infer<typeof ZLiveRemoval>;

/** Publish AFTER the removal commits. Resolves false instead of throwing when Redis refuses it. */
export async function publishLiveRemoval(redis: Redis, msg: TLiveRemoval): Promise<boolean> {
  const parsed = ZLiveRemoval.safeParse(msg);
  if (!parsed.success) return false;
  try {
    await redis.publish(liveRemovalsChannel, JSON.stringify(parsed.data));
    return true;
  } catch {
    return false;
  }
}
