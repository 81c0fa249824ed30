import { useEffect, useRef } from "react";
import { useFetcher, useSearchParams } from "@remix-run/react";
import type { TThread, TUnitPanel } from "@yanxiu/services/courses/classwork";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { chinaDateTime } from "../lib/china-time.ts";
import { FileUpload } from "./file-upload.tsx";

/**
 * The learner's panel for the unit kinds the classwork work owns (assignment, discussion, offline
 * session): rendered by the course player with what `services.classwork.unitPanel` returned. Forms post
 * with fetchers to resource routes under the unit's URL; after each one Remix re-reads the page, so the
 * player's unit state follows.
 */
type TResult = { ok: true; message?: string } | { ok: false; code: string; message: string };

export function ClassworkUnitPanel(props: { kind: "assignment" | "discussion" | "offlineSession"; courseId: string; unitId: string; data: unknown }) {
  const data = props.data as TUnitPanel | null;
  if (!data || data.kind !== props.kind) return null;
  const base = `/learn/${props.courseId}/${props.unitId}`;
  switch (data.kind) {
    case "assignment":
      return <AssignmentPanel data={data} action={`${base}/submit`} />;
    case "discussion":
      return <DiscussionPanel data={data} action={`${base}/post`} />;
    case "offlineSession":
      return <OfflinePanel data={data} action={`${base}/check-in`} />;
  }
}

const when = (iso: string | null) => chinaDateTime(iso, "");

function Outcome(props: { result: TResult | undefined; okText?: string }) {
  if (!props.result) return null;
  if (!props.result.ok) return <p className="yx-alert" role="alert">{props.result.message}</p>;
  return <p className="yx-success" role="status">{props.result.message ?? props.okText ?? t("classwork.saved")}</p>;
}

/** A fetcher form that clears itself after a successful submission. */
function useResettingFetcher() {
  const fetcher = useFetcher<TResult>();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) form.current?.reset();
  }, [fetcher.state, fetcher.data]);
  return { fetcher, form, busy: fetcher.state !== "idle" };
}

