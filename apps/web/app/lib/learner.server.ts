import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { TActor } from "../load-context.ts";
import { fail } from "./errors.server.ts";

/**
 * The signed-in person as a learning actor, and what the page frame shows. Not signed in: to the
 * sign-in page and back here afterwards.
 */
export function requireLearner(context: AppLoadContext, request: Request): { actor: TActor; shell: { tenantName: string; displayName: string; role: string } } {
  if (!context.tenant) fail("tenantNotFound");
  if (!context.user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return {
    actor: { tenantId: context.tenant.id, actorId: context.user.id, grants: context.user.grants, ip: context.clientIp },
    shell: { tenantName: context.tenant.name, displayName: context.user.displayName, role: context.user.primaryRole },
  };
}

/** A Date (or null) as an ISO string for loader data. */
export const iso = (d: Date | string | null | undefined): string | null => (d == null ? null : new Date(d).toISOString());
