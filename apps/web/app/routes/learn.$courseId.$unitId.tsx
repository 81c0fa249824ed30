import { Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useRef } from "react";
import { toAppError } from "@yanxiu/domain/errors";
import { t } from "@yanxiu/ui/i18n";
import { Progress } from "antd";
import { ClassworkUnitPanel } from "../components/classwork-unit.tsx";
import { PdfViewer } from "../components/learning/pdf-viewer.tsx";
import { SessionItem } from "../components/live/session-when.tsx";
import { QuizUnit, type TQuizResult } from "../components/learning/quiz-unit.tsx";
import { LearnerShell, LearningErrorBoundary, UnitStateBadge, formatTime } from "../components/learning/shell.tsx";
import { VideoUnit } from "../components/learning/video-unit.tsx";
import { Pager } from "../components/list-page.tsx";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { iso } from "../lib/iso.ts";
import { usePolling } from "../lib/use-polling.ts";
import { useRevalidateOnUserEvents } from "../lib/use-user-events.ts";
import { requireUser } from "../lib/guard.server.ts";

const classworkKinds = ["assignment", "discussion", "offlineSession"] as const;
type TClassworkKind = (typeof classworkKinds)[number];
const isClasswork = (k: string): k is TClassworkKind => (classworkKinds as readonly string[]).includes(k);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const courseId = params.courseId ?? "";
  const unitId = params.unitId ?? "";
  const p = await load(context.services.learning.player({ actor, input: { courseId, unitId } }));
  const cur = p.current!;
  const panel = isClasswork(cur.kind) ? await load(context.services.classwork.unitPanel({ actor, courseId, unitId })) : null;
  const content = cur.content.kind === "liveSession" ? { ...cur.content, startsAt: iso(cur.content.startsAt)! } : cur.content;
  return {
    shell,
    courseId: p.courseId,
    title: p.title,
    studyOpen: p.studyOpen,
    progressPercent: p.progressPercent,
    credit: p.credit,
    sections: p.sections,
    current: { id: cur.id, title: cur.title, kind: cur.kind, state: cur.state, required: cur.required, creditHours: cur.creditHours, content },
    panel,
    prevId: p.prevId,
    nextId: p.nextId,
  };
}

type TActionData = { intent: string; ok: true; result?: TQuizResult } | { intent: string; ok: false; error: string };

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const courseId = params.courseId ?? "";
  const unitId = params.unitId ?? "";
  const form = await readForm(request);
  const intent = String(form.intent ?? "");
  const s = context.services.learning;
  try {
    if (intent === "startQuiz") {
      await s.startQuizAttempt({ actor, input: { courseId, unitId } });
      return data<TActionData>({ intent, ok: true });
    }
    if (intent === "submitQuiz") {
      const answers: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(form)) if (k.startsWith("answer.")) answers[k.slice("answer.".length)] = ([] as unknown[]).concat(v).map(String);
      const r = await s.submitQuizAttempt({ actor, input: { courseId, unitId, attemptId: form.attemptId, answers } });
      return data<TActionData>({ intent, ok: true, result: { scorePercent: r.scorePercent, correct: r.correct, total: r.total, passed: r.passed, attemptsLeft: r.attemptsLeft, bestScorePercent: r.bestScorePercent } });
    }
    if (intent === "documentOpened") {
      await s.documentOpened({ actor, input: { courseId, unitId } });
      return data<TActionData>({ intent, ok: true });
    }
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "notFound") fail("notFound");
    if (err.code === "internal" || err.code === "unavailable") throw e;
    const reason = Object.values(err.fieldErrors ?? {})[0]?.[0] ?? err.code;
    return data<TActionData>({ intent, ok: false, error: reason }, { status: err.status });
  }
  fail("badRequest");
}

/**
 * A document unit: once the PDF has opened, tells the server (intent `documentOpened`), once per unit shown.
 * A sidebar or prev/next link keeps this route mounted and only changes the unit, so the once-only guard
 * lives here, in a component the player keys by unit: a ref in the player itself outlived the first unit
 * and swallowed the event of every document reached without a full page load.
 */
function DocumentUnit(props: { fileId: string; opened: boolean }) {
  const fetcher = useFetcher();
  const sent = useRef(props.opened);
  const markOpened = () => {
    if (sent.current) return;
    sent.current = true;
    fetcher.submit({ intent: "documentOpened" }, { method: "post" });
  };
  return <PdfViewer src={`/files/${props.fileId}`} onLoaded={markOpened} />;
}