function AssignmentPanel(props: { data: Extract<TUnitPanel, { kind: "assignment" }>; action: string }) {
  const { data } = props;
  const { fetcher, form, busy } = useResettingFetcher();
  return (
    <div className="yx-stack yx-classwork" data-testid="assignment-panel">
      <section aria-label={t("classwork.assignment.instructions")}>
        <h3>{t("classwork.assignment.instructions")}</h3>
        <p className="yx-classwork-text">{data.instructions}</p>
      </section>
      <section aria-label={t("classwork.assignment.mine")}>
        <h3>{t("classwork.assignment.mine")}</h3>
        {data.submissions.length === 0 ? (
          <p className="yx-empty">{t("classwork.assignment.none")}</p>
        ) : (
          <ol className="yx-list">
            {data.submissions.map((s) => (
              <li key={s.id} data-testid="submission">
                <span className={`yx-badge yx-classwork-${s.status}`}>{t(`classwork.submission.${s.status}` as TMessageKey)}</span>{" "}
                <time dateTime={s.submittedAt}>{when(s.submittedAt)}</time>
                {s.body ? <p className="yx-classwork-text">{s.body}</p> : null}
                {s.fileName ? <p className="yx-muted">{t("classwork.assignment.file", { name: s.fileName })}</p> : null}
                {s.comment ? <p>{t("classwork.assignment.comment", { comment: s.comment })}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
      {data.canSubmit ? (
        <fetcher.Form method="post" action={props.action} ref={form} className="yx-form-grid">
          <label>
            {t("classwork.assignment.body")}
            <textarea name="body" rows={6} maxLength={20000} />
          </label>
          <FileUpload purpose="assignment" name="fileId" label={t("classwork.assignment.attach")} />
          <button type="submit" className="yx-primary" disabled={busy}>
            {data.submissions.length ? t("classwork.assignment.resubmit") : t("classwork.assignment.submit")}
          </button>
        </fetcher.Form>
      ) : (
        <p className="yx-muted" role="status">{t(`error.${data.refusal ?? "assignmentAwaitingGrade"}` as TMessageKey)}</p>
      )}
      <Outcome result={fetcher.data} okText={t("classwork.assignment.submitted")} />
    </div>
  );
}

function DiscussionPanel(props: { data: Extract<TUnitPanel, { kind: "discussion" }>; action: string }) {
  const { data } = props;
  const { fetcher, form, busy } = useResettingFetcher();
  return (
    <div className="yx-stack yx-classwork" data-testid="discussion-panel">
      <section aria-label={t("classwork.discussion.prompt")}>
        <h3>{t("classwork.discussion.prompt")}</h3>
        <p className="yx-classwork-text">{data.prompt}</p>
        <p className="yx-muted" data-testid="my-post-count">{t("classwork.discussion.count", { mine: data.myPosts, required: data.minPosts })}</p>
      </section>
      <fetcher.Form method="post" action={props.action} ref={form} className="yx-form-grid">
        <label>
          {t("classwork.discussion.newPost")}
          <textarea name="body" rows={4} maxLength={4000} required />
        </label>
        <button type="submit" className="yx-primary" disabled={busy}>{t("classwork.discussion.publish")}</button>
      </fetcher.Form>
      <Outcome result={fetcher.data} okText={t("classwork.discussion.posted")} />
      {data.threads.length === 0 ? <p className="yx-empty">{t("classwork.discussion.empty")}</p> : null}
      <ol className="yx-classwork-threads">
        {data.threads.map((th) => (
          <Thread key={th.id} thread={th} action={props.action} />
        ))}
      </ol>
      {data.next ? <p className="yx-muted">{t("classwork.discussion.more")}</p> : null}
    </div>
  );
}

function Post(props: { post: TThread | TThread["replies"][number] }) {
  const p = props.post;
  return (
    <article className="yx-classwork-post">
      <header className="yx-muted">
        <strong>{p.authorName}</strong>
        {p.byTrainer ? <span className="yx-badge">{t("classwork.discussion.trainer")}</span> : null} <time dateTime={p.createdAt}>{when(p.createdAt)}</time>
      </header>
      <p className="yx-classwork-text">{p.body}</p>
    </article>
  );
}

function Thread(props: { thread: TThread; action: string }) {
  const { fetcher, form, busy } = useResettingFetcher();
  return (
    <li data-testid="thread">
      <Post post={props.thread} />
      {props.thread.replies.length ? (
        <ol className="yx-classwork-replies">
          {props.thread.replies.map((r) => (
            <li key={r.id}>
              <Post post={r} />
            </li>
          ))}
        </ol>
      ) : null}
      <details>
        <summary>{t("classwork.discussion.reply")}</summary>
        <fetcher.Form method="post" action={props.action} ref={form} className="yx-inline-form">
          <input type="hidden" name="parentId" value={props.thread.id} />
          <label>
            {t("classwork.discussion.replyBody")}
            <textarea name="body" rows={2} maxLength={4000} required />
          </label>
          <button type="submit" disabled={busy}>{t("classwork.discussion.sendReply")}</button>
        </fetcher.Form>
        <Outcome result={fetcher.data} okText={t("classwork.discussion.posted")} />
      </details>
    </li>
  );
}

function OfflinePanel(props: { data: Extract<TUnitPanel, { kind: "offlineSession" }>; action: string }) {
  const { data } = props;
  const [params] = useSearchParams();
  const prefilled = (params.get("code") ?? "").replace(/\D/g, "").slice(0, 6);
  const fetcher = useFetcher<TResult>();
  const open = data.window === "onTime" || data.window === "late";
  return (
    <div className="yx-stack yx-classwork" data-testid="offline-panel">
      <dl className="yx-facts">
        <dt>{t("classwork.offline.time")}</dt>
        <dd>
          {when(data.startsAt)} – {when(data.endsAt)}
        </dd>
        <dt>{t("classwork.offline.place")}</dt>
        <dd>{data.place}</dd>
        <dt>{t("classwork.offline.window")}</dt>
        <dd>
          {when(data.checkInOpensAt)} – {when(data.checkInClosesAt)}（{t(`classwork.window.${data.window}` as TMessageKey)}）
        </dd>
        <dt>{t("classwork.offline.myState")}</dt>
        <dd data-testid="attendance">
          {t(`classwork.attendance.${data.attendance}` as TMessageKey)}
          {data.checkIn ? ` ${when(data.checkIn.at)}` : ""}
        </dd>
      </dl>
      {!data.checkIn && open ? (
        <fetcher.Form method="post" action={props.action} className="yx-inline-form">
          <label>
            {t("classwork.checkIn.code")}
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\d{6}"
              maxLength={6}
              required
              defaultValue={prefilled}
              className="yx-classwork-code-input"
            />
          </label>
          <button type="submit" className="yx-primary" disabled={fetcher.state !== "idle"}>{t("classwork.checkIn.submit")}</button>
        </fetcher.Form>
      ) : null}
      <Outcome result={fetcher.data} />
    </div>
  );
}
