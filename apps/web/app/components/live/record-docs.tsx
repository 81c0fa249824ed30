import { Link } from "@remix-run/react";
import type { TLiveRecordDoc, TLiveRecordDocs } from "@yanxiu/services/live-record";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { formatTime } from "../learning/shell.tsx";

// Versions can be seconds apart (one every 100 updates): their times show the seconds.
const fmtSeconds = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const versionTime = (s: string) => fmtSeconds.format(new Date(s));

const textStyle = { whiteSpace: "pre-wrap", margin: 0, fontFamily: "inherit" } as const;

/**
 * An ended session's shared lesson-plan documents: the main document's final text, each breakout group's,
 * and the saved versions with their times; a version opens (`?version=<id>`, a plain link) under the list.
 */
export function LiveRecordDocs({ docs }: { docs: TLiveRecordDocs }) {
  const docName = (docKey: string) => (docKey === docs.main.docKey ? t("live.record.mainDoc") : (docs.groups.find((g) => g.docKey === docKey)?.name ?? docKey));
  const all: { name: string; doc: TLiveRecordDoc }[] = [{ name: t("live.record.mainDoc"), doc: docs.main }, ...docs.groups.map((g) => ({ name: g.name, doc: g }))];
  const opened = docs.opened;
  return (
    <div className="yx-stack" data-testid="record-docs">
      <Card title={t("live.record.doc")} testId="record-doc">
        {docs.main.text ? (
          <pre style={textStyle} data-testid="record-doc-text">
            {docs.main.text}
          </pre>
        ) : (
          <EmptyState>{t("live.record.docEmpty")}</EmptyState>
        )}
      </Card>
      <Card title={t("live.record.groupDocs")} testId="record-group-docs">
        {docs.groups.length === 0 ? (
          <EmptyState>{t("live.record.groupDocsEmpty")}</EmptyState>
        ) : (
          docs.groups.map((g) => {
            const title = t("live.record.groupDoc", { name: g.name, time: formatTime(g.openedAt) });
            return (
              <section key={g.groupId} aria-label={title} data-testid="record-group-doc">
                <h3>{title}</h3>
                {g.text ? (
                  <pre style={textStyle} data-testid="record-group-doc-text">
                    {g.text}
                  </pre>
                ) : (
                  <p className="yx-muted">{t("live.record.docEmpty")}</p>
                )}
              </section>
            );
          })
        )}
      </Card>
      <Card title={t("live.record.versions")} testId="record-doc-versions">
        {all.every((d) => d.doc.versions.length === 0) ? (
          <EmptyState>{t("live.record.versionsEmpty")}</EmptyState>
        ) : (
          all
            .filter((d) => d.doc.versions.length > 0)
            .map((d) => (
              <section key={d.doc.docKey} aria-label={t("live.record.versionsOf", { doc: d.name })}>
                <h3>{t("live.record.versionsOf", { doc: d.name })}</h3>
                <ol className="yx-list">
                  {d.doc.versions.map((v) => (
                    <li key={v.id} data-testid="record-doc-version" data-doc-key={v.docKey}>
                      <Link
                        to={`?version=${v.id}`}
                        preventScrollReset
                        aria-current={opened?.id === v.id ? "true" : undefined}
                        aria-controls="record-doc-version-open"
                      >
                        {t("live.record.openVersion", { time: versionTime(v.createdAt) })}
                      </Link>
                    </li>
                  ))}
                </ol>
              </section>
            ))
        )}
        {opened ? (
          <section id="record-doc-version-open" aria-label={t("live.record.version", { doc: docName(opened.docKey), time: versionTime(opened.createdAt) })} data-testid="record-doc-version-open">
            <h3>{t("live.record.version", { doc: docName(opened.docKey), time: versionTime(opened.createdAt) })}</h3>
            {opened.text ? (
              <pre style={textStyle} data-testid="record-doc-version-text">
                {opened.text}
              </pre>
            ) : (
              <p className="yx-muted">{t("live.record.docEmpty")}</p>
            )}
            <Link to="?" preventScrollReset>
              {t("live.record.closeVersion")}
            </Link>
          </section>
        ) : null}
      </Card>
    </div>
  );
}
