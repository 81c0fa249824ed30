import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { formRowCounts, schemeToForm } from "@yanxiu/domain/credit-scheme-form";
import { toAppError } from "@yanxiu/domain/errors";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { SchemeFormBody } from "../components/credit-scheme/form.tsx";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { iso } from "../lib/iso.ts";

/** The draft's form (province admins: the service refuses anyone else with a 403). */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const draft = await load(context.services.credits.getSchemeDraft({ actor }));
  if (!draft) return { draft: null };
  return { draft: { version: draft.scheme.version, updatedAt: iso(draft.updatedAt), values: schemeToForm(draft.scheme) } };
}

type TResult = { ok: true } | { ok: false; message: string; errors: Record<string, string[]>; values: Record<string, string> };

/** 保存草稿 (the whole form; a refusal sends back what was typed and every field's problem) or 放弃草稿. */
export async function action({ context, request }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const { intent, ...fields } = await readForm(request);
  if (intent === "discard") {
    await load(context.services.credits.discardSchemeDraft({ actor }));
    return redirect("/admin/credits/scheme?discarded=1");
  }
  if (intent !== "save") fail("badRequest");
  try {
    await context.services.credits.saveSchemeDraft({ actor, input: fields });
    return data<TResult>({ ok: true });
  } catch (e) {
    const err = toAppError(e);
    if (err.code !== "badRequest") throw e;
    const values = Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === "string"));
    const errors = err.fieldErrors ?? {};
    return data<TResult>({ ok: false, message: t("scheme.form.invalid", { count: Object.keys(errors).length }) || t(errorMessageKey(err.code)), errors, values }, { status: 400 });
  }
}

export default function SchemeDraft() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (!d.draft) {
    return (
      <Card title={t("scheme.draft.heading")}>
        <EmptyState>{t("scheme.draft.none")}</EmptyState>
        <p>
          <Link to="/admin/credits/scheme">{t("scheme.tabs.versions")}</Link>
        </p>
      </Card>
    );
  }
  const failed = r && !r.ok ? r : null;
  const values = failed ? failed.values : d.draft.values;
  const errors = failed ? failed.errors : {};
  return (
    <>
      {r?.ok ? (
        <p className="yx-success" role="status">
          {t("scheme.form.saved")} <Link to="/admin/credits/scheme/preview">{t("scheme.draft.preview")}</Link>
        </p>
      ) : null}
      {failed ? (
        <div className="yx-alert" role="alert" data-testid="scheme-errors">
          <p>{failed.message}</p>
          {errors.form ? <p>{errors.form[0]}</p> : null}
        </div>
      ) : null}
      <Form method="post" key={failed ? "failed" : (d.draft.updatedAt ?? "draft")} className="yx-scheme-form" aria-label={t("scheme.tabs.draft")}>
        <input type="hidden" name="intent" value="save" />
        <SchemeFormBody values={values} errors={errors} rows={formRowCounts(values)} />
        <p className="yx-scheme-actions">
          <button type="submit" className="yx-primary" disabled={busy}>
            {t("scheme.form.save")}
          </button>
        </p>
      </Form>
      <Form
        method="post"
        onSubmit={(e) => {
          if (!window.confirm(t("scheme.form.discardConfirm"))) e.preventDefault();
        }}
      >
        <input type="hidden" name="intent" value="discard" />
        <button type="submit" disabled={busy}>
          {t("scheme.form.discard")}
        </button>
      </Form>
    </>
  );
}
