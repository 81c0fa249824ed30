import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { data, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { toAppError } from "@yanxiu/domain/errors";
import { awardCategories } from "@yanxiu/domain/credits";
import { projectCategories, projectForms } from "@yanxiu/domain/projects";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { AppShell, Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { FederationMessages } from "../components/federation-messages.tsx";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";

export const meta: MetaFunction = () => [{ title: t("national.title") }];

/** On the platform host, for platform operators (the 项目办); everywhere else a 404. */
function requireOperator(context: AppLoadContext) {
  const { tenant, user } = context;
  if (!tenant || tenant.kind !== "platform" || !user || !user.roles.includes("platformOperator")) fail("notFound");
  return { tenantId: tenant.id, actorId: user.id, grants: user.grants, ip: context.clientIp };
}

/** 国家级项目: the national projects, each province's seats and how many nominees arrived, and the messages both ways. */
export async function loader({ context }: LoaderFunctionArgs) {
  const actor = requireOperator(context);
  const d = await load(context.services.federation.readNationalConsole({ actor }));
  return { ...d, user: { displayName: context.user!.displayName }, tenantName: context.tenant!.name };
}

type TResult = { ok: boolean; message?: string; field?: string };

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireOperator(context);
  const { intent, ...input } = await readForm(request);
  try {
    if (intent === "create") {
      await context.services.federation.createNationalProject({ actor, input });
      return data<TResult>({ ok: true });
    }
    if (intent === "allocate") {
      await context.services.federation.allocateNationalQuota({ actor, input });
      return data<TResult>({ ok: true });
    }
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal" || err.code === "unavailable") throw e;
    const [field, reasons] = Object.entries(err.fieldErrors ?? {})[0] ?? [];
    return data<TResult>({ ok: false, field, message: reasons?.[0] ?? t(errorMessageKey(err.code)) }, { status: err.status });
  }
  fail("badRequest");
}

export default function NationalProjects() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <AppShell tenantName={d.tenantName} user={{ displayName: d.user.displayName, roleLabel: t("role.platformOperator") }}>
      <div className="yx-stack">
        <h1>{t("national.title")}</h1>
        <p className="yx-muted">{t("national.intro")}</p>
        {r && !r.ok ? (
          <p className="yx-alert" role="alert">
            {r.field ? `${t(`national.field.${r.field}` as TMessageKey)}：` : ""}
            {r.message}
          </p>
        ) : r?.ok ? (
          <p className="yx-success" role="status">{t("common.saved")}</p>
        ) : null}
        <Card title={t("national.title")}>
          {d.projects.length === 0 ? (
            <EmptyState>{t("national.empty")}</EmptyState>
          ) : (
            <ScrollX label={t("common.scrollTable")}>
              <table className="yx-table" data-testid="national-projects">
                <thead>
                  <tr>
                    {(["name", "dates", "hours", "provinces", "allocate"] as const).map((k) => (
                      <th key={k} scope="col">{t(`national.col.${k}`)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {d.projects.map((p) => (
                    <tr key={p.id} data-project={p.name}>
                      <th scope="row">
                        <Link to={p.id}>{p.name}</Link>
                      </th>
                      <td>
                        {t("projects.dates", { from: p.startsOn, to: p.endsOn })}
                        {p.requiredDays ? <div className="yx-muted">{t("national.requiredDays", { days: p.requiredDays })}</div> : null}
                      </td>
                      <td className="yx-credits-num">{p.plannedHours}</td>
                      <td>
                        {p.provinces.length === 0
                          ? t("national.noProvinces")
                          : p.provinces.map((q) => (
                              <div key={q.tenantId} data-province={q.name}>
                                {t("national.provinceSeats", { name: q.name, seats: q.seats, nominees: q.nominees })}
                              </div>
                            ))}
                      </td>
                      <td>
                        <Form method="post" className="yx-inline-form" aria-label={`${t("national.allocate")} ${p.name}`}>
                          <input type="hidden" name="intent" value="allocate" />
                          <input type="hidden" name="projectId" value={p.id} />
                          <select name="provinceTenantId" aria-label={t("national.province")} required>
                            {d.provinces.map((x) => (
                              <option key={x.id} value={x.id}>{`${x.name}（${x.slug}）`}</option>
                            ))}
                          </select>
                          <input name="seats" type="number" min={0} max={100000} required aria-label={t("national.seats")} />
                          <button type="submit" disabled={busy}>{t("national.allocate")}</button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollX>
          )}
        </Card>
        <Card title={t("national.create")}>
          <Form method="post" className="yx-form-grid">
            <input type="hidden" name="intent" value="create" />
            <label>
              {t("national.field.name")}
              <input name="name" required maxLength={80} />
            </label>
            <label>
              {t("national.field.category")}
              <select name="category">
                {projectCategories.map((c) => (
                  <option key={c} value={c}>{t(`projects.category.${c}` as TMessageKey)}</option>
                ))}
              </select>
            </label>
            <label>
              {t("national.field.form")}
              <select name="form">
                {projectForms.map((c) => (
                  <option key={c} value={c}>{t(`projects.form.${c}` as TMessageKey)}</option>
                ))}
              </select>
            </label>
            <label>
              {t("national.field.startsOn")}
              <input name="startsOn" type="date" required />
            </label>
            <label>
              {t("national.field.endsOn")}
              <input name="endsOn" type="date" required />
            </label>
            <label>
              {t("national.field.plannedHours")}
              <input name="plannedHours" type="number" min={0.5} max={1000} step={0.5} required />
            </label>
            <label>
              {t("national.field.requiredDays")}
              <input name="requiredDays" type="number" min={0} max={366} step={1} defaultValue={0} />
            </label>
            <label>
              {t("national.field.creditCategory")}
              <select name="creditCategory">
                {awardCategories.map((c) => (
                  <option key={c} value={c}>{t(`credits.category.${c}` as TMessageKey)}</option>
                ))}
              </select>
            </label>
            <button type="submit" className="yx-primary" disabled={busy}>{t("national.create")}</button>
          </Form>
        </Card>
        <FederationMessages sent={d.messages.sent} received={d.messages.received} />
      </div>
    </AppShell>
  );
}
