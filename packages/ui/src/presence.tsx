import { Button } from "antd";
import type { TPresenceEntry } from "@yanxiu/domain/socket";
import { t, type TMessageKey } from "./i18n/index.ts";
import { Card, EmptyState } from "./layout.tsx";

export type TPresenceState = "connecting" | "online" | "offline";

/** The people after the first page, read on demand (presence:list, a page at a time). */
export type TPresenceMore = { people: TPresenceEntry[]; loading: boolean; failed: boolean; hasMore: boolean; onMore(): void; onLess(): void };

/**
 * Who of my province is online. Presentational: the page owns the socket. `total` people are online; the
 * broadcast brings the first page only (`online`), the rest is shown a page at a time on request, so a
 * province of 10,000 online costs each page a count and 50 names (decision 026).
 */
export function PresenceList(props: { state: TPresenceState; total: number; online: TPresenceEntry[]; selfId: string; more?: TPresenceMore }) {
  const others = props.total - (props.online.some((p) => p.userId === props.selfId) ? 1 : 0);
  const shownIds = new Set(props.online.map((p) => p.userId));
  const extra = (props.more?.people ?? []).filter((p) => !shownIds.has(p.userId));
  const shown = [...props.online, ...extra];
  const hidden = Math.max(0, props.total - shown.length);
  return (
    <Card title={t("presence.title")} badge={props.state === "online" ? t("presence.count", { count: props.total }) : undefined} testId="presence">
      {props.state === "connecting" ? <EmptyState>{t("presence.connecting")}</EmptyState> : null}
      {props.state === "offline" ? <p className="yx-warning">{t("presence.offline")}</p> : null}
      {props.state === "online" && others <= 0 ? <EmptyState>{t("presence.empty")}</EmptyState> : null}
      <ul className="yx-presence" aria-live="polite" data-shown={shown.length}>
        {shown.map((p) => (
          <li key={p.userId} data-user-id={p.userId}>
            <span className="yx-dot" aria-hidden="true" />
            {p.displayName}
            {p.userId === props.selfId ? t("presence.you") : null}
            <span className="yx-muted"> · {t(`role.${p.role}` as TMessageKey)}</span>
          </li>
        ))}
      </ul>
      {props.more && props.state === "online" && (hidden > 0 || extra.length > 0) ? (
        <div className="yx-presence-more">
          {props.more.failed ? <p className="yx-warning">{t("presence.moreFailed")}</p> : null}
          {hidden > 0 && props.more.hasMore ? (
            <Button block loading={props.more.loading} onClick={props.more.onMore} data-testid="presence-more">
              {t("presence.more", { count: hidden })}
            </Button>
          ) : null}
          {extra.length > 0 ? (
            <Button block type="text" onClick={props.more.onLess} data-testid="presence-less">
              {t("presence.less")}
            </Button>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
