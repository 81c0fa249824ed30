import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { groupDocKey, liveLimits, mayLive, type TLiveGroup, type TLiveRoomState, type TOnlineEntry } from "@yanxiu/domain/live";
import { t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { formatTime } from "../learning/shell.tsx";
import { ChatComposer } from "./chat-composer.tsx";
import { SharedDocument, type TDocChannel } from "./document.tsx";
import { ConfirmButton } from "../confirm-button.tsx";

type TRun = (event: "breakout:open" | "breakout:close" | "chat:send", payload: object) => Promise<Record<string, unknown> | null>;
type TProps = { room: TLiveRoomState; online: TOnlineEntry[]; run: TRun; channel: TDocChannel };

/**
 * Breakout groups. The host and co-hosts split the people in the room into groups, see who is in which
 * and look into each group's document, and call everyone back. A participant in a group gets the group's
 * own chat and document; when the groups close, they are back in the main room (and told so).
 */
export function Breakouts({ room, online, run, channel }: TProps) {
  const manage = mayLive(room.me.role, "breakout.manage");
  const wasInGroup = useRef(false);
  const [back, setBack] = useState(false);
  const inGroup = room.group != null;
  useEffect(() => {
    if (wasInGroup.current && !inGroup) setBack(true);
    if (inGroup) setBack(false);
    wasInGroup.current = inGroup;
  }, [inGroup]);

  if (manage) return <ManageBreakouts room={room} online={online} run={run} channel={channel} />;
  if (room.group) return <MyGroup room={room} online={online} run={run} channel={channel} />;
  if (room.breakout.open) {
    return (
      <p className="yx-muted" role="status" data-testid="breakout-main-room">
        {t("live.breakout.inMainRoom")}
      </p>
    );
  }
  return back ? (
    <p className="yx-success" role="status" data-testid="breakout-back">
      {t("live.breakout.back")}
    </p>
  ) : null;
}

function ManageBreakouts({ room, online, run, channel }: TProps) {
  const [count, setCount] = useState<string>(String(liveLimits.minGroups));
  const [problem, setProblem] = useState(false);
  const [busy, setBusy] = useState(false);
  const [looking, setLooking] = useState<string | null>(null);
  const live = room.session.status === "live";
  // The room state's participants are those at join time; presence has whoever came since.
  const names = new Map([...room.participants, ...online].map((p) => [p.userId, p.displayName]));
  const act = async (event: "breakout:open" | "breakout:close", payload: object) => {
    setBusy(true);
    await run(event, payload);
    setBusy(false);
  };
  const open = (e: FormEvent) => {
    e.preventDefault();
    const groups = Number(count);
    const valid = Number.isInteger(groups) && groups >= liveLimits.minGroups && groups <= liveLimits.maxGroups;
    setProblem(!valid);
    if (valid && window.confirm(t("live.breakout.confirmOpen", { count: groups }))) void act("breakout:open", { groups });
  };
  return (
    <Card title={t("live.breakout.title")} testId="breakouts">
      {!live ? <p className="yx-muted">{t("live.breakout.notLive")}</p> : null}
      {live && !room.breakout.open ? (
        <form className="yx-toolbar" onSubmit={open} noValidate aria-label={t("live.breakout.open")} data-testid="breakout-form">
          <p className="yx-muted">{t("live.breakout.closedNote")}</p>
          <label htmlFor="breakout-count">{t("live.breakout.count", { min: liveLimits.minGroups, max: liveLimits.maxGroups })}</label>
          <input
            id="breakout-count"
            type="number"
            inputMode="numeric"
            min={liveLimits.minGroups}
            max={liveLimits.maxGroups}
            value={count}
            onChange={(e) => setCount(e.currentTarget.value)}
            aria-invalid={problem || undefined}
            aria-describedby={problem ? "breakout-count-error" : undefined}
            style={{ width: "5em" }}
          />
          {problem ? (
            <p id="breakout-count-error" className="yx-field-error" role="alert">
              {t("live.breakout.countInvalid", { min: liveLimits.minGroups, max: liveLimits.maxGroups })}
            </p>
          ) : null}
          <button type="submit" className="yx-primary" disabled={busy} data-testid="breakout-open">
            {t("live.breakout.open")}
          </button>
        </form>
      ) : null}
      {room.breakout.open ? (
        <>
          <h3>{t("live.breakout.groups")}</h3>
          <ul className="yx-list" data-testid="breakout-groups">
            {room.breakout.groups.map((g) => (
              <GroupRow
                key={g.id}
                group={g}
                names={g.memberIds.map((id) => names.get(id) ?? id)}
                looking={looking === g.id}
                onLook={() => setLooking((x) => (x === g.id ? null : g.id))}
              >
                {looking === g.id ? <GroupDocument room={room} group={g} channel={channel} /> : null}
              </GroupRow>
            ))}
          </ul>
          {live ? (
            <ConfirmButton className="yx-danger" disabled={busy} data-testid="breakout-close" confirm={t("live.breakout.confirmClose")} onConfirm={() => void act("breakout:close", {})}>
              {t("live.breakout.close")}
            </ConfirmButton>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}

function GroupRow(props: { group: TLiveGroup; names: string[]; looking: boolean; onLook: () => void; children: ReactNode }) {
  const { group: g } = props;
  const panel = `breakout-doc-${g.id}`;
  return (
    <li data-testid="breakout-group" data-group={g.id} aria-label={g.name}>
      <strong>{g.name}</strong>{" "}
      <span className="yx-muted" data-testid="breakout-members">
        {props.names.length ? t("live.breakout.members", { names: props.names.join(t("live.breakout.nameSeparator")) }) : t("live.breakout.noMembers")}
      </span>{" "}
      <button type="button" className="yx-link-button" aria-expanded={props.looking} aria-controls={panel} onClick={props.onLook}>
        {props.looking ? t("live.breakout.hideDoc", { name: g.name }) : t("live.breakout.viewDoc", { name: g.name })}
      </button>
      <div id={panel}>{props.children}</div>
    </li>
  );
}

/** A moderator's look into a group's document (fetched whole with `doc:sync`; again after every rejoin). */
function GroupDocument({ room, group, channel }: { room: TLiveRoomState; group: TLiveGroup; channel: TDocChannel }) {
  // A new room state (a rejoin) is a new object: the document syncs again then, and only then.
  const rejoined = room.doc;
  const state = useMemo(() => ({ docKey: groupDocKey(group.id), update: "", rejoined }), [group.id, rejoined]);
  return (
    <SharedDocument
      sessionId={room.session.id}
      state={state}
      channel={channel}
      editable={room.session.status === "live"}
      label={t("live.breakout.docLabel", { name: group.name })}
      testId="breakout-group-doc"
    />
  );
}

function MyGroup({ room, run, channel }: TProps) {
  const group = room.group!;
  const live = room.session.status === "live";
  return (
    <Card title={group.name} testId="breakout-mine">
      <p className="yx-success" role="status" data-testid="breakout-my-group" data-group={group.id}>
        {t("live.breakout.youAreIn", { name: group.name })}
      </p>
      <div className="yx-live-grid">
        <section aria-label={t("live.breakout.docOf", { name: group.name })}>
          <h3>{t("live.breakout.docOf", { name: group.name })}</h3>
          <SharedDocument
            key={group.id}
            sessionId={room.session.id}
            state={group.doc}
            channel={channel}
            editable={live}
            label={t("live.breakout.docLabel", { name: group.name })}
            testId="breakout-doc"
          />
        </section>
        <GroupChat room={room} run={run} />
      </div>
    </Card>
  );
}

function GroupChat({ room, run }: { room: TLiveRoomState; run: TRun }) {
  const group = room.group!;
  const list = useRef<HTMLOListElement>(null);
  const closed = room.session.status === "ended";
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [group.chat.length]);
  const inputId = `breakout-chat-${group.id}`;
  return (
    <section aria-label={t("live.breakout.chat", { name: group.name })} data-testid="breakout-chat">
      <h3>{t("live.breakout.chat", { name: group.name })}</h3>
      {group.chat.length === 0 ? <p className="yx-muted">{t("live.breakout.chatEmpty")}</p> : null}
      <ol ref={list} className="yx-live-chat" aria-label={t("live.breakout.chatMessages", { name: group.name })} aria-live="polite">
        {group.chat.map((m) => (
          <li key={m.id} data-testid="breakout-chat-message" data-author={m.authorId}>
            <strong>{m.authorName}</strong> <span className="yx-muted">{formatTime(m.createdAt)}</span>
            <p style={{ whiteSpace: "pre-wrap", margin: "2px 0" }}>{m.body}</p>
          </li>
        ))}
      </ol>
      <ChatComposer
        inputId={inputId}
        label={t("live.breakout.chatBody")}
        closed={closed}
        muted={room.me.muted}
        testIdPrefix="breakout-chat"
        onSend={(body) => run("chat:send", { body, groupId: group.id })}
      />
    </section>
  );
}
