import { useEffect, useRef, useState } from "react";
import type { TDocState } from "@yanxiu/domain/live";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
// Types only: the module itself (and yjs with it) is loaded in the browser when a document opens.
import type { DocBinding, TDocStatus } from "./doc-binding.ts";
import type { TLiveRoom } from "./use-live-room.ts";

export type TDocChannel = Pick<TLiveRoom, "emit" | "onDocUpdate" | "connection">;

/**
 * One shared lesson-plan document as a text box (see doc-binding.ts for how edits travel). `state` is the
 * room state's copy: a new one arrives on every join, rejoin and recovered connection, and each makes the
 * document sync again. A status line says 已保存 or 同步中; a refusal is shown with the room's error texts.
 */
export function SharedDocument(props: {
  sessionId: string;
  state: TDocState;
  channel: TDocChannel;
  editable: boolean;
  label: string;
  testId: string;
}) {
  const { sessionId, state, channel, editable, label, testId } = props;
  const docKey = state.docKey;
  const box = useRef<HTMLTextAreaElement>(null);
  const [binding, setBinding] = useState<DocBinding | null>(null);
  const [status, setStatus] = useState<TDocStatus>("loading");
  const [refused, setRefused] = useState<string | null>(null);
  const latest = useRef({ channel, state });
  latest.current = { channel, state };

  useEffect(() => {
    let gone = false;
    let made: DocBinding | null = null;
    void import("./doc-binding.ts").then(({ DocBinding }) => {
      if (gone) return;
      const send = (event: "doc:update" | "doc:sync", payload: object) => latest.current.channel.emit(event, { sessionId, docKey, ...payload });
      made = new DocBinding(
        { update: (update) => send("doc:update", { update }), sync: (stateVector) => send("doc:sync", { stateVector }) },
        setStatus,
        (code) => setRefused(code),
      );
      if (box.current) made.attach(box.current);
      setBinding(made);
    });
    return () => {
      gone = true;
      made?.destroy();
      setBinding(null);
    };
  }, [sessionId, docKey]);

  const { onDocUpdate } = channel;
  useEffect(() => {
    if (!binding) return;
    return onDocUpdate((p) => {
      if (p.docKey === docKey) binding.receive(p.update);
    });
  }, [binding, onDocUpdate, docKey]);

  const online = channel.connection === "online";
  useEffect(() => binding?.setOnline(online), [binding, online]);

  // On joining, and again whenever the room state is fetched anew (a rejoin or a recovered connection).
  useEffect(() => {
    if (binding) void binding.resync(state.update || null);
  }, [binding, state]);

  return (
    <div className="yx-live-doc" data-testid={testId} data-doc-key={docKey} data-status={status}>
      <p className="yx-muted" role="status" aria-live="polite" data-testid="doc-status">
        <span className="yx-sr-only">{t("live.doc.status.label")}：</span>
        {t(`live.doc.status.${status}` as TMessageKey)}
      </p>
      {refused ? (
        <p className="yx-alert" role="alert" data-testid="doc-error">
          {t("live.doc.refused", { message: refused === "timeout" ? t("live.timeout") : t(errorMessageKey(refused)) })}
        </p>
      ) : null}
      <textarea
        ref={box}
        className="yx-live-doc-text"
        aria-label={label}
        rows={12}
        readOnly={!editable}
        disabled={!binding}
        spellCheck={false}
        defaultValue=""
        style={{ width: "100%", fontFamily: "inherit", lineHeight: 1.6 }}
        data-testid="doc-text"
      />
      {editable ? null : <p className="yx-muted">{t("live.doc.readOnly")}</p>}
    </div>
  );
}

/** The session's main document as a panel of the room. */
export function SharedDocumentPanel(props: { sessionId: string; state: TDocState; channel: TDocChannel; editable: boolean }) {
  return (
    <Card title={t("live.doc.title")} testId="live-doc">
      <p className="yx-muted">{t("live.doc.hint")}</p>
      <SharedDocument {...props} label={t("live.doc.label")} testId="live-doc-main" />
    </Card>
  );
}
