import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { allowedChildKinds, type TOrgKind } from "@yanxiu/domain/org";
import { t, errorMessageKey, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { readForm } from "../lib/admin.server.ts";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

const stageIds = ["preschool", "primary", "juniorSecondary", "seniorSecondary", "vocational", "special"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim() ?? "";
  const node = url.searchParams.get("node");
  if (q) {
    const found = await load(context.services.org.searchOrgUnits({ actor, q }));
    return { mode: "search" as const, q, results: found.map((u) => ({ id: u.id, name: u.name, code: u.code, kind: u.kind, status: u.status })), tree: null };
  }
  const tree = await load(context.services.org.listOrgChildren({ actor, parentId: node }));
  return {
    mode: "tree" as const,
    q,
    results: [],
    tree: {
      parent: tree.parent ? { id: tree.parent.id, name: tree.parent.name, kind: tree.parent.kind, status: tree.parent.status } : null,
      breadcrumb: tree.breadcrumb,
      nodes: tree.nodes.map((n) => ({ id: n.id, name: n.name, code: n.code, kind: n.kind, status: n.status, teacherCount: n.teacherCount, childCount: n.childCount, area: (n.attributes.area as string | undefined) ?? null })),
    },
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const { intent, ...input } = await readForm(request);
  const org = context.services.org;
  switch (intent) {
    case "create": {
      const { "stages[]": stages, ...rest } = input;
      return runIntent("create", () => org.createOrgUnit({ actor, input: { ...rest, stages: stages ?? [] } }));
    }
    case "rename":
      return runIntent("rename", () => org.renameOrgUnit({ actor, input }));
    case "move":
      return runIntent("move", async () => {
        // The form names the new parent by its code, as admins know units by their codes.
        const code = String(input.newParentCode ?? "").trim();
        const match = code ? (await org.searchOrgUnits({ actor, q: code })).find((u) => u.code === code) : undefined;
        await org.moveOrgUnit({ actor, input: { id: input.id, newParentId: match?.id ?? "00000000-0000-0000-0000-000000000000" } });
      });
    case "deactivate":
      return runIntent("deactivate", () => org.deactivateOrgUnit({ actor, input: { id: input.id } }));
    default:
      fail("badRequest");
  }
}

function FieldError({ result, intent, field }: { result: TActionResult | undefined; intent: string; field: string }) {
  if (!result || result.ok || result.intent !== intent) return null;
  const reason = result.fieldErrors[field]?.[0];
  if (!reason) return null;
  return <span className="yx-field-error">{t(`field.${reason}` as TMessageKey)}</span>;
}

export default function OrgTree() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const [params] = useSearchParams();
  const busy = nav.state === "submitting";
  const parent = d.tree?.parent;
  const childKinds: readonly TOrgKind[] = parent ? allowedChildKinds[parent.kind as TOrgKind] : [];
  const formError = result && !result.ok && Object.keys(result.fieldErrors).length === 0 ? t(errorMessageKey(result.code)) : null;

  return (
    <div className="yx-stack">
      <div className="yx-toolbar">
        <h1>{t("admin.org.title")}</h1>
        <Form method="get" role="search" className="yx-inline-form">
          <label htmlFor="org-q" className="yx-sr-only">{t("admin.org.search")}</label>
          <input id="org-q" name="q" defaultValue={params.get("q") ?? ""} placeholder={t("admin.org.search")} />
          <button type="submit">{t("common.search")}</button>
        </Form>
      </div>
      {formError ? <p className="yx-alert" role="alert">{formError}</p> : null}
      {result?.ok ? <p className="yx-success" role="status">{t("common.saved")}</p> : null}

      {d.mode === "search" ? (
        <Card title={t("admin.org.searchResults", { q: d.q })}>
          {d.results.length === 0 ? <EmptyState>{t("admin.org.noResults")}</EmptyState> : null}
          <ul className="yx-list">
            {d.results.map((r) => (
              <li key={r.id}>
                <Link to={`/admin/org?node=${r.id}`}>{r.name}</Link> <span className="yx-muted">{t(`orgKind.${r.kind}` as TMessageKey)} · {r.code}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      {d.tree ? (
        <>
          <nav aria-label={t("admin.org.breadcrumb")} className="yx-breadcrumb">
            <Link to="/admin/org">{t("admin.org.top")}</Link>
            {d.tree.breadcrumb.map((b) => (
              <span key={b.id}>
                {" / "}
                <Link to={`/admin/org?node=${b.id}`}>{b.name}</Link>
              </span>
            ))}
          </nav>
          <Card title={parent ? parent.name : t("admin.org.top")}>
            {d.tree.nodes.length === 0 ? <EmptyState>{t("admin.org.empty")}</EmptyState> : null}
            {d.tree.nodes.length > 0 ? (
              <ScrollX label={t("common.scrollTable")}>
              <table className="yx-table" data-testid="org-children">
                <thead>
                  <tr>
                    <th scope="col">{t("admin.org.name")}</th>
                    <th scope="col">{t("admin.org.kind")}</th>
                    <th scope="col">{t("admin.org.code")}</th>
                    <th scope="col">{t("admin.org.teachers")}</th>
                    <th scope="col">{t("admin.org.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.tree.nodes.map((n) => (
                    <tr key={n.id} data-org-code={n.code} className={n.status === "inactive" ? "yx-inactive" : undefined}>
                      <td>
                        <Link to={`/admin/org?node=${n.id}`}>{n.name}</Link>
                        {n.status === "inactive" ? <span className="yx-badge">{t("admin.org.inactive")}</span> : null}
                        {n.area === "rural" ? <span className="yx-badge">{t("area.rural")}</span> : null}
                      </td>
                      <td>{t(`orgKind.${n.kind}` as TMessageKey)}</td>
                      <td>{n.code}</td>
                      <td>
                        <Link to={`/admin/people?orgUnitId=${n.id}`}>{n.teacherCount}</Link>
                      </td>
                      <td>
                        <details>
                          <summary>{t("admin.org.manage")}</summary>
                          <Form method="post" className="yx-inline-form">
                            <input type="hidden" name="intent" value="rename" />
                            <input type="hidden" name="id" value={n.id} />
                            <label>
                              {t("admin.org.newName")} <input name="name" defaultValue={n.name} required />
                            </label>
                            <button type="submit" disabled={busy}>{t("admin.org.rename")}</button>
                          </Form>
                          <Form method="post" className="yx-inline-form">
                            <input type="hidden" name="intent" value="move" />
                            <input type="hidden" name="id" value={n.id} />
                            <label>
                              {t("admin.org.newParentCode")} <input name="newParentCode" required />
                            </label>
                            <button type="submit" disabled={busy}>{t("admin.org.move")}</button>
                          </Form>
                          {n.status === "active" ? (
                            <Form
                              method="post"
                              onSubmit={(e) => {
                                if (!window.confirm(t("admin.org.confirmDeactivate", { name: n.name }))) e.preventDefault();
                              }}
                            >
                              <input type="hidden" name="intent" value="deactivate" />
                              <input type="hidden" name="id" value={n.id} />
                              <button type="submit" className="yx-danger" disabled={busy}>{t("admin.org.deactivate")}</button>
                            </Form>
                          ) : null}
                        </details>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
</ScrollX>
            ) : null}
          </Card>

          {parent && parent.status === "active" && childKinds.length > 0 ? (
            <Card title={t("admin.org.addChild", { name: parent.name })}>
              <Form method="post" className="yx-form-grid" key={result?.ok ? Math.random() : "create"}>
                <input type="hidden" name="intent" value="create" />
                <input type="hidden" name="parentId" value={parent.id} />
                <label>
                  {t("admin.org.kind")}
                  <select name="kind" defaultValue={childKinds[0]}>
                    {childKinds.map((k) => (
                      <option key={k} value={k}>{t(`orgKind.${k}` as TMessageKey)}</option>
                    ))}
                  </select>
                  <FieldError result={result} intent="create" field="kind" />
                </label>
                <label>
                  {t("admin.org.name")}
                  <input name="name" required />
                  <FieldError result={result} intent="create" field="name" />
                </label>
                <label>
                  {t("admin.org.code")}
                  <input name="code" required />
                  <FieldError result={result} intent="create" field="code" />
                </label>
                <fieldset>
                  <legend>{t("admin.org.schoolOnly")}</legend>
                  {stageIds.map((s) => (
                    <label key={s} className="yx-check">
                      <input type="checkbox" name="stages[]" value={s} /> {t(`stage.${s}` as TMessageKey)}
                    </label>
                  ))}
                  <label className="yx-check">
                    <input type="radio" name="area" value="urban" defaultChecked /> {t("area.urban")}
                  </label>
                  <label className="yx-check">
                    <input type="radio" name="area" value="rural" /> {t("area.rural")}
                  </label>
                </fieldset>
                <button type="submit" className="yx-primary" disabled={busy}>{t("admin.org.create")}</button>
              </Form>
            </Card>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
