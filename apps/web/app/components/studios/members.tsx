import { Form } from "@remix-run/react";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { StudioField } from "./fields.tsx";
import { errorFor } from "../../lib/authoring.ts";
import type { loader } from "../../routes/studios.$studioId.members.tsx";
import { useFreshKey, ActionButton, MembersOnly, type TTabData, type TTabProps } from "./common.tsx";

export function Members({ d, result, busy }: TTabProps<TTabData<typeof loader>>) {
  const fresh = useFreshKey(result, "invite");
  const m = d.members;
  if (!m) return <MembersOnly />;
  const manage = d.perms.manage;
  return (
    <>
      <Card title={t("studios.members.title")} testId="studio-members">
        <ScrollX label={t("common.scrollTable")}>
        <table className="yx-table">
          <thead>
            <tr>
              <th scope="col">{t("studios.members.name")}</th>
              <th scope="col">{t("studios.members.school")}</th>
              <th scope="col">{t("studios.members.role")}</th>
              {manage ? <th scope="col">{t("studios.members.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {m.active.map((x) => (
              <tr key={x.userId} data-testid="member-row">
                <td>{x.name}</td>
                <td>{x.schoolName ?? ""}</td>
                <td>{t(`studios.role.${x.role}`)}</td>
                {manage ? (
                  <td>
                    {x.role !== "host" && d.perms.setRoles ? (
                      <ActionButton
                        intent="setRole"
                        label={x.role === "coHost" ? t("studios.members.makeMember") : t("studios.members.makeCoHost")}
                        fields={{ userId: x.userId, role: x.role === "coHost" ? "member" : "coHost" }}
                        busy={busy}
                      />
                    ) : null}
                    {x.role !== "host" ? (
                      <ActionButton intent="remove" label={t("studios.members.remove")} fields={{ userId: x.userId }} confirm={t("studios.members.confirmRemove", { name: x.name })} danger busy={busy} />
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
</ScrollX>
      </Card>
      {manage ? (
        <>
          <Card title={t("studios.members.applications")} testId="studio-applications">
            {m.applied.length === 0 ? (
              <EmptyState>{t("studios.members.noApplications")}</EmptyState>
            ) : (
              <ul className="yx-stack" style={{ listStyle: "none", padding: 0 }}>
                {m.applied.map((x) => (
                  <li key={x.userId} data-testid="application-row">
                    <strong>{x.name}</strong> <span className="yx-muted">{x.schoolName ?? x.login}</span>
                    {x.note ? <p style={{ whiteSpace: "pre-wrap", margin: "4px 0" }}>{x.note}</p> : null}
                    <div className="yx-inline-form">
                      <ActionButton intent="approve" label={t("studios.members.approve")} fields={{ userId: x.userId }} busy={busy} testId="approve" />
                      <ActionButton intent="reject" label={t("studios.members.reject")} fields={{ userId: x.userId }} confirm={t("studios.members.confirmReject", { name: x.name })} danger busy={busy} />
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title={t("studios.members.invite")}>
            {m.invited.length > 0 ? (
              <>
                <h3>{t("studios.members.invitations")}</h3>
                <ul>
                  {m.invited.map((x) => (
                    <li key={x.userId}>
                      {x.name} <span className="yx-muted">{x.schoolName ?? x.login}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <Form key={fresh} method="post" noValidate className="yx-inline-form" aria-label={t("studios.members.invite")}>
              <input type="hidden" name="intent" value="invite" />
              <StudioField id="invite-login" label={t("studios.members.inviteLogin")} error={errorFor(result, "invite", "login")}>
                {(db) => <input id="invite-login" name="login" required maxLength={64} aria-describedby={db} />}
              </StudioField>
              <button type="submit" className="yx-primary" disabled={busy} style={{ width: "auto" }}>
                {t("studios.members.inviteSend")}
              </button>
            </Form>
          </Card>
        </>
      ) : null}
    </>
  );
}
