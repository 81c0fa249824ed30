import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { adminScope } from "@yanxiu/domain/permissions";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";

import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

const actions = ["signIn", "signOut", "signIn.failed", "orgUnit"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const url = new URL(request.url);
  const action = url.searchParams.get("action") ?? undefined;
  const before = url.searchParams.get("before");
  const [at, id] = before ? before.split("_") : [];
  const beforeKey = at && id && /^[0-9a-f-]{36}$/.test(id) && !Number.isNaN(Number(at)) ? { occurredAt: new Date(Number(at)), id } : null;
  // Province-wide admins see the whole tenant's log; a subtree admin sees what happened inside their
  // subtree and their own actions.
  const scope = adminScope(actor.grants);
  const wholeTenant = scope === "all" || context.user!.primaryRole === "provinceAdmin";
  const rows = await load(context.services.audit.listAuditEvents({
    tenantId: actor.tenantId,
    scope: scope !== "all" && !wholeTenant ? { paths: scope, actorId: actor.actorId } : undefined,
    action: action && (actions as readonly string[]).includes(action) ? action : undefined,
    before: beforeKey,
    limit: 51,
  }));
  const page = rows.slice(0, 50);
  const last = page[page.length - 1];
  return {
    wholeTenant,
    events: page.map((r) => ({
      id: r.event.id,
      action: r.event.action,
      actor: r.actorName ? `${r.actorName}（${r.actorLogin}）` : null,
      target: r.event.target,
      ip: r.event.ip,
      at: r.event.occurredAt.toISOString(),
      login: (r.event.data as { login?: string }).login ?? null,
    })),
    next: rows.length > 50 && last ? `${last.event.occurredAt.getTime()}_${last.event.id}` : null,
  };
}

function actionLabel(action: string): string {
  const key = `audit.action.${action}` as TMessageKey;
  const text = t(key);
  return text === key ? action : text;
}

export default function AuditLog() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const next = new URLSearchParams(params);
  if (d.next) next.set("before", d.next);
  return (
    <div className="yx-stack">
      <h1>{t("admin.audit.title")}</h1>
      <p className="yx-muted">{d.wholeTenant ? t("admin.audit.scopeAll") : t("admin.audit.scopeOwn")}</p>
      <Form method="get" className="yx-inline-form">
        <label>
          {t("admin.audit.action")}
          <select name="action" defaultValue={params.get("action") ?? ""}>
            <option value="">{t("common.all")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>{actionLabel(a)}</option>
            ))}
          </select>
        </label>
        <button type="submit">{t("common.filter")}</button>
      </Form>
      <Card title={t("admin.audit.listTitle")}>
        {d.events.length === 0 ? <EmptyState>{t("admin.audit.empty")}</EmptyState> : null}
        {d.events.length > 0 ? (
          <ScrollX label={t("common.scrollTable")}>
          <table className="yx-table" data-testid="audit-list">
            <thead>
              <tr>
                <th scope="col">{t("admin.audit.when")}</th>
                <th scope="col">{t("admin.audit.who")}</th>
                <th scope="col">{t("admin.audit.action")}</th>
                <th scope="col">{t("admin.audit.target")}</th>
                <th scope="col">{t("admin.audit.ip")}</th>
              </tr>
            </thead>
            <tbody>
              {d.events.map((e) => (
                <tr key={e.id}>
                  <td><time dateTime={e.at}>{new Date(e.at).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}</time></td>
                  <td>{e.actor ?? (e.login ? t("admin.audit.triedLogin", { login: e.login }) : "—")}</td>
                  <td>{actionLabel(e.action)}</td>
                  <td>{e.target ?? ""}</td>
                  <td>{e.ip ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
</ScrollX>
        ) : null}
        <nav className="yx-pager" aria-label={t("common.pagination")}>
          {d.next ? <Link to={`?${next}`} rel="next">{t("common.nextPage")}</Link> : null}
        </nav>
      </Card>
    </div>
  );
}
