import type { TLiveRecord } from "@yanxiu/services/live-record";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { formatTime } from "../learning/shell.tsx";
import { RecordBoard } from "./record-board.tsx";

/** An ended session's record: the chat transcript, each poll's result, the whiteboard pages and who attended for how long. */
export function LiveRecord({ record, attendanceHref }: { record: TLiveRecord; attendanceHref?: string }) {
  return (
    <div className="yx-stack" data-testid="live-record">
      <h2>{t("live.record.title")}</h2>
      <Card title={t("live.record.attendance")} testId="record-attendance">
        {attendanceHref ? (
          <p>
            <a href={attendanceHref} download data-testid="attendance-export">
              {t("liveOps.attendance.export")}
            </a>
          </p>
        ) : null}
        {record.attendance.length === 0 ? (
          <EmptyState>{t("live.record.attendanceEmpty")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
          <table className="yx-table">
            <thead>
              <tr>
                <th scope="col">{t("live.record.name")}</th>
                <th scope="col">{t("live.record.role")}</th>
                <th scope="col">{t("live.record.firstJoined")}</th>
                <th scope="col">{t("live.record.minutes")}</th>
              </tr>
            </thead>
            <tbody>
              {record.attendance.map((a) => (
                <tr key={a.userId} data-testid="attendance-row">
                  <td>{a.displayName}</td>
                  <td>{t(`live.role.${a.role}`)}</td>
                  <td>{formatTime(a.firstJoinedAt)}</td>
                  <td>{t("live.record.minutesValue", { minutes: a.minutes })}</td>
                </tr>
              ))}
            </tbody>
          </table>
</ScrollX>
        )}
      </Card>
      <Card title={t("live.record.polls")} testId="record-polls">
        {record.polls.length === 0 ? (
          <EmptyState>{t("live.record.pollsEmpty")}</EmptyState>
        ) : (
          record.polls.map((p) => (
            <section key={p.id} className="yx-live-poll" data-testid="record-poll" aria-label={p.question}>
              <h3>{p.question}</h3>
              <ul className="yx-list">
                {p.options.map((o, i) => (
                  <li key={i} data-testid="record-poll-option" data-count={p.counts[i] ?? 0}>
                    {o}：{t("live.poll.count", { count: p.counts[i] ?? 0 })}
                  </li>
                ))}
              </ul>
              <p className="yx-muted">{t("live.poll.total", { total: p.total })}</p>
            </section>
          ))
        )}
      </Card>
      <RecordBoard board={record.board} />
      <Card title={t("live.record.chat")} testId="record-chat">
        {record.chat.length === 0 ? (
          <EmptyState>{t("live.record.chatEmpty")}</EmptyState>
        ) : (
          <ol className="yx-live-chat yx-live-chat-record">
            {record.chat.map((m) => (
              <li key={m.id} data-testid="record-chat-message">
                <strong>{m.authorName}</strong> <span className="yx-muted">{formatTime(m.createdAt)}</span>
                <p style={{ whiteSpace: "pre-wrap", margin: "2px 0" }}>{m.body}</p>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
