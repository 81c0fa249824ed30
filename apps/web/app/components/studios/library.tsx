import { Form, Link, useSearchParams } from "@remix-run/react";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { FileUpload } from "../file-upload.tsx";
import { formatTime } from "../learning/shell.tsx";
import { StudioField } from "./fields.tsx";
import { errorFor } from "../../lib/authoring.ts";
import type { loader } from "../../routes/studios.$studioId.library.tsx";
import { useFreshKey, ActionButton, MembersOnly, type TTabData, type TTabProps } from "./common.tsx";

export function Library({ d, result, busy }: TTabProps<TTabData<typeof loader>>) {
  const fresh = useFreshKey(result, "addResource");
  const [params] = useSearchParams();
  const lib = d.library;
  if (!lib) return <MembersOnly />;
  const err = (name: string) => errorFor(result, "addResource", name);
  const manage = d.perms.manage;
  return (
    <>
      {lib.membersOnlyHidden ? <p className="yx-muted">{t("studios.library.sharedOnly")}</p> : null}
      <Card title={t("studios.library.filters")}>
        <Form method="get" className="yx-filters" aria-label={t("studios.library.filters")}>
          <label>
            {t("studios.library.tag")}
            <select name="tag" defaultValue={params.get("tag") ?? ""}>
              <option value="">{t("studios.list.any")}</option>
              {lib.tags.map((tag) => (
                <option key={tag} value={tag}>
                  {tag}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("studios.library.kind")}
            <select name="kind" defaultValue={params.get("kind") ?? ""}>
              <option value="">{t("studios.list.any")}</option>
              <option value="document">{t("studios.library.kind.document")}</option>
              <option value="video">{t("studios.library.kind.video")}</option>
            </select>
          </label>
          <label className="yx-check">
            <input type="checkbox" name="cases" value="1" defaultChecked={params.get("cases") === "1"} /> {t("studios.library.casesOnly")}
          </label>
          <button type="submit" className="yx-primary">
            {t("studios.library.filter")}
          </button>
          <Link to={`/studios/${d.studio.id}/library`}>{t("studios.library.reset")}</Link>
        </Form>
      </Card>
      <Card title={t("studios.library.title")} testId="studio-library">
        {lib.items.length === 0 ? (
          <EmptyState>{t("studios.library.empty")}</EmptyState>
        ) : (
          <ul className="yx-stack" style={{ listStyle: "none", padding: 0 }}>
            {lib.items.map((r) => (
              <li key={r.id} data-testid="resource-row">
                <a href={`/files/${r.fileId}`} target="_blank" rel="noreferrer">
                  {r.title}
                </a>{" "}
                <span className="yx-learning-kind">{t(`studios.library.kind.${r.kind}`)}</span> {r.isCase ? <span className="yx-badge">{t("studios.library.case")}</span> : null}{" "}
                {r.visibility === "tenant" ? <span className="yx-badge">{t("studios.library.shared")}</span> : null}
                <div className="yx-muted">
                  {r.tags.map((tag) => `#${tag}`).join(" ")} {t("studios.library.uploadedBy", { name: r.uploaderName })} · {formatTime(String(r.createdAt))}
                </div>
                {manage ? (
                  <ActionButton intent="deleteResource" label={t("studios.library.delete")} fields={{ resourceId: r.id }} confirm={t("studios.library.confirmDelete", { title: r.title })} danger busy={busy} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {manage ? (
        <Card title={t("studios.library.add")}>
          <Form key={fresh} method="post" noValidate aria-label={t("studios.library.add")} data-testid="resource-form">
            <input type="hidden" name="intent" value="addResource" />
            <FileUpload purpose="studioResource" name="fileId" label={t("studios.library.file")} />
            {err("fileId") ? <span className="yx-field-error" role="alert">{err("fileId")}</span> : null}
            <StudioField id="resource-title" label={t("studios.library.titleField")} error={err("title")}>
              {(db) => <input id="resource-title" name="title" required maxLength={100} aria-describedby={db} />}
            </StudioField>
            <StudioField id="resource-tags" label={t("studios.library.tags")} error={err("tags")}>
              {(db) => <input id="resource-tags" name="tags" maxLength={250} aria-describedby={db} />}
            </StudioField>
            <label className="yx-check">
              <input type="checkbox" name="isCase" value="1" /> {t("studios.library.isCase")}
            </label>
            <StudioField id="resource-visibility" label={t("studios.library.visibility")} error={err("visibility")}>
              {(db) => (
                <select id="resource-visibility" name="visibility" defaultValue="members" aria-describedby={db}>
                  <option value="members">{t("studios.library.visibility.members")}</option>
                  <option value="tenant">{t("studios.library.visibility.tenant")}</option>
                </select>
              )}
            </StudioField>
            <button type="submit" className="yx-primary" disabled={busy}>
              {t("studios.library.save")}
            </button>
          </Form>
        </Card>
      ) : null}
    </>
  );
}
