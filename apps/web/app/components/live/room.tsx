import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { liveLimits, mayLive, mayModerate, type TLiveParticipant, type TLiveRoomState, type TOnlineEntry, type TPollView, type TRtcIceServer } from "@yanxiu/domain/live";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { FileUpload } from "../file-upload.tsx";
import { formatTime } from "../learning/shell.tsx";
import { AvPanel } from "./av.tsx";
import { Breakouts } from "./breakouts.tsx";
import { ChatComposer } from "./chat-composer.tsx";
import { SharedDocumentPanel, type TDocChannel } from "./document.tsx";
import { SlideViewer } from "./slide-viewer.tsx";
import { useLiveRoom, type TConnection, type TLiveRoom } from "./use-live-room.ts";
import { Whiteboard } from "./whiteboard.tsx";
import { ConfirmButton } from "../confirm-button.tsx";

type TRun = (event: Parameters<TLiveRoom["emit"]>[0], payload: object) => Promise<Record<string, unknown> | null>;

/**
 * The live room: connection state, the host's controls, slides, participants, the hand queue, polls and
 * chat, all kept current from the realtime service. `onEnded` runs once the session has ended (the page
 * then shows the record).
 */
export function LiveRoom(props: { sessionId: string; realtimePort: number; iceServers: TRtcIceServer[]; onEnded: () => void }) {
  const live = useLiveRoom(props.sessionId, props.realtimePort);
  const [error, setError] = useState<string | null>(null);
  const onEnded = useRef(props.onEnded);
  onEnded.current = props.onEnded;
  const status = live.room?.session.status;
  useEffect(() => {
    if (status === "ended") onEnded.current();
  }, [status]);

  const run: TRun = async (event, payload) => {
    setError(null);
    const res = await live.emit(event, { sessionId: props.sessionId, ...payload });
    if (res.ok) return res as Record<string, unknown>;
    setError(res.code === "timeout" ? t("live.timeout") : t(errorMessageKey(res.code)));
    return null;
  };

  return (
    <div className="yx-stack" data-testid="live-room" data-status={status ?? ""}>
      <ConnectionBadge connection={live.connection} />
      {error ? (
        <p className="yx-alert" role="alert" data-testid="live-error">
          {error}
        </p>
      ) : null}
      {live.removed ? (
        <p className="yx-alert" role="alert" data-testid="live-removed">
          {t("live.removed")}
        </p>
      ) : live.room ? (
        <Room room={live.room} online={live.online} run={run} channel={live} av={<AvPanel room={live.room} online={live.online} channel={live} iceServers={props.iceServers} />} />
      ) : live.joinError ? (
        <div role="alert" className="yx-alert">
          <p>{t("live.joinFailed", { message: live.joinError === "timeout" ? t("live.timeout") : t(errorMessageKey(live.joinError)) })}</p>
          <button type="button" className="yx-link-button" onClick={live.rejoin}>
            {t("live.retry")}
          </button>
        </div>
      ) : (
        <p className="yx-muted">{t("live.joining")}</p>
      )}
    </div>
  );
}

function ConnectionBadge({ connection }: { connection: TConnection }) {
  return (
    <p className={`yx-live-connection yx-live-connection-${connection}`} role="status" aria-live="polite" data-testid="live-connection" data-state={connection}>
      <span className="yx-sr-only">{t("live.connection.label")}：</span>
      <span className="yx-dot" aria-hidden="true" /> {t(`live.connection.${connection}`)}
    </p>
  );
}

type TRoomProps = { room: TLiveRoomState; online: TOnlineEntry[]; run: TRun; channel: TDocChannel; av: ReactNode };

function Room({ room, online, run, channel, av }: TRoomProps) {
  const role = room.me.role;
  const status = room.session.status;
  return (
    <>
      <p>
        <span className={`yx-badge yx-live-status-${status}`} data-testid="live-status" data-status={status}>
          {t(`live.status.${status}`)}
        </span>{" "}
        <span className="yx-muted">{t("live.facts.role", { role: t(`live.role.${role}`) })}</span>
      </p>
      {status === "scheduled" ? <p className="yx-muted">{t("live.waiting")}</p> : null}
      {status === "ended" ? (
        <p className="yx-muted" role="status">
          {t("live.endedNotice")}
        </p>
      ) : null}
      {mayLive(role, "session.start") ? <HostControls status={status} run={run} /> : null}
      {status === "ended" ? null : av}
      <Breakouts room={room} online={online} run={run} channel={channel} />
      <div className="yx-live-grid">
        <div className="yx-stack">
          <Slides room={room} run={run} />
          <Polls room={room} run={run} />
        </div>
        <div className="yx-stack">
          <Participants room={room} online={online} run={run} />
          <Hands room={room} run={run} />
          <Chat room={room} run={run} />
        </div>
      </div>
      <SharedDocumentPanel sessionId={room.session.id} state={room.doc} channel={channel} editable={status !== "ended" && mayLive(role, "doc.edit")} />
    </>
  );
}

