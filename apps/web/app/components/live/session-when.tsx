import { Link } from "@remix-run/react";
import { sessionLengthMinutes } from "@yanxiu/domain/progress";
import { t } from "@yanxiu/ui/i18n";
import { formatTime } from "../learning/shell.tsx";

type TSessionTimes = { status: string; scheduledStart: string; scheduledMinutes: number; startedAt: string | null; endedAt: string | null };

/** Whether a session ran (开始直播 then 结束直播): its record then shows those times, not the plan. */
const held = (s: TSessionTimes): s is TSessionTimes & { startedAt: string; endedAt: string } => s.status === "ended" && !!s.startedAt && !!s.endedAt;

/**
 * When a session happens, in a list: once it has run, the real start and end; once started, the real
 * start; before that, the plan (`planned`, or the planned start).
 */
export function SessionWhen({ session: s, planned }: { session: TSessionTimes; planned?: string }) {
  return (
    <span className="yx-muted" data-testid="session-when" data-held={held(s) ? "true" : "false"}>
      {held(s)
        ? t("live.record.times", { from: formatTime(s.startedAt), to: formatTime(s.endedAt) })
        : s.startedAt
          ? t("live.when.started", { time: formatTime(s.startedAt) })
          : (planned ?? formatTime(s.scheduledStart))}
    </span>
  );
}

/** The room page's line about time: the real start, end and minutes of a session that ran (with the plan beside them). */
export function SessionFactsWhen({ session: s }: { session: TSessionTimes }) {
  if (held(s)) {
    const minutes = sessionLengthMinutes(new Date(s.startedAt), new Date(s.endedAt));
    return (
      <span data-testid="live-when" data-held="true" data-started-at={s.startedAt} data-ended-at={s.endedAt}>
        {t("live.facts.held", { from: formatTime(s.startedAt), to: formatTime(s.endedAt), minutes, planned: s.scheduledMinutes })}
      </span>
    );
  }
  return (
    <span data-testid="live-when" data-held="false">
      {t("live.facts.when", { time: formatTime(s.startedAt ?? s.scheduledStart), minutes: s.scheduledMinutes })}
    </span>
  );
}

/**
 * One live session in a list of rooms: its status, its title (where the list is not already one unit's), when,
 * and the way in — or, once it has ended, to its record.
 */
export function SessionItem({ session: x, testId, withTitle }: { session: TSessionTimes & { id: string; title?: string; status: "scheduled" | "live" | "ended" }; testId: string; withTitle?: boolean }) {
  return (
    <li data-testid={testId} data-status={x.status}>
      <span className={`yx-badge yx-live-status-${x.status}`}>{t(`live.status.${x.status}`)}</span> {withTitle ? <>{x.title} </> : null}
      <SessionWhen session={x} />{" "}
      <Link to={`/live/${x.id}`} data-testid={x.status === "ended" ? "live-record-link" : "live-enter"}>
        {x.status === "ended" ? t("live.record.open") : t("live.studio.enter")}
      </Link>
    </li>
  );
}
