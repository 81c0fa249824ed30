import { Form } from "@remix-run/react";
import { outputKinds } from "@yanxiu/domain/studios";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { FileUpload } from "../file-upload.tsx";
import { StudioField } from "./fields.tsx";
import type { TActionResult } from "../../lib/action-result.server.ts";
import { errorFor } from "../../lib/authoring.ts";
import type { loader } from "../../routes/studios.$studioId.outputs.tsx";
import { useFreshKey, ActionButton, MembersOnly, type TTabData, type TTabProps } from "./common.tsx";

function OutputForm(props: { result: TActionResult | undefined; busy: boolean; activities: { id: string; title: string; date: string }[]; defaults?: { id: string; kind: string; title: string; description: string; authors: string; fileId: string | null; fileName: string | null; activityId: string | null } }) {
  const o = props.defaults;
  const err = (name: string) => (o ? null : errorFor(props.result, "saveOutput", name));
  const p = o ? `output-${o.id}` : "output-new";
  return (
    <Form method="post" noValidate aria-label={o ? t("studios.outputs.edit") : t("studios.outputs.add")} data-testid={o ? "output-edit-form" : "output-form"}>
      <input type="hidden" name="intent" value="saveOutput" />
      {o ? <input type="hidden" name="outputId" value={o.id} /> : null}
      <StudioField id={`${p}-kind`} label={t("studios.outputs.kind")} error={err("kind")}>
        {(db) => (
          <select id={`${p}-kind`} name="kind" defaultValue={o?.kind ?? "lessonPlan"} aria-describedby={db}>
            {outputKinds.map((k) => (
              <option key={k} value={k}>
                {t(`studios.output.${k}`)}
              </option>
            ))}
          </select>
        )}
      </StudioField>
      <StudioField id={`${p}-title`} label={t("studios.outputs.titleField")} error={err("title")}>
        {(db) => <input id={`${p}-title`} name="title" required maxLength={100} defaultValue={o?.title ?? ""} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-authors`} label={t("studios.outputs.authors")} error={err("authors")}>
        {(db) => <input id={`${p}-authors`} name="authors" maxLength={200} defaultValue={o?.authors ?? ""} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-description`} label={t("studios.outputs.description")} error={err("description")}>
        {(db) => <textarea id={`${p}-description`} name="description" rows={3} maxLength={4000} defaultValue={o?.description ?? ""} aria-describedby={db} />}
      </StudioField>
      <StudioField id={`${p}-activity`} label={t("studios.outputs.activity")} error={err("activityId")}>
        {(db) => (
          <select id={`${p}-activity`} name="activityId" defaultValue={o?.activityId ?? ""} aria-describedby={db}>
            <option value="">{t("studios.outputs.noActivity")}</option>
            {props.activities.map((a) => (
              <option key={a.id} value={a.id}>
                {a.date} {a.title}
              </option>
            ))}
          </select>
        )}
      </StudioField>
      <FileUpload
        purpose="studioResource"
        name="fileId"
        label={t("studios.outputs.file")}
        defaultFile={o?.fileId ? { id: o.fileId, originalName: o.fileName ?? "", mime: "", size: 0, durationSeconds: null } : null}
      />
      {err("fileId") ? <span className="yx-field-error" role="alert">{err("fileId")}</span> : null}
      <button type="submit" className="yx-primary" disabled={props.busy}>
        {t("studios.outputs.save")}
      </button>
    </Form>
  );
}

export function Outputs({ d, result, busy }: TTabProps<TTabData<typeof loader>>) {
  const fresh = useFreshKey(result, "saveOutput");
  if (!d.outputs) return <MembersOnly />;
  const manage = d.perms.manage;
  const activities = d.activities ?? [];
  return (
    <>
      <Card title={t("studios.outputs.title")} testId="studio-outputs">
        {d.outputs.length === 0 ? (
          <EmptyState>{t("studios.outputs.empty")}</EmptyState>
        ) : (
          <ul className="yx-stack" style={{ listStyle: "none", padding: 0 }}>
            {d.outputs.map((o) => (
              <li key={o.id} data-testid="output-row">
                <strong>{o.title}</strong> <span className="yx-learning-kind">{t(`studios.output.${o.kind}`)}</span>
                {o.fileId ? (
                  <>
                    {" "}
                    <a href={`/files/${o.fileId}`} target="_blank" rel="noreferrer">
                      {o.fileName}
                    </a>
                  </>
                ) : null}
                {o.authors ? <div className="yx-muted">{t("studios.outputs.byAuthors", { authors: o.authors })}</div> : null}
                {o.activityTitle ? <div className="yx-muted">{t("studios.outputs.fromActivity", { title: o.activityTitle })}</div> : null}
                {o.description ? <p style={{ whiteSpace: "pre-wrap" }}>{o.description}</p> : null}
                {manage ? (
                  <>
                    <details>
                      <summary>{t("studios.outputs.edit")}</summary>
                      <OutputForm result={result} busy={busy} activities={activities} defaults={o} />
                    </details>
                    <ActionButton intent="deleteOutput" label={t("studios.outputs.delete")} fields={{ outputId: o.id }} confirm={t("studios.outputs.confirmDelete", { title: o.title })} danger busy={busy} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {manage ? (
        <Card title={t("studios.outputs.add")}>
          <OutputForm key={fresh} result={result} busy={busy} activities={activities} />
        </Card>
      ) : null}
    </>
  );
}
