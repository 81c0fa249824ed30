import type { TPresenceEntry } from "@yanxiu/domain/socket";
import { t, type TMessageKey } from "./i18n/index.ts";
import { Card, EmptyState } from "./layout.tsx";

export type TPresenceState = "connecting" | "online" | "offline";

/** Who of my province is online. Presentational: the page owns the socket. */
export function PresenceList(props: { state: TPresenceState; online: TPresenceEntry[]; selfId: string }) {
  const others = props.online.filter((p) => p.userId !== props.selfId);
  return (
    <Card title={t("presence.title")} badge={props.state === "online" ? t("presence.count", { count: props.online.length }) : undefined} testId="presence">
      {props.state === "connecting" ? <EmptyState>{t("presence.connecting")}</EmptyState> : null}
      {props.state === "offline" ? <p className="yx-warning">{t("presence.offline")}</p> : null}
      {props.state === "online" && others.length === 0 ? <EmptyState>{t("presence.empty")}</EmptyState> : null}
      <ul className="yx-presence" aria-live="polite">
        {props.online.map((p) => (
          <li key={p.userId} data-user-id={p.userId}>
            <span className="yx-dot" aria-hidden="true" />
            {p.displayName}
            {p.userId === props.selfId ? t("presence.you") : null}
            <span className="yx-muted"> · {t(`role.${p.role}` as TMessageKey)}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
