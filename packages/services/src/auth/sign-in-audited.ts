import { randomUUID } from "node:crypto";
import { isAppError } from "@yanxiu/domain/errors";
import { signInAuditJob } from "@yanxiu/domain/jobs";
import { recordAuditEvent } from "../audit/index.ts";
import type { Producer } from "../platform/queue.ts";
import { signIn, type SignInOptions } from "./sign-in.ts";

/**
 * Sign-in as the web does it: a failed attempt is audited at once (who tried which login from where,
 * never the password); a success is audited by the worker from a job whose id is the event id, so a retry
 * writes it once.
 */
export async function signInAudited(opts: SignInOptions & { producer: Producer }): Promise<Awaited<ReturnType<typeof signIn>>> {
  const { db, tenantId, input, ip } = opts;
  const res = await signIn(opts).catch(async (e: unknown) => {
    if (isAppError(e) && (e.code === "invalidCredentials" || e.code === "tooManyAttempts")) {
      const login = typeof input === "object" && input && "login" in input ? String((input as { login: unknown }).login).slice(0, 64) : null;
      await recordAuditEvent({ db, tenantId, actorId: null, eventId: randomUUID(), action: "signIn.failed", occurredAt: new Date(), ip, data: { login, reason: e.code } });
    }
    throw e;
  });
  const eventId = randomUUID();
  await opts.producer.add(signInAuditJob, { v: 1, tenantId, actorId: res.userId, eventId, occurredAt: new Date().toISOString(), ip: ip ?? null }, { jobId: eventId });
  return res;
}
