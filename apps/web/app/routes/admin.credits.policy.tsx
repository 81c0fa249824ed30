import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { awardCategories } from "@yanxiu/domain/credits";
import { toAppError } from "@yanxiu/domain/errors";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card, ScrollX } from "@yanxiu/ui/layout";
import { CreditsAdminNav } from "../components/credits-ledger.tsx";
import { readForm } from "../lib/admin.server.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const p = await load(context.services.credits.getPolicy({ actor }));
  return {
    // Under a published credit scheme the policy counts for nothing (decision 025): shown, not editable.
    canEdit: actor.grants.some((g) => g.role === "provinceAdmin") && !p.scheme,
    scheme: p.scheme ? { version: p.scheme.version, name: p.scheme.name } : null,
    current: p.current,
    versions: p.versions.map((v) => ({ version: v.version, rules: v.rules, createdAt: v.createdAt.toISOString() })),
  };
}

type TResult = { ok: true; version: number; count: number } | { ok: false; message: string; fieldErrors: Record<string, string[]> };

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const input = await readForm(request);
  try {
    const r = await context.services.credits.setPolicy({ actor, input });
    return data<TResult>({ ok: true, version: r.version, count: r.recomputed });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal" || err.code === "unavailable") throw e;
    return data<TResult>({ ok: false, message: t(errorMessageKey(err.code)), fieldErrors: err.fieldErrors ?? {} }, { status: err.status });
  }
}

export default function CreditPolicy() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const rules = d.current.rules;
  const err = (k: string) => (r && !r.ok ? r.fieldErrors[k]?.[0] : undefined);
  return (
    <div className="yx-stack">
      <CreditsAdminNav />
      <h1>{t("credits.admin.policy.heading")}</h1>
      {/* Under a scheme the form is not shown at all: its figures would be the scheme's, and saving is refused. */}
      {d.scheme ? (
        <p className="yx-warning" role="note" data-testid="policy-superseded">
          {t("scheme.policyLink")} <Link to="/admin/credits/scheme">{t("scheme.toScheme")}</Link>
        </p>
      ) : null}
      <p className="yx-muted">{d.current.version === 0 ? t("credits.admin.policy.default") : t("credits.admin.policy.current", { version: d.current.version })}</p>
      {r?.ok ? (
        <p className="yx-success" role="status">{t("credits.admin.policy.saved", { version: r.version, count: r.count })}</p>
      ) : r ? (
        <p className="yx-alert" role="alert">{Object.values(r.fieldErrors)[0]?.[0] ?? r.message}</p>
      ) : null}
      {d.scheme ? null : (
      <Card title={t("credits.admin.policy.form")}>
        {d.canEdit ? null : <p className="yx-muted">{t("credits.admin.policy.readOnly")}</p>}
        <Form
          method="post"
          className="yx-form-grid"
          key={d.current.version}
          onSubmit={(e) => {
            if (!window.confirm(t("credits.admin.policy.confirm"))) e.preventDefault();
          }}
        >
          <fieldset disabled={!d.canEdit || busy} className="yx-credits-policy">
            {(["cycleStartYear", "cycleYears", "requiredHours", "yearlyMinimum"] as const).map((k) => (
              <label key={k} className="yx-field">
                {t(`credits.admin.policy.${k}`)}
                <input name={k} type="number" required defaultValue={rules[k]} step={k === "cycleStartYear" || k === "cycleYears" ? 1 : 0.1} min={0} />
                {err(k) ? <span className="yx-field-error" role="alert">{err(k)}</span> : null}
              </label>
            ))}
            <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table">
              <caption>{t("credits.admin.policy.limits")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("credits.ledger.category")}</th>
                  <th scope="col">{t("credits.admin.policy.min")}</th>
                  <th scope="col">{t("credits.admin.policy.max")}</th>
                </tr>
              </thead>
              <tbody>
                {awardCategories.map((c) => (
                  <tr key={c}>
                    <th scope="row">{t(`credits.category.${c}`)}</th>
                    <td>
                      <input name={`min.${c}`} type="number" min={0} step={0.1} defaultValue={rules.categoryLimits[c]?.min ?? ""} aria-label={`${t(`credits.category.${c}`)} ${t("credits.admin.policy.min")}`} />
                    </td>
                    <td>
                      <input name={`max.${c}`} type="number" min={0} step={0.1} defaultValue={rules.categoryLimits[c]?.max ?? ""} aria-label={`${t(`credits.category.${c}`)} ${t("credits.admin.policy.max")}`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            </ScrollX>
            {err("categoryLimits") ? <span className="yx-field-error" role="alert">{err("categoryLimits")}</span> : null}
            <button type="submit" className="yx-primary">{t("credits.admin.policy.save")}</button>
          </fieldset>
        </Form>
      </Card>
      )}
      <Card title={t("credits.admin.policy.versions")}>
        <ol className="yx-list" reversed>
          {d.versions.map((v) => (
            <li key={v.version}>
              <strong>{t("credits.admin.policy.version", { version: v.version })}</strong>{" "}
              <time dateTime={v.createdAt}>{new Date(v.createdAt).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" })}</time>：
              {t("credits.admin.policy.versionSummary", { start: v.rules.cycleStartYear, years: v.rules.cycleYears, required: v.rules.requiredHours, minimum: v.rules.yearlyMinimum })}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
