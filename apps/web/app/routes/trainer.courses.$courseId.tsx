import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useEffect, useState } from "react";
import { courseFactsFromForm, unitInputFromForm } from "@yanxiu/domain/authoring-form";
import { unitKinds, type TUnitKind } from "@yanxiu/domain/completion";
import { creditHoursMismatch, pickVersionFacts } from "@yanxiu/domain/courses";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { AppShell, Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { FactsForm } from "../components/authoring-facts-form.tsx";
import { UnitForm } from "../components/authoring-unit-form.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { errorFor, fieldMessage } from "../lib/authoring.ts";

import { fail, load } from "../lib/errors.server.ts";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { requireUser, shellOf } from "../lib/guard.server.ts";
import { iso } from "../lib/iso.ts";


export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const r = await load(context.services.authoring.getCourseForEdit({ actor, courseId: params.courseId ?? "" }));
  const v = r.version;
  return {
    ...shellOf(context),
    course: { id: r.course.id, status: r.course.status, publishedVersionId: r.course.publishedVersionId, draftVersionId: r.course.draftVersionId },
    version: { id: v.id, number: v.number, status: v.status, reviewComment: v.reviewComment },
    facts: {
      ...pickVersionFacts(v),
      enrollOpensAt: iso(v.enrollOpensAt),
      enrollClosesAt: iso(v.enrollClosesAt),
      studyStartsAt: iso(v.studyStartsAt),
      studyEndsAt: iso(v.studyEndsAt),
    },
    sections: r.content.sections.map((s) => ({
      id: s.id,
      title: s.title,
      units: s.units.map((u) => ({
        id: u.id,
        kind: u.kind,
        title: u.title,
        creditHours: u.creditHours,
        required: u.required,
        criterion: u.criterion as Record<string, unknown>,
        config: u.config as Record<string, unknown>,
      })),
    })),
    versions: r.versions.map((x) => ({ id: x.id, number: x.number, status: x.status, reviewComment: x.reviewComment, enrolled: x.enrolled })),
    /** The units' 学时 adding up to something else than the declared 总学时 (which is what counts). */
    hoursMismatch: creditHoursMismatch(v.creditHours, r.content.sections.flatMap((s) => s.units)),
    files: r.files,
    options: r.options,
    isOwner: r.isOwner,
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const { intent, formKey, ...input } = await readForm(request);
  const courseId = params.courseId ?? "";
  const s = context.services.authoring;
  const key = typeof formKey === "string" && formKey ? formKey : String(intent);
  switch (intent) {
    case "facts":
      return runIntent(key, () => s.updateFacts({ actor, input: { courseId, facts: courseFactsFromForm(input) } }));
    case "addCategory":
      return runIntent(key, () => s.addCategory({ actor, input: { name: input.name } }));
    case "addSection":
      return runIntent(key, () => s.addSection({ actor, input: { courseId, title: input.title } }));
    case "renameSection":
      return runIntent(key, () => s.renameSection({ actor, input: { courseId, sectionId: input.sectionId, title: input.title } }));
    case "deleteSection":
      return runIntent(key, () => s.deleteSection({ actor, input: { courseId, sectionId: input.sectionId } }));
    case "moveSection":
      return runIntent(key, () => s.moveSection({ actor, input: { courseId, sectionId: input.sectionId, direction: input.direction } }));
    case "addUnit":
      return runIntent(key, () => s.addUnit({ actor, input: { courseId, sectionId: input.sectionId, unit: unitInputFromForm(input) } }));
    case "updateUnit":
      return runIntent(key, () => s.updateUnit({ actor, input: { courseId, unitId: input.unitId, unit: unitInputFromForm(input) } }));
    case "deleteUnit":
      return runIntent(key, () => s.deleteUnit({ actor, input: { courseId, unitId: input.unitId } }));
    case "moveUnit":
      return runIntent(key, () => s.moveUnit({ actor, input: { courseId, unitId: input.unitId, direction: input.direction } }));
    case "submit":
      return runIntent(key, () => s.submitForReview({ actor, input: { courseId } }));
    case "withdraw":
      return runIntent(key, () => s.withdraw({ actor, input: { courseId } }));
    case "startNewDraft":
      return runIntent(key, () => s.startNewDraft({ actor, input: { courseId } }));
    case "moveEnrollments":
      return runIntent(key, () => s.moveEnrollments({ actor, input: { courseId, toVersionId: input.toVersionId } }));
    case "archive":
      return runIntent(key, () => s.archiveCourse({ actor, input: { courseId } }));
    case "restore":
      return runIntent(key, () => s.restoreCourse({ actor, input: { courseId } }));
    default:
      fail("badRequest");
  }
}

const confirmed = (text: string) => (e: React.FormEvent) => {
  if (!window.confirm(text)) e.preventDefault();
};

/** A one-button form (move, delete, submit …). */
function ActionButton(props: { intent: string; fields?: Record<string, string>; label: string; ariaLabel?: string; confirm?: string; busy: boolean; className?: string; testId?: string }) {
  return (
    <Form method="post" className="yx-inline-form" onSubmit={props.confirm ? confirmed(props.confirm) : undefined}>
      <input type="hidden" name="intent" value={props.intent} />
      {Object.entries(props.fields ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" className={props.className} disabled={props.busy} aria-label={props.ariaLabel} data-testid={props.testId}>
        {props.label}
      </button>
    </Form>
  );
}

type TData = ReturnType<typeof useLoaderData<typeof loader>>;
type TUnit = TData["sections"][number]["units"][number];

function unitSummary(u: TUnit): string {
  const parts = [t(`authoring.kind.${u.kind}` as TMessageKey), t("authoring.editor.hours", { hours: u.creditHours }), u.required ? t("authoring.editor.requiredBadge") : t("authoring.editor.optional")];
  return parts.join(" · ");
}

function UnitRow(props: { u: TUnit; index: number; count: number; editable: boolean; d: TData; result: TActionResult | undefined; busy: boolean }) {
  const { u, d } = props;
  const formKey = `updateUnit:${u.id}`;
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (props.result?.ok && props.result.intent === formKey) setEditing(false);
  }, [props.result, formKey]);
  const open = editing || (props.result && !props.result.ok && props.result.intent === formKey);
  const fileId = typeof u.config.fileId === "string" ? u.config.fileId : null;
  return (
    <li className="yx-authoring-unit" data-testid="unit-row" data-kind={u.kind}>
      <div className="yx-authoring-row">
        <strong>{u.title}</strong>
        <span className="yx-muted">{unitSummary(u)}</span>
        {props.editable ? (
          <span className="yx-authoring-actions">
            <button type="button" onClick={() => setEditing((x) => !x)} aria-expanded={Boolean(open)} data-testid="edit-unit">
              {t("authoring.editor.editUnit")}
            </button>
            {props.index > 0 ? (
              <ActionButton intent="moveUnit" fields={{ unitId: u.id, direction: "up" }} label="↑" ariaLabel={t("authoring.editor.moveUpNamed", { title: u.title })} busy={props.busy} />
            ) : null}
            {props.index < props.count - 1 ? (
              <ActionButton intent="moveUnit" fields={{ unitId: u.id, direction: "down" }} label="↓" ariaLabel={t("authoring.editor.moveDownNamed", { title: u.title })} busy={props.busy} />
            ) : null}
            <ActionButton
              intent="deleteUnit"
              fields={{ unitId: u.id }}
              label={t("authoring.editor.deleteUnit")}
              confirm={t("authoring.editor.confirmDeleteUnit", { title: u.title })}
              className="yx-danger"
              busy={props.busy}
              testId="delete-unit"
            />
          </span>
        ) : null}
      </div>
      {props.editable && open ? (
        <UnitForm
          kind={u.kind as TUnitKind}
          formKey={formKey}
          unitId={u.id}
          defaults={{ title: u.title, creditHours: u.creditHours, required: u.required, criterion: u.criterion, config: u.config }}
          file={fileId ? (d.files[fileId] ?? null) : null}
          result={props.result}
          busy={props.busy}
          onCancel={() => setEditing(false)}
        />
      ) : null}
    </li>
  );
}

function Section(props: { s: TData["sections"][number]; index: number; count: number; editable: boolean; d: TData; result: TActionResult | undefined; busy: boolean }) {
  const { s, result } = props;
  const addKey = (kind: string) => `addUnit:${s.id}:${kind}`;
  const failedAdd = unitKinds.find((k) => result && !result.ok && result.intent === addKey(k));
  const [adding, setAdding] = useState<TUnitKind | null>(null);
  useEffect(() => {
    if (result?.ok && result.intent.startsWith(`addUnit:${s.id}:`)) setAdding(null);
  }, [result, s.id]);
  const kind = adding ?? failedAdd ?? null;
  const renameKey = `renameSection:${s.id}`;
  return (
    <section className="yx-authoring-section" aria-labelledby={`section-${s.id}`} data-testid="section">
      <div className="yx-authoring-row">
        <h3 id={`section-${s.id}`}>{s.title}</h3>
        {props.editable ? (
          <span className="yx-authoring-actions">
            {props.index > 0 ? (
              <ActionButton intent="moveSection" fields={{ sectionId: s.id, direction: "up" }} label="↑" ariaLabel={t("authoring.editor.moveUpNamed", { title: s.title })} busy={props.busy} />
            ) : null}
            {props.index < props.count - 1 ? (
              <ActionButton intent="moveSection" fields={{ sectionId: s.id, direction: "down" }} label="↓" ariaLabel={t("authoring.editor.moveDownNamed", { title: s.title })} busy={props.busy} />
            ) : null}
            <ActionButton
              intent="deleteSection"
              fields={{ sectionId: s.id }}
              label={t("authoring.editor.deleteSection")}
              confirm={t("authoring.editor.confirmDeleteSection", { title: s.title })}
              className="yx-danger"
              busy={props.busy}
            />
          </span>
        ) : null}
      </div>
      {props.editable ? (
        <Form method="post" className="yx-inline-form">
          <input type="hidden" name="intent" value="renameSection" />
          <input type="hidden" name="formKey" value={renameKey} />
          <input type="hidden" name="sectionId" value={s.id} />
          <label>
            {t("authoring.editor.sectionTitle")} <input name="title" defaultValue={s.title} required maxLength={100} key={s.title} />
          </label>
          <button type="submit" disabled={props.busy}>{t("authoring.editor.renameSection")}</button>
          {errorFor(result, renameKey, "title") ? <span className="yx-field-error">{errorFor(result, renameKey, "title")}</span> : null}
        </Form>
      ) : null}
      {s.units.length === 0 ? <EmptyState>{t("authoring.editor.noUnits")}</EmptyState> : null}
      <ol className="yx-authoring-units">
        {s.units.map((u, i) => (
          <UnitRow key={u.id} u={u} index={i} count={s.units.length} editable={props.editable} d={props.d} result={result} busy={props.busy} />
        ))}
      </ol>
      {props.editable ? (
        <div className="yx-authoring-add" role="group" aria-label={t("authoring.editor.addUnit")}>
          <span>{t("authoring.editor.addUnit")}：</span>
          {unitKinds.map((k) => (
            <button key={k} type="button" onClick={() => setAdding(k)} aria-pressed={kind === k} data-testid={`add-unit-${k}`}>
              {t("authoring.editor.addKind", { kind: t(`authoring.kind.${k}` as TMessageKey) })}
            </button>
          ))}
        </div>
      ) : null}
      {props.editable && kind ? (
        <UnitForm key={`${s.id}-${kind}-${s.units.length}`} kind={kind} formKey={addKey(kind)} sectionId={s.id} defaults={null} file={null} result={result} busy={props.busy} onCancel={() => setAdding(null)} />
      ) : null}
    </section>
  );
}

/** The warning that the units' 学时 do not add up to the course's 总学时 (shown by the submit button and above the content). */
function HoursMismatch({ d }: { d: TData }) {
  if (!d.hoursMismatch) return null;
  return (
    <p className="yx-warning" role="status" data-testid="hours-mismatch">
      {t("authoring.hours.mismatch", { units: d.hoursMismatch.unitsTotal, declared: d.hoursMismatch.declared })}
    </p>
  );
}

function StatusPanel(props: { d: TData; result: TActionResult | undefined; busy: boolean }) {
  const { d, result, busy } = props;
  const v = d.version;
  const published = d.versions.find((x) => x.status === "published");
  const behind = published ? d.versions.filter((x) => x.id !== published.id).reduce((n, x) => n + x.enrolled, 0) : 0;
  const statusError =
    result && !result.ok && ["submit", "withdraw", "startNewDraft", "moveEnrollments", "archive", "restore"].includes(result.intent)
      ? result.fieldErrors.form?.map(fieldMessage).join("；") || t(errorMessageKey(result.code))
      : null;
  const done = result?.ok ? ({ submit: "authoring.status.submitted", withdraw: "authoring.status.withdrawn" } as Record<string, TMessageKey>)[result.intent] : undefined;
  return (
    <Card title={t("authoring.status.title")} testId="status-panel">
      {statusError ? <p className="yx-alert" role="alert" data-testid="status-error">{statusError}</p> : null}
      {done ? <p className="yx-success" role="status">{t(done)}</p> : null}
      <HoursMismatch d={d} />
      <dl className="yx-facts">
        <dt>{t("authoring.status.course")}</dt>
        <dd>
          <span className={`yx-badge yx-authoring-status-${d.course.status}`} data-testid="course-status">{t(`authoring.courseStatus.${d.course.status}` as TMessageKey)}</span>
        </dd>
        <dt>{t("authoring.status.version")}</dt>
        <dd data-testid="version-status" data-status={v.status}>
          {t("authoring.list.versionN", { n: v.number })} · {t(`authoring.versionStatus.${v.status}` as TMessageKey)}
        </dd>
        {v.reviewComment ? (
          <>
            <dt>{t("authoring.status.comment")}</dt>
            <dd data-testid="review-comment">{v.reviewComment}</dd>
          </>
        ) : null}
      </dl>
      {v.status === "inReview" ? <p className="yx-muted">{t("authoring.status.inReviewHint")}</p> : null}
      <div className="yx-authoring-row">
        {d.isOwner && v.status === "draft" ? (
          <ActionButton
            intent="submit"
            label={t("authoring.status.submit")}
            className="yx-authoring-primary"
            busy={busy}
            testId="submit-review"
            confirm={d.hoursMismatch ? t("authoring.hours.confirmSubmit", { units: d.hoursMismatch.unitsTotal, declared: d.hoursMismatch.declared }) : undefined}
          />
        ) : null}
        {d.isOwner && v.status === "inReview" ? <ActionButton intent="withdraw" label={t("authoring.status.withdraw")} busy={busy} testId="withdraw" /> : null}
        {v.status === "published" && !d.course.draftVersionId ? <ActionButton intent="startNewDraft" label={t("authoring.status.newVersion")} busy={busy} testId="new-version" /> : null}
        {d.isOwner && published && behind > 0 ? (
          <ActionButton
            intent="moveEnrollments"
            fields={{ toVersionId: published.id }}
            label={t("authoring.status.moveEnrollments")}
            confirm={t("authoring.status.confirmMove", { n: published.number })}
            busy={busy}
            testId="move-enrollments"
          />
        ) : null}
        {d.course.status === "archived" ? (
          <ActionButton intent="restore" label={t("authoring.status.restore")} busy={busy} testId="restore" />
        ) : (
          <ActionButton intent="archive" label={t("authoring.status.archive")} confirm={t("authoring.status.confirmArchive")} className="yx-danger" busy={busy} testId="archive" />
        )}
      </div>
      <ScrollX label={t("common.scrollTable")}>
      <table className="yx-table" aria-label={t("authoring.status.versions")} data-testid="versions">
        <caption className="yx-authoring-caption">{t("authoring.status.versions")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("authoring.status.col.number")}</th>
            <th scope="col">{t("authoring.status.col.status")}</th>
            <th scope="col">{t("authoring.status.col.enrolled")}</th>
            <th scope="col">{t("authoring.status.col.comment")}</th>
          </tr>
        </thead>
        <tbody>
          {d.versions.map((x) => (
            <tr key={x.id}>
              <td>{t("authoring.list.versionN", { n: x.number })}</td>
              <td>{t(`authoring.versionStatus.${x.status}` as TMessageKey)}</td>
              <td>{x.enrolled}</td>
              <td>{x.reviewComment ?? t("authoring.review.none")}</td>
            </tr>
          ))}
        </tbody>
      </table>
</ScrollX>
    </Card>
  );
}

export default function CourseEditor() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const editable = d.version.status === "draft";
  const cover = d.facts.coverFileId ? (d.files[d.facts.coverFileId] ?? null) : null;
  return (
    <AppShell tenantName={d.tenantName} user={d.user}>
      <div className="yx-stack">
        <p>
          <Link to="/trainer/courses">{t("authoring.back")}</Link>
          {d.course.publishedVersionId ? (
            <>
              {" · "}
              <Link to={`/teach/${d.course.id}`} data-testid="open-class">
                {t("authoring.openClass")}
              </Link>
            </>
          ) : null}
          {" · "}
          <Link to={`/trainer/courses/${d.course.id}/preview`} data-testid="open-preview">
            {t("authoring.preview.open")}
          </Link>
        </p>
        <h1 data-testid="course-title">{d.facts.title}</h1>
        <p className="yx-muted">{t("authoring.editor.viewing", { n: d.version.number, status: t(`authoring.versionStatus.${d.version.status}` as TMessageKey) })}</p>
        <StatusPanel d={d} result={result} busy={busy} />
        <Card title={t("authoring.facts.title")}>
          {result?.ok && result.intent === "facts" ? <p className="yx-success" role="status">{t("common.saved")}</p> : null}
          {result?.ok && result.intent === "addCategory" ? <p className="yx-success" role="status">{t("authoring.category.added")}</p> : null}
          {!editable ? <p className="yx-muted">{t("authoring.facts.readOnly")}</p> : null}
          <FactsForm intent="facts" defaults={d.facts} options={d.options} result={result} coverFile={cover} readOnly={!editable} busy={busy} submitLabel={t("authoring.facts.save")} />
        </Card>
        <Card title={t("authoring.editor.content")} testId="content">
          <HoursMismatch d={d} />
          {d.sections.map((s, i) => (
            <Section key={s.id} s={s} index={i} count={d.sections.length} editable={editable} d={d} result={result} busy={busy} />
          ))}
          {editable ? (
            <Form method="post" className="yx-inline-form" data-testid="add-section">
              <input type="hidden" name="intent" value="addSection" />
              <label>
                {t("authoring.editor.sectionTitle")} <input name="title" required maxLength={100} key={d.sections.length} />
              </label>
              <button type="submit" disabled={busy}>{t("authoring.editor.addSection")}</button>
              {errorFor(result, "addSection", "title") ? <span className="yx-field-error">{errorFor(result, "addSection", "title")}</span> : null}
            </Form>
          ) : null}
        </Card>
      </div>
    </AppShell>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
