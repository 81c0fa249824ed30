import { Link } from "@remix-run/react";
import type { TStudioSession } from "@yanxiu/services/live-record";
import { t } from "@yanxiu/ui/i18n";
import { SessionWhen } from "./session-when.tsx";

/**
 * Live sessions in a list (a studio's plan and overview, a course's 直播 units): status, title, when, and
 * the way in — the room before the end, the record after.
 */
export function SessionLinks({ sessions, testId }: { sessions: TStudioSession[]; testId: string }) {
  return (
    <ul className="yx-list">
      {sessions.map((x) => (
        <li key={x.id} data-testid={testId} data-status={x.status}>
          <span className={`yx-badge yx-live-status-${x.status}`}>{t(`live.status.${x.status}`)}</span> {x.title}{" "}
          <SessionWhen session={x} />{" "}
          <Link to={`/live/${x.id}`} data-testid={x.status === "ended" ? "live-record-link" : "live-enter"}>
            {x.status === "ended" ? t("live.record.open") : t("live.studio.enter")}
          </Link>
        </li>
      ))}
    </ul>
  );
}
