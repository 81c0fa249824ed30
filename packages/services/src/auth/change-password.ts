import { eq } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@yanxiu/domain/errors";
import { appendAudit } from "../audit/append.ts";
import type { Database } from "@yanxiu/db/client";
import { session, user } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { publishSessionsEnded, type Redis } from "../platform/redis.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { sessionIdFromToken } from "./session.ts";

export const ZChangePasswordInput = z
  .object({
    current: z.string().min(1, "required").max(256),
    next: z.string().min(8, "tooShort").max(256),
    confirm: z.string().max(256),
  })
  .refine((v) => v.next === v.confirm, { path: ["confirm"], message: "mismatch" })
  .refine((v) => v.next !== v.current, { path: ["next"], message: "sameAsOld" });

/**
 * Changes one's own password; every other session of the person ends, the current one stays. Each ended
 * session is published (after the commit), so web processes drop it from their caches and realtime closes
 * its sockets at once.
 */
export async function changePassword(opts: { db: Database; redis?: Redis; tenantId: string; userId: string; token: string; ip: string; input: unknown }) {
  const input = parseInput(ZChangePasswordInput, opts.input);
  const hash = await hashPassword(input.next);
  const ended = await opts.db.withTenant(opts.tenantId, async (tx) => {
    const [u] = await tx.select().from(user).where(eq(user.id, opts.userId));
    if (!u || !(await verifyPassword(u.passwordHash, input.current))) throw new AppError("badRequest", "wrong password", { current: ["wrongPassword"] });
    await tx.update(user).set({ passwordHash: hash, mustChangePassword: false }).where(eq(user.id, opts.userId));
    const keep = sessionIdFromToken(opts.token);
    const all = await tx.select({ id: session.id }).from(session).where(eq(session.userId, opts.userId));
    const others = all.filter((s) => s.id !== keep).map((s) => s.id);
    for (const id of others) await tx.delete(session).where(eq(session.id, id));
    await appendAudit(tx, { tenantId: opts.tenantId, actorId: opts.userId, ip: opts.ip }, { action: "account.changePassword", target: `user:${opts.userId}` });
    return others;
  });
  if (opts.redis) for (const sessionId of ended) await publishSessionsEnded(opts.redis, { tenantId: opts.tenantId, sessionId }).catch(() => undefined);
}
