import { redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import { isAppError } from "@yanxiu/domain/errors";
import { studioTabs, ZStudioRef } from "@yanxiu/domain/studios";
import type { TActor, WebServices } from "../load-context.ts";
import { runIntent } from "./action-result.server.ts";
import { readForm } from "./admin.server.ts";
import { fail, load } from "./errors.server.ts";
import { requireUser } from "./guard.server.ts";

/**
 * What the studio's tab routes (routes/studios.$studioId.*.tsx) share: each loads only its own data and
 * answers only its own forms; the layout route loads the studio's facts and the viewer's place in it.
 */

/** A tab loader's actor and studio id. A malformed id is a bad request, as the one-page studio answered. */
export function studioRequest(context: AppLoadContext, request: Request, params: LoaderFunctionArgs["params"]) {
  const { actor } = requireUser(context, request);
  const ref = ZStudioRef.safeParse({ studioId: params.studioId });
  if (!ref.success) fail("badRequest");
  return { actor, studioId: ref.data.studioId, services: context.services };
}

/**
 * A members-only tab's data, or null for anyone else in the province: the services refuse them
 * (forbidden) and the tab says it is for members. Another province's studio stays a 404.
 */
export function membersOnly<T>(p: Promise<T>): Promise<T | null> {
  return load(
    p.catch((e: unknown) => {
      if (isAppError(e) && e.code === "forbidden") return null;
      throw e;
    }),
  );
}

/** The tab's query parameters among `keys`, trimmed; an empty field means "any" and is left out. */
export function queryOf<K extends string>(request: Request, keys: readonly K[]): Partial<Record<K, string>> {
  const sp = new URL(request.url).searchParams;
  const query: Partial<Record<K, string>> = {};
  for (const k of keys) {
    const v = sp.get(k)?.trim();
    if (v) query[k] = v;
  }
  return query;
}

/**
 * `/studios/<id>?tab=<tab>` was the studio page before each tab had its own route: it goes on to
 * `/studios/<id>/<tab>` (the overview is `/studios/<id>`) with its other parameters (filters, paging).
 * An unknown tab is a bad request, as it was.
 */
export function redirectFromTabQuery(request: Request, studioId: string): void {
  const url = new URL(request.url);
  const tab = url.searchParams.get("tab");
  if (tab === null) return;
  const to = tab.trim() || "overview";
  if (!(studioTabs as readonly string[]).includes(to)) fail("badRequest");
  url.searchParams.delete("tab");
  throw redirect(`/studios/${encodeURIComponent(studioId)}${to === "overview" ? "" : `/${to}`}${url.search}`);
}

type TIntentArgs = { actor: TActor; intent: string; studioId: string | undefined; fields: Record<string, unknown>; input: Record<string, unknown>; services: WebServices };

/**
 * A tab's action: the form's intent picks its handler (a service call; `input` is the form's fields with
 * the URL's studio), and runIntent answers the form. An intent of another tab is a bad request.
 */
export function studioAction(handlers: Record<string, (a: TIntentArgs) => Promise<unknown>>) {
  return async ({ context, request, params }: ActionFunctionArgs) => {
    const { actor } = requireUser(context, request);
    const { intent, ...fields } = await readForm(request);
    const name = String(intent);
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) fail("badRequest");
    const studioId = params.studioId;
    return runIntent(name, () => handler({ actor, intent: name, studioId, fields, input: { ...fields, studioId }, services: context.services }));
  };
}
