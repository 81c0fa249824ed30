import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { TActor } from "../load-context.ts";
import { fail } from "./errors.server.ts";

/** The signed-in person as a service actor (course pages); not signed in: to the sign-in page. */
export function requireActor(context: AppLoadContext, request: Request): TActor {
  if (!context.tenant) fail("tenantNotFound");
  if (!context.user) throw redirect(`/login?redirectTo=${encodeURIComponent(new URL(request.url).pathname)}`);
  return { tenantId: context.tenant.id, actorId: context.user.id, grants: context.user.grants, ip: context.clientIp };
}

/** What the page frame shows. */
export function shellOf(context: AppLoadContext) {
  return { tenantName: context.tenant!.name, user: { displayName: context.user!.displayName, role: context.user!.primaryRole } };
}
