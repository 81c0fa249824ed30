import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { schemePresetKeys } from "@yanxiu/domain/credit-scheme-form";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { SchemeSummary } from "../components/credit-scheme/summary.tsx";
import { readForm } from "../lib/admin.server.ts";
import { runIntent } from "../lib/action-result.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { iso } from "../lib/iso.ts";

const day = (at: string | null) => (at ? new Date(at).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" }) : "");

/** The versions: the one in effect in full, every published one, the draft, and (province admins) how to start a draft. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const o = await load(context.services.credits.schemeOverview({ actor }));
  return {
    today: o.today,
    canEdit: o.canEdit,
    inEffect: o.inEffect,
    versions: o.versions.map((v) => ({ id: v.id, version: v.scheme.version, name: v.scheme.name, effectiveFrom: v.scheme.effectiveFrom, publishedAt: iso(v.publishedAt), publishedByName: v.publishedByName })),
    draft: o.draft ? { version: o.draft.scheme.version, name: o.draft.scheme.name, effectiveFrom: o.draft.scheme.effectiveFrom, template: o.draft.template, updatedAt: iso(o.draft.updatedAt) } : null,
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const { intent, ...input } = await readForm(request);
  if (intent !== "start") fail("badRequest");
  const r = await runIntent("start", () => context.services.credits.startSchemeDraft({ actor, input }));
  if (r.data.ok) return redirect("/admin/credits/scheme/draft");
  return r;
}

export default function SchemeVersions() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const published = params.get("published");
  return (
    <>
      {published ? (
        <p className="yx-success" role="status">
          {t("scheme.publish.done", { version: published, from: params.get("from") ?? "" })} {params.get("recomputed") ? t("scheme.publish.recomputed", { count: params.get("recomputed") ?? 0 }) : t("scheme.publish.later")}
        </p>
      ) : null}
      {params.get("discarded") ? <p className="yx-success" role="status">{t("scheme.form.discarded")}</p> : null}
      {r && !r.ok ? <p className="yx-alert" role="alert">{r.message}</p> : null}
      <p data-testid="scheme-in-effect">
        {d.inEffect ? <strong>{t("scheme.inEffect", { version: d.inEffect.ref.version, name: d.inEffect.ref.name, from: d.inEffect.ref.effectiveFrom })}</strong> : t("scheme.noneInEffect")}
      </p>
      {d.canEdit ? (
        <Card title={t("scheme.draft.heading")} testId="scheme-draft">
          {d.draft ? (
            <p>
              {t("scheme.draft.exists", { version: d.draft.version, name: d.draft.name, from: d.draft.effectiveFrom, at: day(d.draft.updatedAt) })}
              {d.draft.template ? t("scheme.draft.fromTemplate", { template: t(`scheme.template.${d.draft.template}` as "scheme.template.beijing") }) : null}{" "}
              <Link to="/admin/credits/scheme/draft">{t("scheme.draft.edit")}</Link> · <Link to="/admin/credits/scheme/preview">{t("scheme.draft.preview")}</Link>
            </p>
          ) : (
            <p className="yx-muted">{t("scheme.draft.none")}</p>
          )}
          <div className="yx-scheme-start">
            {d.inEffect || d.versions.length > 0 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="start" />
                <input type="hidden" name="from" value="current" />
                <button type="submit" disabled={busy}>
                  {t("scheme.start.current")}
                </button>
              </Form>
            ) : null}
            <Form method="post" className="yx-inline-form">
              <input type="hidden" name="intent" value="start" />
              <label>
                {t("scheme.start.templateLabel")}{" "}
                <select name="from" defaultValue="beijing">
                  {schemePresetKeys.map((k) => (
                    <option key={k} value={k}>
                      {t(`scheme.template.${k}`)}
                    </option>
                  ))}
                </select>
              </label>{" "}
              <button type="submit" disabled={busy}>
                {t("scheme.start.template")}
              </button>
            </Form>
          </div>
          {d.draft ? <p className="yx-muted">{t("scheme.start.replaces")}</p> : null}
        </Card>
      ) : null}
      {d.inEffect ? <SchemeSummary scheme={d.inEffect.scheme} /> : null}
      <Card title={t("scheme.versions")} testId="scheme-versions">
        {d.versions.length === 0 ? (
          <EmptyState>{t("scheme.noVersions")}</EmptyState>
        ) : (
          <ol className="yx-list" reversed>
            {d.versions.map((v) => (
              <li key={v.id} data-testid="scheme-version">
                {t("scheme.versionLine", { version: v.version, name: v.name, from: v.effectiveFrom })}{" "}
                {d.inEffect?.ref.id === v.id ? <span className="yx-badge">{t("scheme.current")}</span> : v.effectiveFrom > d.today ? <span className="yx-badge">{t("scheme.future")}</span> : null}{" "}
                <span className="yx-muted">{v.publishedByName ? t("scheme.publishedBy", { name: v.publishedByName, at: day(v.publishedAt) }) : t("scheme.publishedAt", { at: day(v.publishedAt) })}</span>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </>
  );
}
