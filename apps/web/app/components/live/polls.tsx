import { Button, Progress, Radio, Tag } from "antd";
import { useState, type FormEvent } from "react";
import { liveLimits, mayLive, type TLiveRoomState, type TPollView } from "@yanxiu/domain/live";
import { t } from "@yanxiu/ui/i18n";
import type { TRun } from "./room-types.ts";

/**
 * The room's polls (the 投票 panel): each as a choice list to vote in (a participant, once, while open) or
 * as its tally with a bar per option; the host and co-hosts see only tallies, close a poll and ask a new one.
 */
export function Polls({ room, run }: { room: TLiveRoomState; run: TRun }) {
  const [answered, setAnswered] = useState<Record<string, number>>({});
  const role = room.me.role;
  const live = room.session.status === "live";
  const asker = mayLive(role, "poll.create");
  return (
    <section className="yx-stack" data-testid="polls" aria-label={t("live.poll.title")}>
      {asker && room.session.status !== "ended" ? <PollForm run={run} /> : null}
      {room.polls.length === 0 ? <p className="yx-muted">{t("live.poll.empty")}</p> : null}
      {asker && room.polls.length > 0 ? <p className="yx-muted">{t("live.poll.hostNote")}</p> : null}
      {[...room.polls].reverse().map((p) => (
        <PollCard
          key={p.id}
          poll={{ ...p, myAnswer: p.myAnswer ?? answered[p.id] ?? null }}
          mayAnswer={live && !asker && mayLive(role, "poll.answer") && room.session.kind !== "coTeaching"}
          mayClose={live && mayLive(role, "poll.close")}
          onAnswer={async (option) => {
            if (await run("poll:answer", { pollId: p.id, option })) setAnswered((a) => ({ ...a, [p.id]: option }));
          }}
          onClose={() => void run("poll:close", { pollId: p.id })}
        />
      ))}
    </section>
  );
}

/** Whether a poll waits for this person's vote (the panel opens by itself for it). */
export function pollsAwaiting(room: TLiveRoomState): string[] {
  const role = room.me.role;
  if (room.session.status !== "live" || mayLive(role, "poll.create") || !mayLive(role, "poll.answer") || room.session.kind === "coTeaching") return [];
  return room.polls.filter((p) => p.status === "open" && p.myAnswer == null).map((p) => p.id);
}

function PollCard(props: { poll: TPollView; mayAnswer: boolean; mayClose: boolean; onAnswer: (option: number) => Promise<void>; onClose: () => void }) {
  const { poll } = props;
  const [choice, setChoice] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const open = poll.status === "open";
  const canVote = props.mayAnswer && open && poll.myAnswer == null;
  const vote = async (e: FormEvent) => {
    e.preventDefault();
    if (choice == null) return;
    setBusy(true);
    await props.onAnswer(choice);
    setBusy(false);
  };
  return (
    <section className="yx-live-poll" data-testid="poll" data-status={poll.status} aria-label={poll.question}>
      <h3>
        {poll.question} <Tag color={open ? "processing" : "default"}>{open ? t("live.poll.open") : t("live.poll.closed")}</Tag>
      </h3>
      {canVote ? (
        <form onSubmit={(e) => void vote(e)} className="yx-stack">
          <Radio.Group vertical value={choice} onChange={(e) => setChoice(e.target.value as number)} aria-label={t("live.poll.choices")} className="yx-poll-choices">
            {poll.options.map((o, i) => (
              <div key={i} data-testid="poll-option" data-count={poll.counts[i] ?? 0}>
                <Radio value={i} data-testid="poll-vote">
                  {o}
                </Radio>
              </div>
            ))}
          </Radio.Group>
          <Button type="primary" htmlType="submit" disabled={choice == null || busy} data-testid="poll-submit">
            {t("live.poll.submit")}
          </Button>
        </form>
      ) : (
        <ul className="yx-list yx-poll-tally">
          {poll.options.map((o, i) => {
            const count = poll.counts[i] ?? 0;
            const pct = poll.total > 0 ? Math.round((count / poll.total) * 100) : 0;
            return (
              <li key={i} data-testid="poll-option" data-count={count} data-mine={poll.myAnswer === i ? "true" : undefined}>
                <span className="yx-poll-row">
                  <span>{o}</span> <span data-testid="poll-count">{t("live.poll.count", { count })}</span>
                </span>
                <Progress percent={pct} size="small" aria-label={`${o} ${pct}%`} status={poll.myAnswer === i ? "success" : "normal"} />
              </li>
            );
          })}
        </ul>
      )}
      <p className="yx-muted">
        <span data-testid="poll-total">{t("live.poll.total", { total: poll.total })}</span>
        {poll.myAnswer != null ? <> · {t("live.poll.mine", { option: poll.options[poll.myAnswer] ?? "" })}</> : null}
      </p>
      {props.mayClose && open ? (
        <Button size="small" onClick={props.onClose} data-testid="poll-close">
          {t("live.poll.close")}
        </Button>
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
