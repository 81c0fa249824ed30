import { Badge, Tabs } from "antd";
import { useEffect, useRef, type ReactNode } from "react";
import { mayLive, mayModerate, type TLiveParticipant, type TLiveRoomState, type TOnlineEntry } from "@yanxiu/domain/live";
import { t } from "@yanxiu/ui/i18n";
import { EmptyState } from "@yanxiu/ui/layout";
import { formatTime } from "../learning/shell.tsx";
import { ChatComposer } from "./chat-composer.tsx";
import type { TRun } from "./room-types.ts";
import { ConfirmButton } from "../confirm-button.tsx";

export type TSideTab = { key: string; label: string; content: ReactNode };

/**
 * The room's right-hand column: 聊天 and 成员 (with the host's hand queue, 禁言 and 移出) as tabs, plus any
 * tab the page adds (the 双师 classrooms). Every tab stays rendered, so what arrives while another tab is
 * open is there when one switches.
 */
export function SidePanel(props: { room: TLiveRoomState; online: TOnlineEntry[]; run: TRun; tab: string; onTab: (key: string) => void; extra?: TSideTab | null }) {
  const { room, online, run } = props;
  const hands = mayLive(room.me.role, "hand.lowerAny") ? room.handQueue.length : 0;
  const items = [
    ...(props.extra ? [{ key: props.extra.key, label: props.extra.label, children: props.extra.content, forceRender: true }] : []),
    { key: "chat", label: t("live.side.chat", { count: room.chat.length }), children: <Chat room={room} run={run} />, forceRender: true },
    {
      key: "people",
      label: (
        <Badge count={hands} size="small" offset={[8, -2]} title={t("live.tools.handsWaiting", { count: hands })}>
          {t("live.side.people", { count: online.length })}
        </Badge>
      ),
      children: (
        <div className="yx-side-scroll">
          <HandQueue room={room} run={run} />
          <Participants room={room} online={online} run={run} />
        </div>
      ),
      forceRender: true,
    },
  ];
  return <Tabs className="yx-side-tabs" activeKey={props.tab} onChange={props.onTab} items={items} aria-label={t("live.side.label")} />;
}

function Participants({ room, online, run }: { room: TLiveRoomState; online: TOnlineEntry[]; run: TRun }) {
  const me = room.me;
  const byId = new Map<string, TLiveParticipant>(room.participants.map((p) => [p.userId, p]));
  return (
    <section aria-label={t("live.participants.title", { count: online.length })} data-testid="participants">
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
    </section>
  );
}

function HandQueue({ room, run }: { room: TLiveRoomState; run: TRun }) {
  if (!mayLive(room.me.role, "hand.lowerAny")) return null;
  return (
    <section data-testid="hand-queue" aria-label={t("live.hand.queue")} className="yx-hand-queue">
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
    </section>
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
    <section aria-label={t("live.chat.title")} data-testid="chat" className="yx-side-chat">
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
    </section>
  );
}

