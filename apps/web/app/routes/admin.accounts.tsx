import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { toAppError } from "@yanxiu/domain/errors";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { readForm } from "../lib/admin.server.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

const staffRoles = ["orgAdmin", "reviewer", "trainer", "masterTeacher"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const staff = await load(context.services.people.listStaffAccounts({ actor }));
  return { staff };
}

type TResult = { ok: boolean; message?: string; created?: { login: string; password: string } };

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const input = await readForm(request);
  if (input.intent === "export") {
    const { id } = await load(context.services.exports.startPeopleExport({ actor, query: {}, list: "staff" }));
    return redirect(`/admin/exports/${id}`);
  }
  try {
    // The unit is named by its code in the form, as admins know units by their codes.
    const code = String(input.orgUnitCode ?? "").trim();
    const unit = code ? (await context.services.org.searchOrgUnits({ actor, q: code })).find((u) => u.code === code) : undefined;
    const r = await context.services.people.createStaffAccount({
      actor,
      input: { login: input.login, displayName: input.displayName, role: input.role, orgUnitId: unit?.id ?? "00000000-0000-0000-0000-000000000000" },
    });
    return data<TResult>({ ok: true, created: { login: r.login, password: r.password } });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal" || err.code === "unavailable") throw e;
    const [field, reasons] = Object.entries(err.fieldErrors ?? {})[0] ?? [];
    const reason = reasons?.[0];
    return data<TResult>({ ok: false, message: `${field ? `${t(`accounts.field.${field}` as TMessageKey)}：` : ""}${reason ? t(`field.${reason}` as TMessageKey) : t(errorMessageKey(err.code))}` }, { status: err.status });
  }
}

export default function Accounts() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="yx-stack">
      <div className="yx-toolbar">
        <h1>{t("accounts.title")}</h1>
        <Form method="post">
          <input type="hidden" name="intent" value="export" />
          <button type="submit">{t("export.button")}</button>
        </Form>
      </div>
      {r && !r.ok ? <p className="yx-alert" role="alert">{r.message}</p> : null}
      {r?.created ? (
        <p className="yx-success" role="status" data-testid="account-created">
          {t("accounts.created", { login: r.created.login })} <strong>{r.created.password}</strong>
        </p>
      ) : null}
      <Card title={t("accounts.create")}>
        <Form method="post" className="yx-form-grid">
          <label>
            {t("accounts.field.login")}
            <input name="login" required autoComplete="off" />
          </label>
          <label>
            {t("accounts.field.displayName")}
            <input name="displayName" required />
          </label>
          <label>
            {t("accounts.field.role")}
            <select name="role" defaultValue="trainer">
              {staffRoles.map((role) => (
                <option key={role} value={role}>{t(`role.${role}` as TMessageKey)}</option>
              ))}
            </select>
          </label>
          <label>
            {t("accounts.field.orgUnitId")}
            <input name="orgUnitCode" required placeholder={t("accounts.unitHint")} />
          </label>
          <button type="submit" className="yx-primary" disabled={busy}>{t("accounts.createButton")}</button>
        </Form>
        <p className="yx-muted">{t("accounts.teachersViaImport")}</p>
      </Card>
      <Card title={t("accounts.list")}>
        {d.staff.length === 0 ? <EmptyState>{t("accounts.empty")}</EmptyState> : null}
        {d.staff.length > 0 ? (
          <ScrollX label={t("common.scrollTable")}>
          <table className="yx-table" data-testid="staff-list">
            <thead>
              <tr>
                <th scope="col">{t("accounts.field.displayName")}</th>
                <th scope="col">{t("accounts.field.login")}</th>
                <th scope="col">{t("accounts.field.role")}</th>
                <th scope="col">{t("accounts.field.orgUnitId")}</th>
                <th scope="col">{t("platform.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {d.staff.map((s) => (
                <tr key={`${s.userId}-${s.role}`}>
                  <td>{s.displayName}</td>
                  <td>{s.login}</td>
                  <td>{t(`role.${s.role}` as TMessageKey)}</td>
                  <td>{s.unitName}</td>
                  <td>{s.status === "active" ? t("platform.status.active") : t("person.disabled")}</td>
                </tr>
              ))}
            </tbody>
          </table>
</ScrollX>
        ) : null}
      </Card>
    </div>
  );
}
