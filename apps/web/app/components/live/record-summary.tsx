import { Descriptions } from "antd";
import type { TLiveRecord, TLiveSessionPage } from "@yanxiu/services/live-record";
import { t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { LiveCredit } from "./credit.tsx";
import { SessionFactsWhen } from "./session-when.tsx";

/**
 * The head of an ended session's record, as a meeting record reads: when it ran and for how long, who
 * hosted, how many came, what it belonged to, the 课件 it showed (the PDF) and the viewer's 学时.
 */
export function RecordSummary({ page, record }: { page: TLiveSessionPage; record: TLiveRecord }) {
  const s = page.session;
  const slides = record.board.slidesFileId;
  const items = [
    {
      key: "status",
      label: t("live.record.when"),
      children: (
        <>
          <span className="yx-badge yx-live-status-ended" data-testid="live-status" data-status="ended">
            {t("live.status.ended")}
          </span>{" "}
          <SessionFactsWhen session={s} />
        </>
      ),
      span: 2,
    },
    { key: "host", label: t("live.record.host"), children: page.hostName },
    { key: "attendees", label: t("live.record.attendees"), children: t("live.record.attendeesValue", { count: record.attendance.length }) },
    ...(page.activityTitle ? [{ key: "activity", label: t("live.record.activity"), children: page.activityTitle }] : []),
    ...(page.studio ? [{ key: "studio", label: t("live.record.studio"), children: page.studio.name }] : []),
    {
      key: "slides",
      label: t("live.record.slides"),
      children: slides ? (
        <a href={`/files/${slides}`} target="_blank" rel="noreferrer" data-testid="record-slides">
          {t("live.record.slidesLink")}
        </a>
      ) : (
        <span className="yx-muted">{t("live.record.slidesNone")}</span>
      ),
    },
    ...(page.credit ? [{ key: "credit", label: t("live.record.credit"), children: <LiveCredit credit={page.credit} />, span: 2 }] : []),
  ];
  return (
    <Card title={t("live.record.summary")} testId="record-summary">
      <Descriptions className="yx-record-summary" bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} items={items} />
    </Card>
  );
}
