import { Form, Link } from "@remix-run/react";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { StudioFacts, StudioField } from "./fields.tsx";
import { SessionList } from "./plan.tsx";
import { errorFor } from "../../lib/authoring.ts";
import type { loader } from "../../routes/studios.$studioId._index.tsx";
import { ActionButton, type TTabData, type TTabProps } from "./common.tsx";

export function Overview({ d, result, busy }: TTabProps<TTabData<typeof loader>>) {
  const s = d.studio;
  const me = d.me;
  const err = (name: string) => errorFor(result, "apply", name);
  return (
    <>
      <Card title={t("studios.tab.overview")} testId="studio-facts">
        <StudioFacts s={s} term={{ from: s.termStart, to: s.termEnd }} />
        <h3>{t("studios.facts.description")}</h3>
        <p style={{ whiteSpace: "pre-wrap" }}>{s.description || t("studios.facts.noDescription")}</p>
        {d.perms.editFacts ? <Link to={`/studios/${s.id}/edit`}>{t("studios.edit")}</Link> : null}
      </Card>
      <Card title={t("studios.join.title")} testId="studio-membership">
        {me?.status === "active" ? (
          <>
            <p>{t("studios.join.member", { role: t(`studios.role.${me.role}`) })}</p>
            {d.perms.leave ? (
              <ActionButton intent="leave" label={t("studios.join.leave")} confirm={t("studios.join.confirmLeave", { name: s.name })} danger busy={busy} />
            ) : null}
          </>
        ) : me?.status === "applied" ? (
          <>
            <p data-testid="application-pending">{t("studios.join.pending")}</p>
            {d.perms.leave ? <ActionButton intent="leave" label={t("studios.join.withdraw")} busy={busy} /> : null}
          </>
        ) : me?.status === "invited" && d.perms.answerInvitation ? (
          <>
            <p>{t("studios.join.invited")}</p>
            <div className="yx-inline-form">
              <ActionButton intent="accept" label={t("studios.join.accept")} busy={busy} />
              <ActionButton intent="decline" label={t("studios.join.decline")} busy={busy} />
            </div>
          </>
        ) : d.perms.apply ? (
          <Form method="post" noValidate aria-label={t("studios.join.apply")}>
            <input type="hidden" name="intent" value="apply" />
            {me?.status === "rejected" ? <p className="yx-muted">{t("studios.join.rejected")}</p> : null}
            <StudioField id="apply-note" label={t("studios.join.note")} error={err("note")}>
              {(db) => <textarea id="apply-note" name="note" rows={2} maxLength={500} aria-describedby={db} />}
            </StudioField>
            <button type="submit" className="yx-primary" disabled={busy} data-testid="apply">
              {t("studios.join.apply")}
            </button>
          </Form>
        ) : s.status === "archived" ? (
          <p className="yx-muted">{t("studios.join.closed")}</p>
        ) : null}
        {s.pendingCount > 0 ? (
          <p>
            <Link to={`/studios/${s.id}/members`}>{t("studios.pendingApplications", { count: s.pendingCount })}</Link>
          </p>
        ) : null}
      </Card>
      {d.perms.readMembersOnly ? (
        <Card title={t("studios.nextActivity")}>
          {s.nextActivity ? (
            <p>
              {s.nextActivity.date} · {t(`studios.activity.${s.nextActivity.kind}`)} · {s.nextActivity.title}
            </p>
          ) : (
            <EmptyState>{t("studios.noNextActivity")}</EmptyState>
          )}
        </Card>
      ) : null}
      {d.sessions ? (
        <Card title={t("live.studio.title")} testId="studio-sessions">
          {d.sessions.length === 0 ? <EmptyState>{t("live.studio.empty")}</EmptyState> : <SessionList sessions={d.sessions} />}
        </Card>
      ) : null}
    </>
  );
}