function HostControls({ status, run }: { status: string; run: TRun }) {
  const [busy, setBusy] = useState(false);
  const act = async (event: "session:start" | "session:end") => {
    setBusy(true);
    await run(event, {});
    setBusy(false);
  };
  return (
    <Card title={t("live.control.title")} testId="host-controls">
      <div className="yx-toolbar">
        {status === "scheduled" ? (
          <button type="button" className="yx-primary" disabled={busy} onClick={() => void act("session:start")} data-testid="session-start">
            {t("live.control.start")}
          </button>
        ) : null}
        {status === "live" ? (
          <ConfirmButton className="yx-danger" disabled={busy} data-testid="session-end" confirm={t("live.control.confirmEnd")} onConfirm={() => void act("session:end")}>
            {t("live.control.end")}
          </ConfirmButton>
        ) : null}
      </div>
    </Card>
  );
}

function Slides({ room, run }: { room: TLiveRoomState; run: TRun }) {
  const [pages, setPages] = useState<number | null>(null);
  const mayTurn = mayLive(room.me.role, "slide.set");
  const open = room.session.status !== "ended";
  const { slidesFileId, page } = room.slide;
  useEffect(() => setPages(null), [slidesFileId]);
  return (
    <Card title={t("live.slides.title")} testId="slides">
      {slidesFileId ? (
        <>
          <Whiteboard room={room} run={run} under={(board) => <SlideViewer fileId={slidesFileId} page={page} onPageCount={setPages} overlay={board} />} />
          <p className="yx-muted" data-testid="slide-position" aria-live="polite">
            {pages ? t("live.slides.pageOf", { page, total: pages }) : t("live.slides.page", { page })}
          </p>
          {mayTurn && open ? (
            <div className="yx-toolbar">
              <button type="button" disabled={page <= 1} onClick={() => void run("slide:set", { page: page - 1 })} data-testid="slide-prev">
                {t("live.slides.prev")}
              </button>
              <button type="button" disabled={pages != null && page >= pages} onClick={() => void run("slide:set", { page: page + 1 })} data-testid="slide-next">
                {t("live.slides.next")}
              </button>
            </div>
          ) : null}
        </>
      ) : (
        <>
          <EmptyState>{t("live.slides.none")}</EmptyState>
          <Whiteboard room={room} run={run} />
        </>
      )}
      {mayTurn && open ? <FileUpload purpose="liveSlides" name="slidesFileId" label={t("live.slides.upload")} onUploaded={(f) => void run("slides:use", { fileId: f.id })} /> : null}
    </Card>
  );
}

