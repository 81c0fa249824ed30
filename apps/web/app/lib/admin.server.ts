import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { hasNulByte } from "@yanxiu/domain/limits";
import { isAdministrator } from "@yanxiu/domain/permissions";
import type { TActor } from "../load-context.ts";
import { fail } from "./errors.server.ts";

/**
 * The signed-in administrator as a service actor. Not signed in: to the sign-in page. Signed in but
 * administering nothing: 404, as if the admin pages did not exist.
 */
export function requireAdmin(context: AppLoadContext, request: Request): TActor {
  if (!context.tenant) fail("tenantNotFound");
  if (!context.user) throw redirect(`/login?redirectTo=${encodeURIComponent(new URL(request.url).pathname)}`);
  if (!isAdministrator(context.user.grants)) fail("notFound");
  return { tenantId: context.tenant.id, actorId: context.user.id, grants: context.user.grants, ip: context.clientIp };
}

/**
 * Form data as a plain object; repeated fields (checkbox lists) become arrays. A field (or a field name)
 * with a NUL byte is a bad request: Postgres refuses NUL in text, so no service may ever see one.
 */
export async function readForm(request: Request): Promise<Record<string, unknown>> {
  const form = await request.formData().catch(() => null);
  if (!form) fail("badRequest");
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (hasNulByte(key) || all.some(hasNulByte)) fail("badRequest");
    out[key] = all.length > 1 || key.endsWith("[]") ? all : all[0];
  }
  return out;
}
