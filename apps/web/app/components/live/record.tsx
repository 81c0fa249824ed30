import { Progress } from "antd";
import type { TLiveRecord } from "@yanxiu/services/live-record";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { formatTime } from "../learning/shell.tsx";
import { RecordBoard } from "./record-board.tsx";

/** An ended session's record, in the order of a meeting record: who attended for how long, the chat transcript, each poll's result (a bar per option), the whiteboard pages. */
export function LiveRecord({ record, attendanceHref }: { record: TLiveRecord; attendanceHref?: string }) {
  return (
    <div className="yx-stack" data-testid="live-record">
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
      <Card title={t("live.record.polls")} testId="record-polls">
        {record.polls.length === 0 ? (
          <EmptyState>{t("live.record.pollsEmpty")}</EmptyState>
        ) : (
          record.polls.map((p) => (
            <section key={p.id} className="yx-live-poll" data-testid="record-poll" aria-label={p.question}>
              <h3>{p.question}</h3>
              <ul className="yx-list yx-poll-tally">
                {p.options.map((o, i) => {
                  const count = p.counts[i] ?? 0;
                  const pct = p.total > 0 ? Math.round((count / p.total) * 100) : 0;
                  return (
                    <li key={i} data-testid="record-poll-option" data-count={count}>
                      <span>
                        {o}：{t("live.poll.count", { count })}
                      </span>
                      <Progress percent={pct} size="small" aria-label={`${o} ${pct}%`} />
                    </li>
                  );
                })}
              </ul>
              <p className="yx-muted">{t("live.poll.total", { total: p.total })}</p>
            </section>
          ))
        )}
      </Card>
      <RecordBoard board={record.board} />
    </div>
  );
}
