import { randomUUID } from "node:crypto";
import { invalidateSession, signIn, validateSessionToken } from "@yanxiu/db/auth";
import type { Database } from "@yanxiu/db/client";
import type { Producer } from "@yanxiu/db/queue";
import type { LoginThrottle } from "@yanxiu/db/redis";
import { signInAuditJob } from "@yanxiu/domain/jobs";
import type { WebServices } from "../app/load-context.ts";

/** The service functions routes may call, bound to this process's connections. */
export function createWebServices(deps: { db: Database; throttle: LoginThrottle; producer: Producer }): WebServices {
  return {
    async signIn({ tenantId, input, ip }) {
      const res = await signIn({ db: deps.db, throttle: deps.throttle, tenantId, input, ip });
      // The audit record is written by the worker; the job id is the event id, so a retry writes it once.
      const eventId = randomUUID();
      await deps.producer.add(
        signInAuditJob,
        { v: 1, tenantId, actorId: res.userId, eventId, occurredAt: new Date().toISOString() },
        { jobId: eventId },
      );
      return res;
    },
    async signOut({ tenantId, token }) {
      await invalidateSession({ db: deps.db, tenantId, token });
    },
    validateSession({ tenantId, token }) {
      return validateSessionToken({ db: deps.db, tenantId, token });
    },
  };
}
