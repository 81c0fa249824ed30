import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { data, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import { toAppError } from "@yanxiu/domain/errors";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { AppShell, Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";

/** The console exists only on the platform host, for platform operators; everywhere else it is a 404. */
function requireOperator(context: AppLoadContext) {
  const { tenant, user } = context;
  if (!tenant || tenant.kind !== "platform" || !user || !user.roles.includes("platformOperator")) fail("notFound");
  return { tenantId: tenant.id, actorId: user.id, grants: user.grants, ip: context.clientIp };
}

export async function loader({ context }: LoaderFunctionArgs) {
  const actor = requireOperator(context);
  const tenants = await load(context.services.tenants.listTenantStats({ actor }));
  return { tenants, user: { displayName: context.user!.displayName }, tenantName: context.tenant!.name };
}

type TResult = { ok: boolean; intent: string; message?: string; field?: string; created?: { slug: string; adminLogin: string; password: string } };

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireOperator(context);
  const { intent, ...input } = await readForm(request);
  try {
    if (intent === "create") {
      const r = await context.services.tenants.createProvinceTenant({ actor, input });
      return data<TResult>({ ok: true, intent, created: { slug: r.slug, adminLogin: r.adminLogin, password: r.password } });
    }
    if (intent === "suspend" || intent === "reactivate") {
      await context.services.tenants.setTenantStatus({ actor, input: { tenantId: input.tenantId, status: intent === "suspend" ? "suspended" : "active" } });
      return data<TResult>({ ok: true, intent });
    }
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal" || err.code === "unavailable") throw e;
    const [field, reasons] = Object.entries(err.fieldErrors ?? {})[0] ?? [];
    return data<TResult>({ ok: false, intent: String(intent), field, message: reasons?.[0] ? t(`field.${reasons[0]}` as TMessageKey) : t(errorMessageKey(err.code)) }, { status: err.status });
  }
  fail("badRequest");
}

export default function Tenants() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <AppShell tenantName={d.tenantName} user={{ displayName: d.user.displayName, roleLabel: t("role.platformOperator") }}>
      <div className="yx-stack">
        <h1>{t("platform.title")}</h1>
        {r && !r.ok ? <p className="yx-alert" role="alert">{r.field ? `${t(`platform.field.${r.field}` as TMessageKey)}：` : ""}{r.message}</p> : null}
        {r?.ok && r.created ? (
          <p className="yx-success" role="status" data-testid="tenant-created">
            {t("platform.created", { slug: r.created.slug, login: r.created.adminLogin })} <strong>{r.created.password}</strong>
          </p>
        ) : r?.ok ? (
          <p className="yx-success" role="status">{t("common.saved")}</p>
        ) : null}
        <Card title={t("platform.list")}>
          {d.tenants.length === 0 ? <EmptyState>{t("platform.empty")}</EmptyState> : null}
          <ScrollX label={t("common.scrollTable")}>
          <table className="yx-table" data-testid="tenant-list">
            <thead>
              <tr>
                {(["name", "slug", "code", "orgUnits", "teachers", "activeUsers", "status", "actions"] as const).map((k) => (
                  <th key={k} scope="col">{t(`platform.col.${k}` as TMessageKey)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {d.tenants.map((x) => (
                <tr key={x.id} data-slug={x.slug}>
                  <td>{x.name}</td>
                  <td>{x.slug}</td>
                  <td>{x.code}</td>
                  <td>{x.orgUnits}</td>
                  <td>{x.teachers}</td>
                  <td>{x.activeUsers}</td>
                  <td>{t(`platform.status.${x.status}` as TMessageKey)}</td>
                  <td>
                    <Form
                      method="post"
                      onSubmit={(e) => {
                        if (x.status === "active" && !window.confirm(t("platform.confirmSuspend", { name: x.name }))) e.preventDefault();
                      }}
                    >
                      <input type="hidden" name="tenantId" value={x.id} />
                      <input type="hidden" name="intent" value={x.status === "active" ? "suspend" : "reactivate"} />
                      <button type="submit" className={x.status === "active" ? "yx-danger" : undefined} disabled={busy}>
                        {x.status === "active" ? t("platform.suspend") : t("platform.reactivate")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
</ScrollX>
        </Card>
        <Card title={t("platform.create")}>
          <Form method="post" className="yx-form-grid">
            <input type="hidden" name="intent" value="create" />
            {(["name", "slug", "code", "adminLogin", "adminName"] as const).map((f) => (
              <label key={f}>
                {t(`platform.field.${f}` as TMessageKey)}
                <input name={f} required />
              </label>
            ))}
            <button type="submit" className="yx-primary" disabled={busy}>{t("platform.createButton")}</button>
          </Form>
        </Card>
      </div>
    </AppShell>
  );
}
