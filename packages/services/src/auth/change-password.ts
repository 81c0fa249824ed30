import { eq } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@yanxiu/domain/errors";
import { appendAudit } from "../audit/append.ts";
import type { Database } from "@yanxiu/db/client";
import { session, user } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
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

/** Changes one's own password; every other session of the person ends, the current one stays. */
export async function changePassword(opts: { db: Database; tenantId: string; userId: string; token: string; ip: string; input: unknown }) {
  const input = parseInput(ZChangePasswordInput, opts.input);
  const hash = await hashPassword(input.next);
  await opts.db.withTenant(opts.tenantId, async (tx) => {
    const [u] = await tx.select().from(user).where(eq(user.id, opts.userId));
    if (!u || !(await verifyPassword(u.passwordHash, input.current))) throw new AppError("badRequest", "wrong password", { current: ["wrongPassword"] });
    await tx.update(user).set({ passwordHash: hash, mustChangePassword: false }).where(eq(user.id, opts.userId));
    const keep = sessionIdFromToken(opts.token);
    const all = await tx.select({ id: session.id }).from(session).where(eq(session.userId, opts.userId));
    for (const s of all) if (s.id !== keep) await tx.delete(session).where(eq(session.id, s.id));
    await appendAudit(tx, { tenantId: opts.tenantId, actorId: opts.userId, ip: opts.ip }, { action: "account.changePassword", target: `user:${opts.userId}` });
  });
}
