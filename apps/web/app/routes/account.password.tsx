import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { toAppError } from "@yanxiu/domain/errors";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { fail } from "../lib/errors.server.ts";
import { readForm } from "../lib/admin.server.ts";

export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.tenant) fail("tenantNotFound");
  if (!context.user) throw redirect("/login");
  return { forced: context.user.mustChangePassword };
}

export async function action({ context, request }: ActionFunctionArgs) {
  if (!context.tenant) fail("tenantNotFound");
  if (!context.user || !context.sessionToken) throw redirect("/login");
  const input = await readForm(request);
  try {
    await context.services.auth.changePassword({ tenantId: context.tenant.id, userId: context.user.id, token: context.sessionToken, ip: context.clientIp, input });
    return redirect("/");
  } catch (e) {
    const err = toAppError(e);
    if (err.code !== "badRequest") throw e;
    return data({ fieldErrors: err.fieldErrors ?? {}, code: err.code }, { status: 400 });
  }
}

export default function ChangePassword() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const err = (f: string) => {
    const reason = r?.fieldErrors[f]?.[0];
    return reason ? <span className="yx-field-error" id={`${f}-error`}>{t(`field.${reason}` as TMessageKey)}</span> : null;
  };
  return (
    <section className="yx-auth" aria-labelledby="password-title">
      <h1 id="password-title">{t("password.title")}</h1>
      {d.forced ? <p className="yx-alert" role="alert">{t("password.forced")}</p> : null}
      {r && Object.keys(r.fieldErrors).length === 0 ? <p className="yx-alert">{t(errorMessageKey(r.code))}</p> : null}
      <Form method="post">
        {(["current", "next", "confirm"] as const).map((f) => (
          <div className="yx-field" key={f}>
            <label htmlFor={f}>{t(`password.${f}` as TMessageKey)}</label>
            <input id={f} name={f} type="password" autoComplete={f === "current" ? "current-password" : "new-password"} required />
            {err(f)}
          </div>
        ))}
        <button type="submit" className="yx-primary" disabled={busy}>{t("password.submit")}</button>
      </Form>
    </section>
  );
}
