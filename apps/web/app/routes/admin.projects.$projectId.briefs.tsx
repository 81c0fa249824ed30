import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { maxBriefChars, maxBriefImages } from "@yanxiu/domain/project-evaluation";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { BriefArticle, BriefImages } from "../components/projects/briefs.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/**
 * 培训简报: the project's briefs, newest first, with this year's count against the required number; its
 * managers post one (title, paragraphs, up to nine images), edit one (`?edit=<id>`) or delete one after a
 * confirmation. Text is shown as text: nothing a writer types becomes HTML.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  return load(context.services.projects.listBriefs({ actor, query: { projectId: params.projectId } }));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const { intent, briefId, title, body, imageIds } = await readForm(request);
  const s = context.services.projects;
  const projectId = params.projectId;
  switch (intent) {
    case "post":
      return runIntent("post", () => s.postBrief({ actor, input: { projectId, title, body, imageIds } }).then(() => "post"));
    case "update":
      return runIntent("update", () => s.updateBrief({ actor, input: { projectId, briefId, title, body, imageIds } }).then(() => "update"));
    case "delete":
      return runIntent("delete", () => s.deleteBrief({ actor, input: { projectId, briefId } }).then(() => "delete"));
  }
  fail("badRequest");
}

export default function ProjectBriefs() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const editing = d.manages ? (d.briefs.find((b) => b.id === params.get("edit")) ?? null) : null;
  const thisYear = d.progress[0];
  const err = (k: string) => (r && !r.ok ? (r.fieldErrors[k]?.[0] ?? null) : null);
  const open = d.project.state !== "draft" && d.project.state !== "pendingApproval";
  // After a successful post the form is emptied (a new key remounts it).
  const formKey = `${editing?.id ?? "new"}-${r?.ok ? r.intent + d.briefs.length : ""}`;
  return (
    <>
      {r?.ok ? (
        <p className="yx-success" role="status">
          {t(`evaluation.brief.done.${r.intent}` as TMessageKey)}
        </p>
      ) : r ? (
        <p className="yx-alert" role="alert">
          {r.message ?? t(errorMessageKey(r.code))}
        </p>
      ) : null}
      <Card title={t("evaluation.brief.progressTitle")} testId="brief-progress">
        {thisYear ? (
          <p className={thisYear.met ? "yx-success" : "yx-muted"} data-testid="brief-count">
            {t(thisYear.met ? "evaluation.brief.progressMet" : "evaluation.brief.progress", { year: thisYear.year, posted: thisYear.posted, required: thisYear.required })}
          </p>
        ) : null}
        {d.progress.length > 1 ? (
          <ul className="yx-muted">
            {d.progress.slice(1).map((p) => (
              <li key={p.year}>{t("evaluation.brief.progressPast", { year: p.year, posted: p.posted })}</li>
            ))}
          </ul>
        ) : null}
        {d.manages ? (
          <p className="yx-muted">
            {t("evaluation.brief.requiredHint")} <Link to="../evaluation#settings">{t("evaluation.settings.title")}</Link>
          </p>
        ) : null}
      </Card>
      {d.manages && open ? (
        <Card title={editing ? t("evaluation.brief.editTitle") : t("evaluation.brief.newTitle")} testId="brief-form">
          <Form method="post" key={formKey} className="yx-stack" replace>
            <input type="hidden" name="intent" value={editing ? "update" : "post"} />
            {editing ? <input type="hidden" name="briefId" value={editing.id} /> : null}
            <label className="yx-field" htmlFor="brief-title">
              {t("evaluation.brief.title")}
              <input id="brief-title" name="title" maxLength={80} required defaultValue={editing?.title ?? ""} aria-invalid={err("title") ? true : undefined} />
              {err("title") ? <span className="yx-field-error">{err("title")}</span> : null}
            </label>
            <label className="yx-field" htmlFor="brief-body">
              {t("evaluation.brief.body")}
              <textarea id="brief-body" name="body" rows={10} maxLength={maxBriefChars} required defaultValue={editing?.body ?? ""} aria-describedby="brief-body-hint" aria-invalid={err("body") ? true : undefined} />
              <span id="brief-body-hint" className="yx-muted">
                {t("evaluation.brief.bodyHint")}
              </span>
              {err("body") ? <span className="yx-field-error">{err("body")}</span> : null}
            </label>
            <BriefImages initial={editing?.imageIds ?? []} max={maxBriefImages} />
            {err("imageIds") ? <span className="yx-field-error">{err("imageIds")}</span> : null}
            <div className="yx-inline-form yx-eval-actions">
              <button type="submit" className="yx-primary" disabled={busy} data-testid="brief-submit">
                {editing ? t("evaluation.brief.save") : t("evaluation.brief.post")}
              </button>
              {editing ? <Link to=".">{t("evaluation.brief.cancel")}</Link> : null}
            </div>
          </Form>
        </Card>
      ) : null}
      <Card title={t("evaluation.brief.listTitle")}>
        {d.briefs.length === 0 ? (
          <EmptyState>{t("evaluation.brief.none")}</EmptyState>
        ) : (
          <div className="yx-stack">
            {d.briefs.map((b) => (
              <BriefArticle key={b.id} b={b}>
                {d.manages ? (
                  <div className="yx-inline-form">
                    <Link to={`?edit=${b.id}`}>{t("evaluation.brief.edit")}</Link>
                    <Form
                      method="post"
                      className="yx-inline-form"
                      onSubmit={(e) => {
                        if (!window.confirm(t("evaluation.brief.confirmDelete", { title: b.title }))) e.preventDefault();
                      }}
                    >
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="briefId" value={b.id} />
                      <button type="submit" className="yx-danger" disabled={busy}>
                        {t("evaluation.brief.delete")}
                      </button>
                    </Form>
                  </div>
                ) : null}
              </BriefArticle>
            ))}
          </div>
        )}
      </Card>
    </>
  );
}
