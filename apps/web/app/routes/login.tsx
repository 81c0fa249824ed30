import { Form, useActionData, useNavigation, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { safeRedirect, serializeSessionCookie } from "@yanxiu/domain/auth";
import { toAppError, type TErrorCode } from "@yanxiu/domain/errors";
import { hasNulByte } from "@yanxiu/domain/limits";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { fail } from "../lib/errors.server.ts";
import type { loader as rootLoader } from "../root.tsx";

export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.tenant) fail("tenantNotFound");
  if (context.user) throw redirect("/");
  return null;
}

type ActionResult = { code: TErrorCode; fieldErrors: Record<string, string[]> };

export async function action({ request, context }: ActionFunctionArgs) {
  if (!context.tenant) fail("tenantNotFound");
  const form = await request.formData().catch(() => null);
  if (!form || [...form.values()].some((v) => typeof v === "string" && hasNulByte(v))) return data<ActionResult>({ code: "badRequest", fieldErrors: {} }, { status: 400 });
  try {
    const res = await context.services.auth.signInAudited({ tenantId: context.tenant.id, input: Object.fromEntries(form), ip: context.clientIp });
    return redirect(safeRedirect(String(form.get("redirectTo") ?? "/")), {
      headers: { "Set-Cookie": serializeSessionCookie(res.token, res.session.expiresAt, context.cookieSecure) },
    });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal" || err.code === "unavailable") throw e;
    return data<ActionResult>({ code: err.code, fieldErrors: err.fieldErrors ?? {} }, { status: err.status });
  }
}

function fieldMessage(errors: string[] | undefined): string | null {
  const first = errors?.[0];
  if (!first) return null;
  return t((first === "required" ? "field.required" : first === "login" ? "field.login" : "error.badRequest") as TMessageKey);
}

export default function SignIn() {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const [params] = useSearchParams();
  const busy = nav.state !== "idle";
  const loginError = fieldMessage(result?.fieldErrors.login);
  const passwordError = fieldMessage(result?.fieldErrors.password);
  return (
    <main className="yx-signin">
      <section className="yx-signin-brand" aria-label={t("app.tagline")}>
        <p className="yx-signin-logo">
          <span className="yx-logo" aria-hidden="true">
            研
          </span>
          <span>{t("app.name")}</span>
        </p>
        <p className="yx-signin-tagline">{t("app.tagline")}</p>
        <ul className="yx-signin-points">
          <li>{t("signIn.point.credits")}</li>
          <li>{t("signIn.point.studios")}</li>
          <li>{t("signIn.point.blended")}</li>
        </ul>
      </section>
      <div className="yx-auth">
      <h1>{t("signIn.heading", { tenant: root?.tenant.kind === "platform" ? t("signIn.platform") : (root?.tenant.name ?? "") })}</h1>
      {result && !loginError && !passwordError ? (
        <p className="yx-alert" role="alert" data-testid="sign-in-error">
          {t(errorMessageKey(result.code))}
        </p>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={safeRedirect(params.get("redirectTo"))} />
        <div className="yx-field">
          <label htmlFor="login">{t("signIn.login")}</label>
          <input id="login" name="login" autoComplete="username" autoFocus required aria-invalid={loginError ? true : undefined} aria-describedby={loginError ? "login-error" : undefined} />
          {loginError ? <span id="login-error" className="yx-field-error">{loginError}</span> : null}
        </div>
        <div className="yx-field">
          <label htmlFor="password">{t("signIn.password")}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required aria-invalid={passwordError ? true : undefined} aria-describedby={passwordError ? "password-error" : undefined} />
          {passwordError ? <span id="password-error" className="yx-field-error">{passwordError}</span> : null}
        </div>
        <button type="submit" className="yx-primary" disabled={busy}>
          {busy ? t("signIn.submitting") : t("signIn.submit")}
        </button>
      </Form>
      </div>
    </main>
  );
}
