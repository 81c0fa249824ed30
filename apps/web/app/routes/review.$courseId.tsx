import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { creditHoursMismatch } from "@yanxiu/domain/courses";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { AppShell, Card, EmptyState } from "@yanxiu/ui/layout";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { errorFor } from "../lib/authoring.ts";

import { chinaDateTime } from "../lib/china-time.ts";
import { fail, load } from "../lib/errors.server.ts";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { requireUser, shellOf } from "../lib/guard.server.ts";
import { iso } from "../lib/iso.ts";


export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const r = await load(context.services.authoring.getReviewVersion({ actor, courseId: params.courseId ?? "" }));
  const v = r.content.version;
  return {
    ...shellOf(context),
    own: r.own,
    ownerName: r.ownerName,
    categoryName: r.categoryName,
    institutionName: r.institutionName,
    version: {
      number: v.number,
      title: v.title,
      summary: v.summary,
      stages: v.stages,
      subjects: v.subjects,
      creditHours: v.creditHours,
      enrollmentMode: v.enrollmentMode,
      enrollOpensAt: iso(v.enrollOpensAt),
      enrollClosesAt: iso(v.enrollClosesAt),
      studyStartsAt: iso(v.studyStartsAt),
      studyEndsAt: iso(v.studyEndsAt),
      coverFileId: v.coverFileId,
    },
    sections: r.content.sections.map((s) => ({
      id: s.id,
      title: s.title,
      units: s.units.map((u) => ({ id: u.id, kind: u.kind, title: u.title, creditHours: u.creditHours, required: u.required, criterion: u.criterion as Record<string, unknown>, config: u.config as Record<string, unknown> })),
    })),
    /** The units' 学时 adding up to something else than the declared 总学时 (which is what counts). */
    hoursMismatch: creditHoursMismatch(v.creditHours, r.content.sections.flatMap((s) => s.units)),
    files: r.files,
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const { intent, comment } = await readForm(request);
  const courseId = params.courseId ?? "";
  const s = context.services.authoring;
  if (intent !== "approve" && intent !== "sendBack") fail("badRequest");
  let done = false;
  const r = await runIntent(intent, async () => {
    if (intent === "approve") await s.approve({ actor, input: { courseId } });
    else await s.sendBack({ actor, input: { courseId, comment } });
    done = true;
  });
  if (done) throw redirect(`/review?done=${intent}`);
  return r;
}

// The version's facts are stored JSON, so a time may come as any value.
const when = (v: unknown) => chinaDateTime(v ? String(v) : null);

type TUnit = ReturnType<typeof useLoaderData<typeof loader>>["sections"][number]["units"][number];
type TQuestion = { id: string; kind: string; prompt: string; options: { id: string; text: string }[]; correct: string[] };

