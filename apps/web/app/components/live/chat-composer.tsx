import { useState, type FormEvent } from "react";
import { liveLimits } from "@yanxiu/domain/live";
import { t } from "@yanxiu/ui/i18n";

/**
 * The box a chat is written in (the room's and a breakout group's): Enter sends, Shift+Enter starts a new
 * line, the text stays until the server took it. Nothing when the session has ended; a notice when muted.
 */
export function ChatComposer(props: { inputId: string; label: string; closed: boolean; muted: boolean; testIdPrefix: string; onSend: (body: string) => Promise<unknown> }) {
  const [body, setBody] = useState("");
  const [sending, setSending] = useState(false);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    const text = body.trim();
    if (!text) return;
    setSending(true);
    // A falsy answer means refused (the room showed why): the text stays for another try.
    const ok = await props.onSend(text);
    setSending(false);
    if (ok) setBody("");
  };
  if (props.closed) return null;
  if (props.muted) return <p className="yx-warning">{t("live.chat.muted")}</p>;
  return (
    <form onSubmit={(e) => void send(e)} className="yx-live-chat-form">
      <label htmlFor={props.inputId} className="yx-sr-only">
        {props.label}
      </label>
      <textarea
        id={props.inputId}
        rows={2}
        maxLength={liveLimits.chatBodyChars}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) void send(e);
        }}
        data-testid={`${props.testIdPrefix}-input`}
      />
      <button type="submit" className="yx-primary" disabled={sending || !body.trim()} data-testid={`${props.testIdPrefix}-send`}>
        {t("live.chat.send")}
      </button>
    </form>
  );
}