function Participants({ room, online, run }: { room: TLiveRoomState; online: TOnlineEntry[]; run: TRun }) {
  const me = room.me;
  const byId = new Map<string, TLiveParticipant>(room.participants.map((p) => [p.userId, p]));
  return (
    <Card title={t("live.participants.title", { count: online.length })} testId="participants">
      {online.length === 0 ? (
        <EmptyState>{t("live.participants.empty")}</EmptyState>
      ) : (
        <ul className="yx-list yx-live-people">
          {online.map((p) => {
            const muted = byId.get(p.userId)?.muted ?? false;
            const canModerate = room.session.status !== "ended" && mayModerate({ userId: me.userId, role: me.role }, { userId: p.userId, role: p.role });
            return (
              <li key={p.userId} data-testid="participant" data-user={p.userId} data-role={p.role}>
                <strong>{p.displayName}</strong>
                {p.userId === me.userId ? t("live.participants.me") : null} <span className="yx-learning-kind">{t(`live.role.${p.role}`)}</span>
                {muted ? <span className="yx-badge">{t("live.participants.muted")}</span> : null}
                {canModerate ? (
                  <span className="yx-inline-form" role="group" aria-label={t("live.participants.actionsFor", { name: p.displayName })}>
                    <button
                      type="button"
                      className="yx-link-button"
                      data-testid="participant-mute"
                      onClick={() => {
                        if (muted || window.confirm(t("live.participants.confirmMute", { name: p.displayName }))) void run("participant:mute", { userId: p.userId, muted: !muted });
                      }}
                    >
                      {muted ? t("live.participants.unmute") : t("live.participants.mute")}
                    </button>
                    <ConfirmButton
                      className="yx-danger"
                      data-testid="participant-remove"
                      confirm={t("live.participants.confirmRemove", { name: p.displayName })}
                      onConfirm={() => void run("participant:remove", { userId: p.userId })}
                    >
                      {t("live.participants.remove")}
                    </ConfirmButton>
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function Hands({ room, run }: { room: TLiveRoomState; run: TRun }) {
  const me = room.me;
  const raised = room.handQueue.some((h) => h.userId === me.userId);
  const moderator = mayLive(me.role, "hand.lowerAny");
  const live = room.session.status === "live";
  return (
    <Card title={t("live.hand.title")} testId="hands">
      {live ? (
        <div className="yx-toolbar">
          <button type="button" aria-pressed={raised} onClick={() => void run(raised ? "hand:lower" : "hand:raise", {})} data-testid={raised ? "hand-lower" : "hand-raise"}>
            {raised ? t("live.hand.lower") : t("live.hand.raise")}
          </button>
          {raised ? <span className="yx-muted">{t("live.hand.raised")}</span> : null}
        </div>
      ) : null}
      {moderator ? (
        <div data-testid="hand-queue">
          <h3>{t("live.hand.queue")}</h3>
          {room.handQueue.length === 0 ? (
            <p className="yx-muted">{t("live.hand.queueEmpty")}</p>
          ) : (
            <ol>
              {room.handQueue.map((h) => (
                <li key={h.userId} data-testid="hand-entry">
                  {h.displayName} <span className="yx-muted">{formatTime(h.raisedAt)}</span>{" "}
                  <button type="button" className="yx-link-button" aria-label={t("live.hand.lowerFor", { name: h.displayName })} onClick={() => void run("hand:lower", { userId: h.userId })}>
                    {t("live.hand.done")}
                  </button>
                </li>
              ))}
            </ol>
          )}
        </div>
      ) : null}
    </Card>
  );
}

function Chat({ room, run }: { room: TLiveRoomState; run: TRun }) {
  const list = useRef<HTMLOListElement>(null);
  const me = room.me;
  const mayDeleteAny = mayLive(me.role, "chat.deleteAny");
  const closed = room.session.status === "ended";
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [room.chat.length]);
  return (
    <Card title={t("live.chat.title")} testId="chat">
      {room.chat.length === 0 ? <p className="yx-muted">{t("live.chat.empty")}</p> : null}
      <ol ref={list} className="yx-live-chat" aria-label={t("live.chat.messages")} aria-live="polite">
        {room.chat.map((m) => (
          <li key={m.id} data-testid="chat-message" data-author={m.authorId}>
            <strong>{m.authorName}</strong> <span className="yx-muted">{formatTime(m.createdAt)}</span>
            <p style={{ whiteSpace: "pre-wrap", margin: "2px 0" }}>{m.body}</p>
            {!closed && (mayDeleteAny || m.authorId === me.userId) ? (
              <ConfirmButton
                className="yx-link-button"
                aria-label={t("live.chat.deleteFor", { name: m.authorName })}
                data-testid="chat-delete"
                confirm={t("live.chat.confirmDelete")}
                onConfirm={() => void run("chat:delete", { messageId: m.id })}
              >
                {t("live.chat.delete")}
              </ConfirmButton>
            ) : null}
          </li>
        ))}
      </ol>
      <ChatComposer inputId="live-chat-body" label={t("live.chat.body")} closed={closed} muted={me.muted} testIdPrefix="chat" onSend={(body) => run("chat:send", { body })} />
    </Card>
  );
}

function Polls({ room, run }: { room: TLiveRoomState; run: TRun }) {
  const [answered, setAnswered] = useState<Record<string, number>>({});
  const role = room.me.role;
  const live = room.session.status === "live";
  return (
    <Card title={t("live.poll.title")} testId="polls">
      {room.polls.length === 0 ? <p className="yx-muted">{t("live.poll.empty")}</p> : null}
      {room.polls.map((p) => (
        <PollCard
          key={p.id}
          poll={{ ...p, myAnswer: p.myAnswer ?? answered[p.id] ?? null }}
          mayAnswer={live && mayLive(role, "poll.answer") && room.session.kind !== "coTeaching"}
          mayClose={live && mayLive(role, "poll.close")}
          onAnswer={async (option) => {
            if (await run("poll:answer", { pollId: p.id, option })) setAnswered((a) => ({ ...a, [p.id]: option }));
          }}
          onClose={() => void run("poll:close", { pollId: p.id })}
        />
      ))}
      {mayLive(role, "poll.create") && room.session.status !== "ended" ? <PollForm run={run} /> : null}
    </Card>
  );
}

function PollCard(props: { poll: TPollView; mayAnswer: boolean; mayClose: boolean; onAnswer: (option: number) => Promise<void>; onClose: () => void }) {
  const { poll } = props;
  const open = poll.status === "open";
  const canVote = props.mayAnswer && open && poll.myAnswer == null;
  return (
    <section className="yx-live-poll" data-testid="poll" data-status={poll.status} aria-label={poll.question}>
      <h3>
        {poll.question} <span className="yx-badge">{open ? t("live.poll.open") : t("live.poll.closed")}</span>
      </h3>
      <ul className="yx-list">
        {poll.options.map((o, i) => {
          const count = poll.counts[i] ?? 0;
          const pct = poll.total > 0 ? Math.round((count / poll.total) * 100) : 0;
          return (
            <li key={i} data-testid="poll-option" data-count={count} data-mine={poll.myAnswer === i ? "true" : undefined}>
              {canVote ? (
                <button type="button" onClick={() => void props.onAnswer(i)} aria-label={t("live.poll.vote", { option: o })} data-testid="poll-vote">
                  {o}
                </button>
              ) : (
                <span>{o}</span>
              )}{" "}
              <progress className="yx-progress" max={100} value={pct} aria-hidden="true" /> <span data-testid="poll-count">{t("live.poll.count", { count })}</span>
            </li>
          );
        })}
      </ul>
      <p className="yx-muted">
        <span data-testid="poll-total">{t("live.poll.total", { total: poll.total })}</span>
        {poll.myAnswer != null ? <> · {t("live.poll.mine", { option: poll.options[poll.myAnswer] ?? "" })}</> : null}
      </p>
      {props.mayClose && open ? (
        <button type="button" className="yx-link-button" onClick={props.onClose} data-testid="poll-close">
          {t("live.poll.close")}
        </button>
      ) : null}
    </section>
  );
}

function PollForm({ run }: { run: TRun }) {
  const [question, setQuestion] = useState("");
  const [options, setOptions] = useState<string[]>(["", ""]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const q = question.trim();
    const opts = options.map((o) => o.trim());
    if (!q) return setProblem(t("live.poll.needQuestion"));
    if (opts.some((o) => !o) || opts.length < liveLimits.pollMinOptions || opts.length > liveLimits.pollMaxOptions) return setProblem(t("live.poll.needOptions"));
    setProblem(null);
    setBusy(true);
    const ok = await run("poll:create", { question: q, options: opts });
    setBusy(false);
    if (ok) {
      setQuestion("");
      setOptions(["", ""]);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t("live.poll.new")} data-testid="poll-form" noValidate>
      <h3>{t("live.poll.new")}</h3>
      <div className="yx-field">
        <label htmlFor="poll-question">{t("live.poll.question")}</label>
        <input id="poll-question" value={question} maxLength={liveLimits.pollQuestionChars} onChange={(e) => setQuestion(e.currentTarget.value)} />
      </div>
      {options.map((o, i) => (
        <div className="yx-field yx-live-option" key={i}>
          <label htmlFor={`poll-option-${i}`}>{t("live.poll.option", { n: i + 1 })}</label>
          <input
            id={`poll-option-${i}`}
            value={o}
            maxLength={liveLimits.pollOptionChars}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setOptions((xs) => xs.map((x, j) => (j === i ? v : x)));
            }}
          />
          {options.length > liveLimits.pollMinOptions ? (
            <button type="button" className="yx-link-button" onClick={() => setOptions((xs) => xs.filter((_, j) => j !== i))}>
              {t("live.poll.removeOption", { n: i + 1 })}
            </button>
          ) : null}
        </div>
      ))}
      {problem ? (
        <p className="yx-field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="yx-toolbar">
        {options.length < liveLimits.pollMaxOptions ? (
          <button type="button" onClick={() => setOptions((xs) => [...xs, ""])}>
            {t("live.poll.addOption")}
          </button>
        ) : null}
        <button type="submit" className="yx-primary" disabled={busy}>
          {t("live.poll.create")}
        </button>
      </div>
    </form>
  );
}
