import { Form, Link, useLoaderData } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { auditActionGroups, auditPageSizes } from "@yanxiu/domain/audit";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { PageNumbers } from "../components/list-page.tsx";
import { chinaDateTime } from "../lib/china-time.ts";
import { readForm } from "../lib/admin.server.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** 审计日志: one service call with the filters as they stand in the URL. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const log = await load(context.services.audit.listAuditLog({ actor, query }));
  return { ...log, events: log.events.map((e) => ({ ...e, at: e.at.toISOString() })) };
}

/** Exports the whole log as it is filtered now (every page), as a job with its own progress page. */
export async function action({ context, request }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const form = await readForm(request);
  const query = Object.fromEntries((["action", "person", "from", "to"] as const).filter((k) => typeof form[k] === "string" && form[k]).map((k) => [k, form[k]]));
  const { id } = await load(context.services.exports.startPeopleExport({ actor, query, list: "auditLog" }));
  return redirect(`/admin/exports/${id}`);
}

function actionLabel(action: string): string {
  const key = `audit.action.${action}` as TMessageKey;
  const text = t(key);
  return text === key ? action : text;
}

export default function AuditLog() {
  const d = useLoaderData<typeof loader>();
  const q = d.query;
  const hrefFor = (page: number, size: number) => {
    const p = new URLSearchParams();
    for (const k of ["action", "person", "from", "to"] as const) if (q[k]) p.set(k, q[k]!);
    if (page > 1) p.set("page", String(page));
    if (size !== 50) p.set("size", String(size));
    return `?${p}`;
  };
  const filtered = Boolean(q.action || q.person || q.from || q.to);
  return (
    <div className="yx-stack">
      <div className="yx-toolbar">
        <h1>{t("admin.audit.title")}</h1>
        <Form method="post">
          {(["action", "person", "from", "to"] as const).map((k) => (q[k] ? <input key={k} type="hidden" name={k} value={q[k]!} /> : null))}
          <button type="submit" data-testid="export-audit-log">{t("export.button")}</button>
        </Form>
      </div>
      <p className="yx-muted">{d.wholeTenant ? t("admin.audit.scopeAll") : t("admin.audit.scopeOwn")}</p>
      <Form method="get" className="yx-filters" aria-label={t("admin.audit.filters")}>
        <label>
          {t("admin.audit.person")}
          <input name="person" type="search" defaultValue={q.person ?? ""} placeholder={t("admin.audit.personPlaceholder")} maxLength={64} />
        </label>
        <label>
          {t("admin.audit.action")}
          <select name="action" defaultValue={q.action ?? ""}>
            <option value="">{t("common.all")}</option>
            {auditActionGroups.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("admin.audit.from")}
          <input name="from" type="date" defaultValue={q.from ?? ""} />
        </label>
        <label>
          {t("admin.audit.to")}
          <input name="to" type="date" defaultValue={q.to ?? ""} />
        </label>
        <button type="submit">{t("common.filter")}</button>
        {filtered ? <Link to="/admin/audit">{t("common.clearFilters")}</Link> : null}
      </Form>
      <Card title={t("admin.audit.listTitle")}>
        {d.events.length === 0 ? <EmptyState>{filtered ? t("admin.audit.emptyFiltered") : t("admin.audit.empty")}</EmptyState> : null}
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
                    <td>
                      <time dateTime={e.at}>{chinaDateTime(e.at)}</time>
                    </td>
                    <td>{e.actor ? `${e.actor.name}（${e.actor.login}）` : e.triedLogin ? t("admin.audit.triedLogin", { login: e.triedLogin }) : "—"}</td>
                    <td>{actionLabel(e.action)}</td>
                    <td>{e.target ?? ""}</td>
                    <td>{e.ip ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        ) : null}
        <PageNumbers total={d.total} page={q.page} size={q.size} sizes={auditPageSizes} hrefFor={hrefFor} />
      </Card>
    </div>
  );
}
