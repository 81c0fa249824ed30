import { Form } from "@remix-run/react";
import { suggestedLiveStart } from "@yanxiu/domain/live";
import { activityKinds } from "@yanxiu/domain/studios";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { ScheduleLiveForm } from "../live/schedule-form.tsx";
import { SessionLinks } from "../live/session-links.tsx";
import { StudioField } from "./fields.tsx";
import type { TActionResult } from "../../lib/action-result.server.ts";
import { toLocalInput } from "@yanxiu/domain/authoring-form";
import { chinaDayAt } from "../../lib/china-time.ts";
import { errorFor } from "../../lib/authoring.ts";
import type { TStudioSession } from "@yanxiu/services/live-record";
import type { loader } from "../../routes/studios.$studioId.plan.tsx";
import { useFreshKey, ActionButton, MembersOnly, type TTabData, type TTabProps } from "./common.tsx";

function ActivityForm(props: { result: TActionResult | undefined; busy: boolean; defaults?: { id: string; kind: string; title: string; date: string; description: string; creditHours: string } }) {
  const { defaults: a, result } = props;
  const editing = !!a;
  // An edit form stays quiet: errors show on the add form, which is the one in view.
  const err = (name: string) => (editing ? null : errorFor(result, "saveActivity", name));
  const p = a ? `activity-${a.id}` : "activity-new";
  return (
    <Form method="post" noValidate className="yx-form-grid" aria-label={editing ? t("studios.plan.edit") : t("studios.plan.add")} data-testid={editing ? "activity-edit-form" : "activity-form"}>
      <input type="hidden" name="intent" value="saveActivity" />
      {a ? <input type="hidden" name="activityId" value={a.id} /> : null}
      <StudioField id={`${p}-kind`} label={t("studios.plan.kind")} error={err("kind")}>
        {(db) => (
          <select id={`${p}-kind`} name="kind" defaultValue={a?.kind ?? "lessonPlanning"} aria-describedby={db}>
            {activityKinds.map((k) => (
              <option key={k} value={k}>
                {t(`studios.activity.${k}`)}
              </option>
            ))}
          </select>
        )}
      </StudioField>
      <StudioField id={`${p}-title`} label={t("studios.plan.titleField")} error={err("title")}>
        {(db) => <input id={`${p}-title`} name="title" required maxLength={100} defaultValue={a?.title ?? ""} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-date`} label={t("studios.plan.date")} error={err("date")}>
        {(db) => <input id={`${p}-date`} name="date" type="date" required defaultValue={a?.date ?? ""} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-description`} label={t("studios.plan.description")} error={err("description")}>
        {(db) => <textarea id={`${p}-description`} name="description" rows={2} maxLength={4000} defaultValue={a?.description ?? ""} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-hours`} label={t("studios.plan.creditHours")} error={err("creditHours")}>
        {(db) => <input id={`${p}-hours`} name="creditHours" type="number" min={0} max={20} step={0.5} defaultValue={a ? Number(a.creditHours) : 0} aria-describedby={db} />}
      </StudioField>
      <button type="submit" className="yx-primary" disabled={props.busy}>
        {t("studios.plan.save")}
      </button>
    </Form>
  );
}

/** Sessions with their status and the way in: the room before the end, the record after. */
export function SessionList({ sessions }: { sessions: TStudioSession[] }) {
  if (sessions.length === 0) return <span className="yx-muted">{t("live.studio.none")}</span>;
  return <SessionLinks sessions={sessions} testId="activity-session" />;
}

export function Plan({ d, result, busy }: TTabProps<TTabData<typeof loader>>) {
  const fresh = useFreshKey(result, "saveActivity");
  if (!d.plan) return <MembersOnly />;
  const manage = d.perms.manage;
  return (
    <Card title={t("studios.plan.title")} testId="studio-plan">
      {d.plan.length === 0 ? (
        <EmptyState>{t("studios.plan.empty")}</EmptyState>
      ) : (
        <ScrollX label={t("common.scrollTable")}>
        <table className="yx-table">
          <thead>
            <tr>
              <th scope="col">{t("studios.plan.date")}</th>
              <th scope="col">{t("studios.plan.kind")}</th>
              <th scope="col">{t("studios.plan.titleField")}</th>
              <th scope="col">{t("studios.plan.description")}</th>
              <th scope="col">{t("studios.plan.hoursColumn")}</th>
              <th scope="col">{t("live.studio.sessions")}</th>
              {manage ? <th scope="col">{t("studios.members.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {d.plan.map((a) => (
              <tr key={a.id} data-testid="activity-row">
                <td>{a.date}</td>
                <td>{t(`studios.activity.${a.kind}`)}</td>
                <td>{a.title}</td>
                <td style={{ whiteSpace: "pre-wrap" }}>{a.description}</td>
                <td>{Number(a.creditHours) > 0 ? t("studios.plan.hoursValue", { hours: Number(a.creditHours) }) : "—"}</td>
                <td>
                  <SessionList sessions={(d.sessions ?? []).filter((x) => x.activityId === a.id)} />
                </td>
                {manage ? (
                  <td>
                    <details>
                      <summary>{t("live.schedule.title")}</summary>
                      <ScheduleLiveForm
                        idPrefix={`live-${a.id}`}
                        label={t("live.schedule.for", { title: a.title })}
                        hidden={{ activityId: a.id }}
                        defaults={{
                          title: a.title,
                          // The activity's evening while it is ahead; for a day gone by, the next half hour.
                          start: toLocalInput(suggestedLiveStart(chinaDayAt(a.date, "19:00"), new Date(d.now))),
                          earliest: toLocalInput(d.now),
                          minutes: 90,
                        }}
                        result={result}
                        busy={busy}
                      />
                    </details>
                    <details>
                      <summary>{t("studios.plan.edit")}</summary>
                      <ActivityForm result={result} busy={busy} defaults={a} />
                    </details>
                    <ActionButton intent="deleteActivity" label={t("studios.plan.delete")} fields={{ activityId: a.id }} confirm={t("studios.plan.confirmDelete", { title: a.title })} danger busy={busy} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
</ScrollX>
      )}
      {manage ? (
        <>
          <h3>{t("studios.plan.add")}</h3>
          <ActivityForm key={fresh} result={result} busy={busy} />
        </>
      ) : null}
    </Card>
  );
}