function UnitDetail({ u, files }: { u: TUnit; files: Record<string, { originalName: string; durationSeconds: number | null }> }) {
  const c = u.config;
  const fileId = typeof c.fileId === "string" ? c.fileId : null;
  const file = fileId ? files[fileId] : undefined;
  return (
    <li className="yx-authoring-unit" data-testid="review-unit" data-kind={u.kind}>
      <div className="yx-authoring-row">
        <strong>{u.title}</strong>
        <span className="yx-muted">
          {t(`authoring.kind.${u.kind}` as TMessageKey)} · {t("authoring.editor.hours", { hours: u.creditHours })} ·{" "}
          {u.required ? t("authoring.editor.requiredBadge") : t("authoring.editor.optional")}
        </span>
      </div>
      <dl className="yx-facts">
        {fileId ? (
          <>
            <dt>{t(u.kind === "video" ? "authoring.unit.videoFile" : "authoring.unit.documentFile")}</dt>
            <dd>
              {file ? file.originalName : t("authoring.review.fileMissing")}
              {u.kind === "video" && typeof c.durationSeconds === "number" ? ` · ${t("authoring.review.videoLength", { minutes: Math.round((c.durationSeconds / 60) * 10) / 10 })}` : null}
            </dd>
          </>
        ) : null}
        {u.kind === "video" ? (
          <>
            <dt>{t("authoring.unit.minWatchedPercent")}</dt>
            <dd>{t("authoring.review.criterion.video", { percent: String(u.criterion.minWatchedPercent) })}</dd>
          </>
        ) : null}
        {u.kind === "quiz" ? (
          <>
            <dt>{t("authoring.unit.passPercent")}</dt>
            <dd>{t("authoring.review.criterion.quiz", { percent: String(u.criterion.passPercent), attempts: String(c.attemptLimit) })}</dd>
          </>
        ) : null}
        {u.kind === "assignment" ? (
          <>
            <dt>{t("authoring.unit.instructions")}</dt>
            <dd className="yx-authoring-pre">{String(c.instructions)}</dd>
          </>
        ) : null}
        {u.kind === "liveSession" ? (
          <>
            <dt>{t("authoring.unit.startsAt")}</dt>
            <dd>{when(c.startsAt)}</dd>
            <dt>{t("authoring.unit.durationMinutes")}</dt>
            <dd>{String(c.durationMinutes)}</dd>
            <dt>{t("authoring.unit.minMinutes")}</dt>
            <dd>{t("authoring.review.criterion.liveSession", { minutes: String(u.criterion.minMinutes) })}</dd>
          </>
        ) : null}
        {u.kind === "offlineSession" ? (
          <>
            <dt>{t("authoring.unit.place")}</dt>
            <dd>{String(c.place)}</dd>
            <dt>{t("authoring.unit.startsAt")}</dt>
            <dd>{when(c.startsAt)}</dd>
            <dt>{t("authoring.unit.endsAt")}</dt>
            <dd>{when(c.endsAt)}</dd>
            <dt>{t("authoring.unit.checkInOpensAt")}</dt>
            <dd>{when(c.checkInOpensAt)}</dd>
            <dt>{t("authoring.unit.checkInClosesAt")}</dt>
            <dd>{when(c.checkInClosesAt)}</dd>
            <dt>{t("authoring.unit.lateAfter")}</dt>
            <dd>{when(c.lateAfter)}</dd>
          </>
        ) : null}
        {u.kind === "discussion" ? (
          <>
            <dt>{t("authoring.unit.prompt")}</dt>
            <dd className="yx-authoring-pre">{String(c.prompt)}</dd>
            <dt>{t("authoring.unit.minPosts")}</dt>
            <dd>{t("authoring.review.criterion.discussion", { posts: String(u.criterion.minPosts) })}</dd>
          </>
        ) : null}
      </dl>
      {u.kind === "quiz" ? (
        <ol className="yx-authoring-questions" data-testid="review-questions">
          {((c.questions as TQuestion[] | undefined) ?? []).map((q) => (
            <li key={q.id}>
              <p>
                <span className="yx-badge">{t(`authoring.quiz.kind.${q.kind}` as TMessageKey)}</span> {q.prompt}
              </p>
              <ul className="yx-authoring-options">
                {q.options.map((o) => (
                  <li key={o.id} className={q.correct.includes(o.id) ? "yx-authoring-correct" : undefined}>
                    {o.id.toUpperCase()}. {o.text}
                    {q.correct.includes(o.id) ? <strong>{t("authoring.review.correctMark")}</strong> : null}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      ) : null}
    </li>
  );
}

export default function ReviewCourse() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const v = d.version;
  const formError = result && !result.ok && Object.keys(result.fieldErrors).length === 0 ? t(errorMessageKey(result.code)) : null;
  const commentError = errorFor(result, "sendBack", "comment");
  return (
    <AppShell tenantName={d.tenantName} user={d.user}>
      <div className="yx-stack">
        <p>
          <Link to="/review">{t("authoring.review.back")}</Link>
        </p>
        <h1>
          {v.title} <span className="yx-muted">{t("authoring.list.versionN", { n: v.number })}</span>
        </h1>
        {formError ? <p className="yx-alert" role="alert">{formError}</p> : null}
        <Card title={t("authoring.facts.title")}>
          <dl className="yx-facts">
            <dt>{t("authoring.review.owner")}</dt>
            <dd>{d.ownerName}</dd>
            <dt>{t("authoring.facts.summary")}</dt>
            <dd className="yx-authoring-pre">{v.summary || t("authoring.review.none")}</dd>
            <dt>{t("authoring.facts.category")}</dt>
            <dd>{d.categoryName}</dd>
            <dt>{t("authoring.facts.institution")}</dt>
            <dd>{d.institutionName}</dd>
            <dt>{t("authoring.facts.stages")}</dt>
            <dd>{v.stages.map((s) => t(`stage.${s}` as TMessageKey)).join("、") || t("authoring.review.none")}</dd>
            <dt>{t("authoring.facts.subjects")}</dt>
            <dd>{v.subjects.join("、") || t("authoring.review.none")}</dd>
            <dt>{t("authoring.facts.creditHours")}</dt>
            <dd>
              {v.creditHours}
              {d.hoursMismatch ? (
                <p className="yx-warning" role="status" data-testid="hours-mismatch">
                  {t("authoring.hours.mismatch", { units: d.hoursMismatch.unitsTotal, declared: d.hoursMismatch.declared })}
                </p>
              ) : null}
            </dd>
            <dt>{t("authoring.facts.enrollmentMode")}</dt>
            <dd>{t(`authoring.facts.mode.${v.enrollmentMode}` as TMessageKey)}</dd>
            <dt>{t("authoring.facts.enrollOpensAt")}</dt>
            <dd>{when(v.enrollOpensAt)}</dd>
            <dt>{t("authoring.facts.enrollClosesAt")}</dt>
            <dd>{when(v.enrollClosesAt)}</dd>
            <dt>{t("authoring.facts.studyStartsAt")}</dt>
            <dd>{when(v.studyStartsAt)}</dd>
            <dt>{t("authoring.facts.studyEndsAt")}</dt>
            <dd>{when(v.studyEndsAt)}</dd>
            <dt>{t("authoring.facts.cover")}</dt>
            <dd>{v.coverFileId ? (d.files[v.coverFileId]?.originalName ?? t("authoring.review.fileMissing")) : t("authoring.review.none")}</dd>
          </dl>
        </Card>
        <Card title={t("authoring.review.preview")} testId="review-content">
          {d.sections.map((s) => (
            <section key={s.id} className="yx-authoring-section" aria-labelledby={`rs-${s.id}`}>
              <h3 id={`rs-${s.id}`}>{s.title}</h3>
              {s.units.length === 0 ? <EmptyState>{t("authoring.editor.noUnits")}</EmptyState> : null}
              <ol className="yx-authoring-units">
                {s.units.map((u) => (
                  <UnitDetail key={u.id} u={u} files={d.files} />
                ))}
              </ol>
            </section>
          ))}
        </Card>
        {d.own ? (
          <p className="yx-muted">{t("authoring.review.own")}</p>
        ) : (
          <Card title={t("authoring.review.title")} testId="review-actions">
            <Form method="post" className="yx-inline-form">
              <input type="hidden" name="intent" value="approve" />
              <button type="submit" className="yx-authoring-primary" disabled={busy} data-testid="approve">
                {t("authoring.review.approve")}
              </button>
            </Form>
            <Form method="post" className="yx-authoring-form">
              <input type="hidden" name="intent" value="sendBack" />
              <div className="yx-authoring-wide">
                <label htmlFor="review-comment">{t("authoring.review.comment")}</label>
                <textarea id="review-comment" name="comment" rows={3} required maxLength={2000} aria-describedby={commentError ? "review-comment-error" : undefined} data-testid="review-comment" />
                {commentError ? (
                  <span id="review-comment-error" className="yx-field-error">
                    {commentError}
                  </span>
                ) : null}
              </div>
              <div className="yx-authoring-wide">
                <button type="submit" className="yx-danger" disabled={busy} data-testid="send-back">
                  {t("authoring.review.sendBack")}
                </button>
              </div>
            </Form>
          </Card>
        )}
      </div>
    </AppShell>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
