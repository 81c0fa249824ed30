import { useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { TAssistantView, TCoTeachingView, TLecturerView } from "@yanxiu/services/coteaching";
import type { TCoTeachingRecord } from "@yanxiu/domain/coteaching";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import type { TActionResult } from "../../lib/action-result.server.ts";
import { errorFor } from "../../lib/authoring.ts";

const letter = (i: number) => String.fromCharCode(65 + i);

/** One classroom's answer as words: the class's choice, or the count per option. */
function answerText(options: string[], a: { choice: number | null; counts: number[] | null } | null): string {
  if (!a) return "";
  if (a.choice != null) return t("coteaching.tiles.classChoice", { option: `${letter(a.choice)}. ${options[a.choice] ?? ""}` });
  return (a.counts ?? []).map((c, i) => t("coteaching.tiles.counts", { option: letter(i), count: c })).join("，");
}

/** Calls `reload` once for each new result a form's fetcher brings back (not on every render). */
function useReloadAfter(result: unknown, reload: () => void, when: (r: unknown) => boolean = () => true) {
  const seen = useRef<unknown>(undefined);
  useEffect(() => {
    if (result === undefined || result === seen.current) return;
    seen.current = result;
    if (when(result)) reload();
  }, [result, reload, when]);
}

/**
 * The 双师 panel under the room: the lecturer's tiles (one per remote classroom) or the assistant's own
 * classroom (the class's poll answer and attendance). Read every two seconds from
 * /live/:id/coteaching, and again right after the assistant sends something.
 */
export function CoTeachingPanel({ sessionId }: { sessionId: string }) {
  const data = useFetcher<{ view: TCoTeachingView | null }>();
  const href = `/live/${sessionId}/coteaching`;
  const { load } = data;
  useEffect(() => {
    load(href);
    const timer = setInterval(() => load(href), 2000);
    return () => clearInterval(timer);
  }, [href, load]);
  const reload = useCallback(() => load(href), [href, load]);
  const view = data.data?.view;
  if (!view) return null;
  return view.role === "lecturer" ? <LecturerTiles view={view} /> : <AssistantPanel view={view} href={href} reload={reload} />;
}

function LecturerTiles({ view }: { view: TLecturerView }) {
  const poll = view.poll;
  const answerOf = new Map((poll?.tally.classrooms ?? []).map((c) => [c.classroomId, c]));
  return (
    <Card title={t("coteaching.tiles.title")} testId="coteaching-tiles">
      <ul className="yx-coteaching-tiles">
        {view.tiles.tiles.map((c) => {
          const a = answerOf.get(c.id);
          return (
            <li key={c.id} className="yx-coteaching-tile" data-testid="classroom-tile" data-connected={c.connected ? "yes" : "no"} data-answered={a?.answered ? "yes" : "no"}>
              <strong>
                {c.schoolName} {c.grade}
                {c.className}
              </strong>
              <span className="yx-muted"> {c.assistantName}</span>
              <p>
                <span className={c.connected ? "yx-badge yx-badge-ok" : "yx-badge"}>{c.connected ? t("coteaching.tiles.connected") : t("coteaching.tiles.offline")}</span>{" "}
                {c.handRaised ? <span className="yx-badge" data-testid="classroom-hand">✋ {t("coteaching.tiles.hand")}</span> : null}
              </p>
              <p data-testid="classroom-present">
                {c.presentCount == null ? t("coteaching.tiles.presentUnknown", { headcount: c.headcount }) : t("coteaching.tiles.present", { present: c.presentCount, headcount: c.headcount })}
              </p>
              {c.pendingQuestion ? <PendingQuestion sessionId={view.tiles.sessionId} question={c.pendingQuestion} /> : null}
              {poll ? (
                <p data-testid="classroom-answer">{a?.answered ? t("coteaching.tiles.answer", { answer: answerText(poll.options, a) }) : t("coteaching.tiles.noAnswer")}</p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {poll ? (
        <p data-testid="coteaching-total">
          {t("coteaching.tiles.total", {
            summary: poll.options
              .map((o, i) => `${letter(i)}. ${o}：${poll.tally.total.classChoices[i] ?? 0} 个班${(poll.tally.total.students[i] ?? 0) > 0 ? ` + ${poll.tally.total.students[i]} 人` : ""}`)
              .join("；"),
          })}
        </p>
      ) : null}
    </Card>
  );
}

/** A classroom's question on its tile, with the lecturer's 已回答 mark. */
function PendingQuestion({ sessionId, question }: { sessionId: string; question: { id: string; body: string } }) {
  const f = useFetcher<TActionResult>();
  return (
    <f.Form method="post" action={`/live/${sessionId}/coteaching`} className="yx-coteaching-question" data-testid="classroom-question">
      <input type="hidden" name="intent" value="questionAnswered" />
      <input type="hidden" name="questionId" value={question.id} />
      <span>❓ {question.body}</span>{" "}
      <button type="submit" disabled={f.state !== "idle" || f.data?.ok === true} data-testid="question-answered">
        {t("coteaching.tiles.markAnswered")}
      </button>
    </f.Form>
  );
}

function AssistantPanel({ view, href, reload }: { view: TAssistantView; href: string; reload: () => void }) {
  const answer = useFetcher<TActionResult>();
  const sheet = useFetcher<TActionResult>();
  const c = view.classroom;
  const poll = view.poll;
  const [mode, setMode] = useState<"choice" | "counts">("choice");
  const [sheetMode] = useState<"count" | "names">(c.roster ? "names" : "count");
  useReloadAfter(answer.state === "idle" ? answer.data : undefined, reload);
  useReloadAfter(sheet.state === "idle" ? sheet.data : undefined, reload);
  const answerError = refusalOf(answer.data, "classAnswer", "choice", "counts");
  const sheetError = refusalOf(sheet.data, "classAttendance", "presentCount", "presentNames");
  return (
    <Card title={t("coteaching.assistant.title", { school: c.schoolName, grade: c.grade, className: c.className })} testId="coteaching-assistant">
      <section aria-label={t("coteaching.assistant.poll")}>
        <h3>{t("coteaching.assistant.poll")}</h3>
        {!poll ? (
          <EmptyState>{t("coteaching.assistant.noPoll")}</EmptyState>
        ) : poll.answer ? (
          <p data-testid="class-answered">
            {poll.question} — {t("coteaching.assistant.answered", { answer: answerText(poll.options, poll.answer) })}
          </p>
        ) : (
          <answer.Form method="post" action={href} data-testid="class-answer-form" aria-label={poll.question}>
            <input type="hidden" name="intent" value="classAnswer" />
            <input type="hidden" name="pollId" value={poll.id} />
            <input type="hidden" name="classroomId" value={c.id} />
            <input type="hidden" name="mode" value={mode} />
            <p>
              <strong>{poll.question}</strong>
            </p>
            <div role="radiogroup" className="yx-inline-form">
              <label className="yx-check">
                <input type="radio" checked={mode === "choice"} onChange={() => setMode("choice")} /> {t("coteaching.assistant.modeChoice")}
              </label>
              <label className="yx-check">
                <input type="radio" checked={mode === "counts"} onChange={() => setMode("counts")} /> {t("coteaching.assistant.modeCounts")}
              </label>
            </div>
            {mode === "choice" ? (
              <fieldset>
                <legend>{poll.question}</legend>
                {poll.options.map((o, i) => (
                  <label key={i} className="yx-check">
                    <input type="radio" name="choice" value={i} required /> {letter(i)}. {o}
                  </label>
                ))}
              </fieldset>
            ) : (
              poll.options.map((o, i) => (
                <label key={i} className="yx-field">
                  {t("coteaching.assistant.countFor", { option: `${letter(i)}. ${o}` })}
                  <input type="number" name="counts[]" min={0} max={c.headcount} defaultValue={0} />
                </label>
              ))
            )}
            <ClassFormEnd error={answerError} disabled={answer.state !== "idle" || poll.status !== "open"} testId="class-answer-submit">
              {t("coteaching.assistant.submitAnswer")}
            </ClassFormEnd>
          </answer.Form>
        )}
      </section>
      <section aria-label={t("coteaching.assistant.sheet")}>
        <h3>{t("coteaching.assistant.sheet")}</h3>
        {view.sheet ? <p data-testid="class-sheet">{t("coteaching.assistant.sheetSaved", { count: view.sheet.presentCount })}</p> : null}
        <sheet.Form method="post" action={href} className="yx-inline-form" data-testid="class-sheet-form" aria-label={t("coteaching.assistant.sheet")}>
          <input type="hidden" name="intent" value="classAttendance" />
          <input type="hidden" name="classroomId" value={c.id} />
          <input type="hidden" name="mode" value={sheetMode} />
          {sheetMode === "names" && c.roster ? (
            <fieldset>
              <legend>{t("coteaching.assistant.sheet")}</legend>
              {c.roster.map((n) => (
                <label key={n} className="yx-check">
                  <input type="checkbox" name="present[]" value={n} defaultChecked={view.sheet?.presentNames?.includes(n) ?? true} /> {n}
                </label>
              ))}
            </fieldset>
          ) : (
            <label className="yx-field">
              {t("coteaching.assistant.presentCount", { headcount: c.headcount })}
              <input type="number" name="presentCount" min={0} max={c.headcount} defaultValue={view.sheet?.presentCount ?? c.headcount} required />
            </label>
          )}
          <ClassFormEnd error={sheetError} disabled={sheet.state !== "idle"} testId="class-sheet-submit">
            {t("coteaching.assistant.saveSheet")}
          </ClassFormEnd>
        </sheet.Form>
      </section>
      <QuestionBox view={view} href={href} reload={reload} />
    </Card>
  );
}

const isOk = (r: unknown) => (r as TActionResult).ok === true;

/** Why the assistant's form was refused: the first of its fields' errors, or else the refusal's own message. */
function refusalOf(r: TActionResult | undefined, intent: string, ...fields: string[]): string | null {
  return r && !r.ok ? (errorFor(r, intent, ...fields) ?? t(errorMessageKey(r.code))) : null;
}

/** The end of each of the assistant's forms (answer, attendance sheet, question): the refusal, if any, then submit. */
function ClassFormEnd(props: { error: string | null; disabled: boolean; testId: string; children: ReactNode }) {
  return (
    <>
      {props.error ? (
        <p className="yx-field-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <button type="submit" className="yx-primary" disabled={props.disabled} data-testid={props.testId}>
        {props.children}
      </button>
    </>
  );
}

/** The class's questions for the lecturer: a box to send one, and what was sent (answered or waiting). */
function QuestionBox({ view, href, reload }: { view: TAssistantView; href: string; reload: () => void }) {
  const f = useFetcher<TActionResult>();
  const [key, setKey] = useState(0);
  const sent = useCallback(() => {
    setKey((k) => k + 1);
    reload();
  }, [reload]);
  useReloadAfter(f.state === "idle" ? f.data : undefined, sent, isOk);
  const error = refusalOf(f.data, "classQuestion", "body");
  return (
    <section aria-label={t("coteaching.assistant.questions")}>
      <h3>{t("coteaching.assistant.questions")}</h3>
      <f.Form key={key} method="post" action={href} className="yx-inline-form" data-testid="class-question-form">
        <input type="hidden" name="intent" value="classQuestion" />
        <input type="hidden" name="classroomId" value={view.classroom.id} />
        <label className="yx-field">
          {t("coteaching.assistant.question")}
          <input name="body" maxLength={500} required autoComplete="off" />
        </label>
        <ClassFormEnd error={error} disabled={f.state !== "idle"} testId="class-question-submit">
          {t("coteaching.assistant.ask")}
        </ClassFormEnd>
      </f.Form>
      {view.questions.length ? (
        <ul className="yx-list">
          {view.questions.map((q) => (
            <li key={q.id} data-testid="class-question" data-answered={q.answered ? "yes" : "no"}>
              {q.body} <span className="yx-badge">{q.answered ? t("coteaching.assistant.questionAnswered") : t("coteaching.assistant.questionWaiting")}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** After the end: per classroom, the assistant's minutes, who was present, the polls answered and the 学时. */
export function CoTeachingRecordCard({ record }: { record: TCoTeachingRecord }) {
  const hours = record.earnedHours;
  return (
    <Card title={t("coteaching.record.title")} testId="coteaching-record">
      <p>{t("coteaching.record.totals", { classrooms: record.totals.classrooms, headcount: record.totals.headcount, present: record.totals.present })}</p>
      <p data-testid="coteaching-lecturer">
        {t("coteaching.record.lecturer", { minutes: record.lecturer.minutes, result: record.lecturer.earns ? t("coteaching.record.earns", { hours }) : t("coteaching.record.notEarned") })}
      </p>
      <ScrollX label={t("common.scrollTable")}>
      <table className="yx-table">
        <thead>
          <tr>
            <th scope="col">{t("coteaching.record.classroom")}</th>
            <th scope="col">{t("coteaching.record.assistant")}</th>
            <th scope="col">{t("coteaching.record.minutes")}</th>
            <th scope="col">{t("coteaching.record.present")}</th>
            <th scope="col">{t("coteaching.record.polls")}</th>
            <th scope="col">{t("coteaching.record.hours")}</th>
          </tr>
        </thead>
        <tbody>
          {record.classrooms.map((c) => (
            <tr key={c.id} data-testid="coteaching-record-row">
              <td>
                {c.schoolName} {c.grade}
                {c.className}
              </td>
              <td>{c.assistantName}</td>
              <td>{c.assistantMinutes}</td>
              <td>{c.presentCount == null ? "—" : `${c.presentCount}/${c.headcount}`}</td>
              <td>
                {c.pollsAnswered}/{record.polls.length}
              </td>
              <td>{c.earns ? t("coteaching.record.earns", { hours }) : t("coteaching.record.notEarned")}</td>
            </tr>
          ))}
        </tbody>
      </table>
</ScrollX>
    </Card>
  );
}
