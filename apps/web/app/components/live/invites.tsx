import { Form } from "@remix-run/react";
import type { TLiveInvite } from "@yanxiu/domain/live";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import type { TActionResult } from "../../lib/action-result.server.ts";
import { errorFor } from "../../lib/authoring.ts";
import { formatTime } from "../learning/shell.tsx";
import { StudioField } from "../studios/fields.tsx";

/**
 * The host's and co-hosts' guest list for one session: invite a person of the province by account or
 * 教师编号 (they then find the session under 我的直播), see who has come in, take an invitation back.
 */
export function LiveInvites(props: { invites: TLiveInvite[]; result: TActionResult | undefined; busy: boolean }) {
  const r = props.result;
  const inviteError = errorFor(r, "invite", "login") ?? (r && !r.ok && r.intent === "invite" ? t(errorMessageKey(r.code)) : null);
  return (
    <Card title={t("liveOps.invites.title")} testId="live-invites">
      <p className="yx-muted">{t("liveOps.invites.help")}</p>
      {r?.ok && r.intent === "invite" ? (
        <p className="yx-success" role="status">
          {t("liveOps.invites.done")}
        </p>
      ) : null}
      {r?.ok && r.intent === "revokeInvite" ? (
        <p className="yx-success" role="status">
          {t("liveOps.invites.revoked")}
        </p>
      ) : null}
      <Form method="post" noValidate className="yx-inline-form" aria-label={t("liveOps.invites.title")}>
        <input type="hidden" name="intent" value="invite" />
        <StudioField id="invite-login" label={t("liveOps.invites.login")} error={inviteError}>
          {(db) => <input id="invite-login" name="login" required maxLength={64} autoComplete="off" aria-describedby={db} />}
        </StudioField>
        <button type="submit" className="yx-primary" disabled={props.busy} data-testid="invite-submit">
          {t("liveOps.invites.submit")}
        </button>
      </Form>
      {props.invites.length === 0 ? (
        <EmptyState>{t("liveOps.invites.empty")}</EmptyState>
      ) : (
        <ul className="yx-list">
          {props.invites.map((i) => (
            <li key={i.userId} data-testid="live-invite" data-joined={i.joined ? "yes" : "no"}>
              {i.displayName} <span className="yx-muted">{i.login}</span> <span className="yx-muted">{t("liveOps.invites.at", { time: formatTime(i.invitedAt) })}</span>{" "}
              <span className="yx-badge">{i.joined ? t("liveOps.invites.joined") : t("liveOps.invites.notJoined")}</span>{" "}
              <Form
                method="post"
                style={{ display: "inline" }}
                onSubmit={(e) => {
                  if (!window.confirm(t("liveOps.invites.confirmRevoke", { name: i.displayName }))) e.preventDefault();
                }}
              >
                <input type="hidden" name="intent" value="revokeInvite" />
                <input type="hidden" name="userId" value={i.userId} />
                <button type="submit" className="yx-danger" disabled={props.busy} data-testid="invite-revoke">
                  {t("liveOps.invites.revoke")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