export default function Player() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const c = d.current;
  // The worker credits the course and renders the certificate within moments of the last unit: the
  // page re-reads itself when told, until the certificate is there.
  const allDone = d.progressPercent >= 100;
  const waiting = d.credit?.certificate?.status !== "issued";
  useRevalidateOnUserEvents(waiting);
  // A slow fallback for a lost notice (realtime down): the push above is what makes it immediate.
  usePolling(allDone && waiting && !d.credit?.reversed, 20_000);
  return (
    <LearnerShell shell={d.shell}>
      <div className="yx-learning-player">
        <section className="yx-learning-main" aria-label={c.title}>
          <p className="yx-learning-eyebrow">
            <Link to={`/courses/${d.courseId}`}>{d.title}</Link>
          </p>
          <h1>
            {c.title} <span className="yx-badge">{t(`learning.kind.${c.kind}`)}</span>
          </h1>
          <p className="yx-muted">
            {t("learning.course.hoursValue", { hours: c.creditHours })} · {c.required ? t("learning.course.required") : t("learning.course.optional")} ·{" "}
            {t(`learning.state.${c.state}`)}
          </p>
          {!d.studyOpen ? <p className="yx-warning">{t("learning.player.studyClosed")}</p> : null}
          {d.credit ? (
            <div className={d.credit.reversed ? "yx-warning" : "yx-success yx-learning-credit"} role="status" data-testid="course-credit">
              <p>{t(d.credit.reversed ? "learning.player.creditReversed" : "learning.player.creditAwarded", { hours: d.credit.hours })}</p>
              <p>
                {d.credit.certificate?.status === "issued" && !d.credit.reversed ? (
                  <a href={`/my/certificates/${d.credit.certificate.id}.pdf`} data-testid="course-certificate">
                    {t("learning.player.certificateReady")}
                  </a>
                ) : d.credit.certificate && !d.credit.reversed ? (
                  <span className="yx-muted">{t("learning.player.certificatePending")}</span>
                ) : null}{" "}
                <Link to="/my/credits">{t("learning.player.viewCredits")}</Link>
              </p>
            </div>
          ) : allDone ? (
            <p className="yx-muted" role="status">
              {t("learning.player.completedWaiting")}
            </p>
          ) : null}
          <div className="yx-card yx-learning-content">
            {c.content.kind === "video" ? (
              <VideoUnit
                key={c.id}
                courseId={d.courseId}
                unitId={c.id}
                fileId={c.content.fileId}
                watchedPercent={c.content.watchedPercent}
                minWatchedPercent={c.content.minWatchedPercent}
                complete={c.state === "complete"}
              />
            ) : c.content.kind === "document" ? (
              <DocumentUnit key={c.id} fileId={c.content.fileId} opened={c.content.opened} />
            ) : c.content.kind === "quiz" ? (
              <QuizUnit
                key={c.id}
                content={c.content}
                result={a && a.ok && a.intent === "submitQuiz" ? (a.result ?? null) : null}
                error={a && !a.ok ? a.error : null}
              />
            ) : c.content.kind === "liveSession" ? (
              <div className="yx-stack">
                <dl className="yx-facts">
                  <dt>{t("learning.live.startsAt")}</dt>
                  <dd>{formatTime(c.content.startsAt)}</dd>
                </dl>
                <p>{t("learning.live.duration", { minutes: c.content.durationMinutes })}</p>
                <p>{t("learning.live.minMinutes", { minutes: c.content.minMinutes })}</p>
                {c.content.attendedMinutes > 0 ? <p data-testid="live-attended">{t("liveOps.player.attended", { minutes: c.content.attendedMinutes })}</p> : null}
                <h3>{t("liveOps.player.rooms")}</h3>
                {c.content.sessions.length === 0 ? (
                  <p className="yx-muted">{t("liveOps.player.noRoom")}</p>
                ) : (
                  <ul className="yx-list">
                    {c.content.sessions.map((x) => (
                      <SessionItem key={x.id} session={x} testId="unit-live-session" />
                    ))}
                  </ul>
                )}
              </div>
            ) : isClasswork(c.content.kind) ? (
              <ClassworkUnitPanel key={c.id} kind={c.content.kind} courseId={d.courseId} unitId={c.id} data={d.panel} />
            ) : null}
          </div>
          <Pager
            label={t("learning.player.outline")}
            className="yx-pager yx-learning-prevnext"
            back={d.prevId ? { to: `/learn/${d.courseId}/${d.prevId}`, text: t("learning.player.prev"), rel: "prev" } : null}
            next={d.nextId ? { to: `/learn/${d.courseId}/${d.nextId}`, text: t("learning.player.next") } : null}
          />
        </section>
        <aside className="yx-learning-sidebar" aria-label={t("learning.player.outline")}>
          <h2>{t("learning.player.outline")}</h2>
          <Progress
            className="yx-course-progress"
            percent={d.progressPercent}
            format={(p) => `${p}%`}
            size="small"
            data-testid="course-progress"
            aria-label={t("learning.player.progress", { percent: d.progressPercent })}
          />
          {d.sections.map((s) => (
            <section key={s.id} aria-label={s.title}>
              <h3>{s.title}</h3>
              <ol className="yx-learning-units">
                {s.units.map((u) => (
                  <li key={u.id} className={u.id === c.id ? "yx-learning-unit-current" : undefined}>
                    <Link to={`/learn/${d.courseId}/${u.id}`} aria-current={u.id === c.id ? "page" : undefined}>
                      <span className="yx-learning-kind">{t(`learning.kind.${u.kind}`)}</span> {u.title}
                    </Link>
                    <UnitStateBadge unitId={u.id} state={u.state} />
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </aside>
      </div>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
