import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { flagLabel, statusLabel, unitLabel, type TSchemeStatus } from "@yanxiu/domain/credit-scheme";
import { isAppError } from "@yanxiu/domain/errors";
import { listPageSizes } from "@yanxiu/domain/list-page";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { PageNumbers } from "../components/list-page.tsx";
import { readForm } from "../lib/admin.server.ts";
import { runIntent } from "../lib/action-result.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** 预览与发布: who changes status if the draft is published (the preview service), a page of them, and 发布. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const url = new URL(request.url);
  const query = Object.fromEntries(["page", "size"].flatMap((k) => (url.searchParams.get(k) ? [[k, url.searchParams.get(k)]] : [])));
  try {
    return { preview: await context.services.credits.previewSchemeDraft({ actor, query }) };
  } catch (e) {
    if (isAppError(e) && e.code === "notFound") return { preview: null };
    return load(Promise.reject(e));
  }
}

export async function action({ context, request }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const { intent, ...input } = await readForm(request);
  if (intent !== "publish") fail("badRequest");
  let published: { version: number; effectiveFrom: string; recomputed: number | null } | null = null;
  const r = await runIntent("publish", async () => {
    published = await context.services.credits.publishSchemeDraft({ actor, input });
  });
  if (published) {
    const p = published as { version: number; effectiveFrom: string; recomputed: number | null };
    const q = new URLSearchParams({ published: String(p.version), from: p.effectiveFrom, ...(p.recomputed != null ? { recomputed: String(p.recomputed) } : {}) });
    return redirect(`/admin/credits/scheme?${q}`);
  }
  return r;
}

const side = (s: { status: TSchemeStatus; counted: number }, unit: string) => t("scheme.preview.value", { status: statusLabel[s.status], amount: s.counted, unit });

export default function SchemePreview() {
  const { preview: p } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (!p) {
    return (
      <Card title={t("scheme.preview.heading")}>
        <EmptyState>{t("scheme.noDraft")}</EmptyState>
        <p>
          <Link to="/admin/credits/scheme">{t("scheme.tabs.versions")}</Link>
        </p>
      </Card>
    );
  }
  const unitBefore = unitLabel[p.current?.unit ?? p.draft.unit];
  const unitAfter = unitLabel[p.draft.unit];
  const transitions = Object.entries(p.transitions);
  const hrefFor = (page: number, size: number) => `/admin/credits/scheme/preview?page=${page}&size=${size}`;
  return (
    <>
      <Card title={t("scheme.preview.heading")} testId="scheme-preview">
        <p>{p.current ? t("scheme.preview.asOf", { day: p.asOf, from: p.current.version, to: p.draft.version, name: p.draft.name }) : t("scheme.preview.first")}</p>
        <p data-testid="preview-counts">{t("scheme.preview.total", { total: p.total, changed: p.changed, counted: p.countChanged })}</p>
        <h3>{t("scheme.preview.transitions")}</h3>
        {transitions.length === 0 ? (
          <p className="yx-muted">{t("scheme.preview.noTransitions")}</p>
        ) : (
          <ul className="yx-list" data-testid="preview-transitions">
            {transitions.map(([k, n]) => {
              const [from, to] = k.split("→") as [TSchemeStatus, TSchemeStatus];
              return <li key={k}>{t("scheme.preview.transition", { from: statusLabel[from], to: statusLabel[to], count: n })}</li>;
            })}
            {Object.entries(p.flags).map(([f, c]) => (
              <li key={f}>{t("scheme.preview.flag", { flag: flagLabel[f as keyof typeof flagLabel], gained: c?.gained ?? 0, lost: c?.lost ?? 0 })}</li>
            ))}
          </ul>
        )}
      </Card>
      {p.changed > 0 ? (
        <Card title={t("scheme.preview.list")}>
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="preview-teachers">
              <thead>
                <tr>
                  <th scope="col">{t("scheme.preview.teacher")}</th>
                  <th scope="col">{t("scheme.preview.before")}</th>
                  <th scope="col">{t("scheme.preview.after")}</th>
                  <th scope="col">{t("scheme.preview.flagsChanged")}</th>
                </tr>
              </thead>
              <tbody>
                {p.teachers.map((c) => (
                  <tr key={c.teacherId}>
                    <th scope="row">
                      <Link to={`/admin/credits/${c.teacherId}`}>{c.name ?? c.teacherId}</Link> <span className="yx-muted">{c.teacherNo}</span>
                    </th>
                    <td>{side(c.before, unitBefore)}</td>
                    <td>{side(c.after, unitAfter)}</td>
                    <td>{c.flagsChanged.map((f) => flagLabel[f]).join("、")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
          <PageNumbers total={p.changed} page={p.query.page} size={p.query.size} sizes={listPageSizes} hrefFor={hrefFor} />
        </Card>
      ) : null}
      <Card title={t("scheme.publish.heading")} testId="scheme-publish">
        <p className="yx-muted">{t("scheme.publish.intro")}</p>
        {r && !r.ok ? (
          <p className="yx-alert" role="alert">
            {r.message}
          </p>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="publish" />
          <label className="yx-check">
            <input type="checkbox" name="confirm" required /> {t("scheme.publish.confirm", { version: p.draft.version, from: p.draft.effectiveFrom })}
          </label>
          <p>
            <button type="submit" className="yx-primary" disabled={busy}>
              {t("scheme.publish.submit")}
            </button>
          </p>
        </Form>
      </Card>
    </>
  );
}
