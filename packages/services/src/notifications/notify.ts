import { ZNotifyInput, type TNotifyInput } from "@yanxiu/domain/notifications";
import type { Tx } from "@yanxiu/db/client";
import { notification } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";

/**
 * Writes notices INSIDE the producer's transaction (decision 034), so a notice exists if and only if the
 * decision it tells of committed. Each is once-only per (recipient, dedupe key): a retried job or a second
 * click writes nothing more. Returns how many were new. The input is parsed like any other (a producer's bug
 * is a badRequest that rolls the decision back, never a stored link to another site).
 */
export async function notify(tx: Tx, opts: { tenantId: string; notices: readonly TNotifyInput[] }): Promise<number> {
  if (opts.notices.length === 0) return 0;
  const rows = opts.notices.map((n) => {
    const p = parseInput(ZNotifyInput, n);
    return { tenantId: opts.tenantId, userId: p.userId, kind: p.kind, params: p.params, link: p.link, dedupeKey: p.dedupeKey };
  });
  const written = await tx
    .insert(notification)
    .values(rows)
    .onConflictDoNothing({ target: [notification.tenantId, notification.userId, notification.dedupeKey] })
    .returning({ id: notification.id });
  return written.length;
}

/** The one notice form used by a single producer: `notify` for one recipient. */
export const notifyOne = (tx: Tx, tenantId: string, notice: TNotifyInput) => notify(tx, { tenantId, notices: [notice] });

