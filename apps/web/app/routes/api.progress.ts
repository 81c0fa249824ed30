import type { ActionFunctionArgs } from "@remix-run/node";
import { toAppError } from "@yanxiu/domain/errors";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";

/** A JSON response (resource routes answer with a plain Response so the status is kept). */
const json = (body: unknown, init?: { status?: number }) => Response.json(body, { status: init?.status ?? 200, headers: { "cache-control": "no-store" } });

/**
 * POST /api/progress: one video heartbeat from the player (JSON). Answers JSON: the watched percent and
 * unit state, or `{ error, reason, message }` with the error's status (401 when not signed in).
 */
export async function action({ context, request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "badRequest", message: t("error.badRequest") }, { status: 405 });
  if (!context.tenant) return json({ error: "tenantNotFound", message: t("error.tenantNotFound") }, { status: 404 });
  if (!context.user) return json({ error: "unauthenticated", message: t("learning.api.unauthenticated") }, { status: 401 });
  const actor = { tenantId: context.tenant.id, actorId: context.user.id, grants: context.user.grants, ip: context.clientIp };
  try {
    const input: unknown = await request.json().catch(() => null);
    const r = await context.services.learning.recordVideoBeat({ actor, input });
    return json({ watchedPercent: r.watchedPercent, state: r.state, complete: r.complete });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal") console.error("progress beat failed", e);
    const reason = Object.values(err.fieldErrors ?? {})[0]?.[0];
    const known = reason && ["beyondDuration", "inFuture", "fasterThanRealTime", "studyClosed"].includes(reason);
    const message = known ? t(`learning.video.reason.${reason}` as TMessageKey) : t(errorMessageKey(err.code));
    return json({ error: err.code, reason: known ? reason : undefined, message }, { status: err.status });
  }
}

export function loader() {
  return json({ error: "notFound", message: t("error.notFound") }, { status: 404 });
}
