import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Tag } from "antd";
import { listPageSizes } from "@yanxiu/domain/list-page";
import { assessmentKinds } from "@yanxiu/domain/projects-running";
import { toAppError } from "@yanxiu/domain/errors";
import { hasNulByte } from "@yanxiu/domain/limits";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { RefusedRows } from "../components/rows-table.tsx";
import { PageNumbers } from "../components/list-page.tsx";
import { ActionBanner, confirmOn } from "../components/projects/action-banner.tsx";
import { RouteErrorBoundary } from "../components/route-error.tsx";

/**
 * 考核成绩 (decision 031): the project's assessment items and pass mark, and a paged grid of trainees with a score
 * per item (one form per row: Tab between the cells, Enter saves the row), totals, search, .xlsx export. Read-only
 * once 学时认定 is confirmed.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const query = { ...Object.fromEntries(new URL(request.url).searchParams), projectId: params.projectId };
  return load(context.services.projects.assessmentPage({ actor, query }));
}

type TImportAnswer =
  | { ok: true; intent: "import"; trainees: number; changed: number }
  | { ok: false; intent: "import"; message: string; rows: { rowNumber: number; teacherNo: string; reasons: string[] }[] };

/** The .xlsx import of scores (multipart): all or nothing, the refused rows with their reasons. */
async function importAction(context: ActionFunctionArgs["context"], actor: Parameters<typeof context.services.projects.importScores>[0]["actor"], request: Request, projectId: string | undefined) {
  const form = await request.formData().catch(() => null);
  if (!form || [...form.entries()].some(([k, v]) => hasNulByte(k) || (typeof v === "string" && hasNulByte(v)))) fail("badRequest");
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return data<TImportAnswer>({ ok: false, intent: "import", message: t("projects.assessment.importFile"), rows: [] }, { status: 400 });
  try {
    const r = await context.services.projects.importScores({ actor, input: { projectId, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } });
    if (r.ok) return data<TImportAnswer>({ ok: true, intent: "import", trainees: r.trainees, changed: r.changed });
    return data<TImportAnswer>({ ok: false, intent: "import", message: r.message ?? t("projects.assessment.importFailed"), rows: r.rows }, { status: 400 });
  } catch (e) {
    const err = toAppError(e);
    if (err.fieldErrors?.file?.[0]) return data<TImportAnswer>({ ok: false, intent: "import", message: err.fieldErrors.file[0], rows: [] }, { status: err.status });
    if (err.code === "internal" || err.code === "unavailable") throw e;
    return data<TImportAnswer>({ ok: false, intent: "import", message: t(errorMessageKey(err.code)), rows: [] }, { status: err.status });
  }
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return importAction(context, actor, request, params.projectId);
  const f = await readForm(request);
  const projectId = params.projectId;
  const s = context.services.projects;
  switch (f.intent) {
    case "scores":
      return runIntent("scores", () => s.setScores({ actor, input: { projectId, nominationId: f.nominationId, item: f["item[]"], score: f["score[]"] } }));
    case "item":
      return runIntent("item", () =>
        s.saveAssessmentItem({ actor, input: { projectId, itemId: f.itemId, name: f.name, kind: f.kind, maxScore: f.maxScore, required: f.required, dueOn: f.dueOn } }),
      );
    case "deleteItem":
      return runIntent("deleteItem", () => s.deleteAssessmentItem({ actor, input: { projectId, itemId: f.itemId } }));
    case "passMark":
      return runIntent("passMark", () => s.setPassMark({ actor, input: { projectId, passPercent: f.passPercent } }));
    default:
      fail("badRequest");
  }
}

const done: Record<string, TMessageKey> = {
  scores: "projects.assessment.saved",
  item: "projects.assessment.itemSaved",
  deleteItem: "projects.assessment.itemDeleted",
  passMark: "projects.assessment.passSaved",
};
const kindLabel = (k: string) => t(`projects.assessment.kind.${k}` as TMessageKey);

type TItem = { id: string; name: string; kind: string; maxScore: number; required: boolean; dueOn: string | null };

