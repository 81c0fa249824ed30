import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isAdministrator } from "@yanxiu/domain/permissions";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import type { TActor } from "../load-context.ts";
import { fail } from "./errors.server.ts";

/** What the page frame (AppShell) shows: the province and the signed-in person. */
export type TShell = { tenantName: string; user: { displayName: string; roleLabel: string } };

/** The page frame of a signed-in request (call after requireUser, or where the loader already required one). */
export function shellOf(context: AppLoadContext): TShell {
  return { tenantName: context.tenant!.name, user: { displayName: context.user!.displayName, roleLabel: t(`role.${context.user!.primaryRole}` as TMessageKey) } };
}

/**
 * The one guard of every page: the signed-in person as a service actor, and the page frame. Not signed in:
 * to the sign-in page and back to this very URL (path and query) afterwards. `role: "admin"`: a person
 * administering nothing gets 404, as if the admin pages did not exist. Everything finer is the services' call.
 */
export function requireUser(context: AppLoadContext, request: Request, opts: { role?: "admin" } = {}): { actor: TActor; shell: TShell } {
  if (!context.tenant) fail("tenantNotFound");
  if (!context.user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (opts.role === "admin" && !isAdministrator(context.user.grants)) fail("notFound");
  return {
    actor: { tenantId: context.tenant.id, actorId: context.user.id, grants: context.user.grants, ip: context.clientIp },
    shell: shellOf(context),
  };
}
