import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { clearSessionCookie } from "@yanxiu/domain/auth";

export async function loader() {
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  if (context.tenant && context.sessionToken) {
    await context.services.auth.signOut({ tenantId: context.tenant.id, token: context.sessionToken, actorId: context.user!.id, ip: context.clientIp });
  }
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie(context.cookieSecure) } });
}