export default function AssessmentPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as TActionResult | TImportAnswer | undefined;
  const imported = answer?.intent === "import" ? (answer as TImportAnswer) : undefined;
  const r = imported ? undefined : (answer as TActionResult | undefined);
  const busy = useNavigation().state === "submitting";
  const q = d.query;
  const hrefFor = (page: number, size: number) => {
    const s = new URLSearchParams();
    if (q.q) s.set("q", q.q);
    if (page > 1) s.set("page", String(page));
    if (size !== 50) s.set("size", String(size));
    return `?${s}`;
  };
  return (
    <div className="yx-stack">
      <ActionBanner r={r} done={(intent) => done[intent] ?? "projects.assessment.saved"} />
      <Card title={t("projects.assessment.itemsTitle")}>
        {d.items.length === 0 ? (
          <p className="yx-muted">{t("projects.assessment.noItems")}</p>
        ) : (
          <p data-testid="assessment-rule">{t("projects.assessment.rule", { max: d.maxTotal, percent: d.project.passPercent, pass: d.passScore })}</p>
        )}
        {d.locked ? <p className="yx-warning">{t("projects.assessment.locked")}</p> : null}
        {d.items.length > 0 ? (
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="assessment-items">
              <thead>
                <tr>
                  <th scope="col">{t("projects.assessment.col.name")}</th>
                  <th scope="col">{t("projects.assessment.col.kind")}</th>
                  <th scope="col">{t("projects.assessment.col.max")}</th>
                  <th scope="col">{t("projects.assessment.col.required")}</th>
                  <th scope="col">{t("projects.assessment.col.due")}</th>
                  {d.canEdit ? <th scope="col">{t("projects.assessment.col.action")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {d.items.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">{i.name}</th>
                    <td>{kindLabel(i.kind)}</td>
                    <td>{i.maxScore}</td>
                    <td>{i.required ? <Tag color="processing">{t("projects.assessment.required")}</Tag> : t("projects.assessment.optional")}</td>
                    <td>{i.dueOn ?? "—"}</td>
                    {d.canEdit ? (
                      <td>
                        <details>
                          <summary>{t("projects.assessment.edit")}</summary>
                          <ItemForm item={i} busy={busy} />
                        </details>
                        <Form method="post" onSubmit={confirmOn(t("projects.assessment.deleteAsk", { name: i.name }))}>
                          <input type="hidden" name="itemId" value={i.id} />
                          <button type="submit" name="intent" value="deleteItem" className="yx-danger" disabled={busy}>
                            {t("projects.assessment.delete")}
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        ) : null}
        {d.canEdit ? (
          <div className="yx-stack">
            <details open={d.items.length === 0}>
              <summary>{t("projects.assessment.addTitle")}</summary>
              <ItemForm item={null} busy={busy} />
            </details>
            <Form method="post" className="yx-inline-form" aria-label={t("projects.assessment.passTitle")}>
              <label>
                {t("projects.assessment.passLabel")}
                <input name="passPercent" inputMode="numeric" size={4} required defaultValue={d.project.passPercent} />
              </label>
              <button type="submit" name="intent" value="passMark" disabled={busy}>
                {t("projects.assessment.savePass")}
              </button>
            </Form>
          </div>
        ) : null}
      </Card>

      <div className="yx-toolbar">
        <Form method="get" className="yx-filters" aria-label={t("projects.assessment.search")}>
          <label>
            {t("projects.assessment.search")}
            <input name="q" type="search" defaultValue={q.q ?? ""} maxLength={50} />
          </label>
          <button type="submit">{t("common.filter")}</button>
          {q.q ? <Link to=".">{t("common.clearFilters")}</Link> : null}
        </Form>
        <a href={`/admin/projects/${d.project.id}/assessment.xlsx`} download>
          {t("projects.assessment.export")}
        </a>
      </div>

      <Card title={t("projects.assessment.gridTitle", { total: d.total, scored: d.scoredTrainees })}>
        {d.canEdit && d.items.length > 0 ? <p className="yx-muted">{t("projects.assessment.help")}</p> : null}
        {d.rows.length === 0 ? (
          <EmptyState>{q.q ? t("projects.assessment.emptyFiltered") : t("projects.assessment.empty")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="assessment-grid">
              <thead>
                <tr>
                  <th scope="col">{t("projects.credits.col.trainee")}</th>
                  {d.items.map((i) => (
                    <th scope="col" key={i.id}>
                      {i.name}
                      <div className="yx-muted">
                        {i.maxScore}
                        {i.required ? ` · ${t("projects.assessment.required")}` : ""}
                      </div>
                    </th>
                  ))}
                  <th scope="col">{t("projects.assessment.col.total")}</th>
                  {d.canEdit && d.items.length > 0 ? <th scope="col">{t("projects.assessment.col.action")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {d.rows.map((row) => {
                  const formId = `score-${row.nominationId}`;
                  return (
                    <tr key={row.nominationId} data-testid="assessment-row">
                      <th scope="row">
                        {row.name}
                        <div className="yx-muted">
                          {row.teacherNo ?? ""} · {row.school ?? ""}
                        </div>
                      </th>
                      {d.items.map((i) => {
                        const v = (row.scores as Record<string, number>)[i.id];
                        return (
                          <td key={i.id}>
                            {d.canEdit ? (
                              <>
                                <input type="hidden" name="item[]" value={i.id} form={formId} />
                                <input
                                  name="score[]"
                                  form={formId}
                                  inputMode="decimal"
                                  size={5}
                                  maxLength={6}
                                  defaultValue={v === undefined ? "" : String(v)}
                                  aria-label={t("projects.assessment.scoreOf", { name: row.name, item: i.name })}
                                  data-testid="score-input"
                                />
                              </>
                            ) : v === undefined ? (
                              "—"
                            ) : (
                              v
                            )}
                          </td>
                        );
                      })}
                      <td data-testid="assessment-total">
                        {row.total}{" "}
                        {d.items.length > 0 ? (
                          row.missing.length ? (
                            <Tag>{t("projects.assessment.missing")}</Tag>
                          ) : row.passed ? (
                            <Tag color="success">{t("projects.assessment.passed")}</Tag>
                          ) : (
                            <Tag>{t("projects.assessment.notPassed")}</Tag>
                          )
                        ) : null}
                      </td>
                      {d.canEdit && d.items.length > 0 ? (
                        <td>
                          <Form method="post" id={formId}>
                            <input type="hidden" name="nominationId" value={row.nominationId} />
                            <button type="submit" name="intent" value="scores" disabled={busy} aria-label={t("projects.assessment.saveRowOf", { name: row.name })}>
                              {t("projects.assessment.saveRow")}
                            </button>
                          </Form>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollX>
        )}
        <PageNumbers total={d.total} page={q.page} size={q.size} sizes={listPageSizes} hrefFor={hrefFor} />
      </Card>

      {d.canEdit && d.items.length > 0 ? (
        <Card title={t("projects.assessment.import")}>
          <p className="yx-muted">{t("projects.assessment.importIntro")}</p>
          {imported?.ok ? (
            <p className="yx-success" role="status">
              {t("projects.assessment.imported", { trainees: imported.trainees, changed: imported.changed })}
            </p>
          ) : imported ? (
            <RefusedRows message={imported.message} keyLabel={t("projects.assessment.importTeacherNo")} rows={imported.rows.map((x) => ({ rowNumber: x.rowNumber, key: x.teacherNo, reasons: x.reasons }))} />
          ) : null}
          <Form method="post" encType="multipart/form-data" className="yx-inline-form" aria-label={t("projects.assessment.import")}>
            <label>
              {t("projects.assessment.importFile")}
              <input type="file" name="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
            </label>
            <button type="submit" disabled={busy}>
              {t("projects.assessment.importSubmit")}
            </button>
          </Form>
        </Card>
      ) : null}
    </div>
  );
}

function ItemForm({ item, busy }: { item: TItem | null; busy: boolean }) {
  return (
    <Form method="post" className="yx-form-grid">
      {item ? <input type="hidden" name="itemId" value={item.id} /> : null}
      <label>
        {t("projects.assessment.name")}
        <input name="name" required maxLength={40} defaultValue={item?.name ?? ""} />
      </label>
      <label>
        {t("projects.assessment.kind")}
        <select name="kind" defaultValue={item?.kind ?? "assignment"}>
          {assessmentKinds.map((k) => (
            <option key={k} value={k}>
              {kindLabel(k)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("projects.assessment.max")}
        <input name="maxScore" inputMode="numeric" size={5} defaultValue={item?.maxScore ?? 100} />
      </label>
      <label>
        {t("projects.assessment.due")}
        <input name="dueOn" type="date" defaultValue={item?.dueOn ?? ""} />
      </label>
      <label className="yx-check">
        <input type="checkbox" name="required" defaultChecked={item?.required ?? false} /> {t("projects.assessment.requiredLabel")}
      </label>
      <button type="submit" name="intent" value="item" disabled={busy}>
        {item ? t("projects.assessment.save") : t("projects.assessment.add")}
      </button>
    </Form>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
