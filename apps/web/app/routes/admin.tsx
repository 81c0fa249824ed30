import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { AppShell } from "@yanxiu/ui/layout";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  return requireUser(context, request, { role: "admin" }).shell;
}

const sections: [string, TMessageKey][] = [
  ["/admin/org", "admin.nav.org"],
  ["/admin/people", "admin.nav.people"],
  ["/admin/import", "admin.nav.import"],
  ["/admin/accounts", "admin.nav.accounts"],
  ["/admin/audit", "admin.nav.audit"],
  ["/admin/credits", "credits.admin.nav"],
];

export default function AdminLayout() {
  const d = useLoaderData<typeof loader>();
  return (
    <AppShell {...d}>
      <nav className="yx-tabs" aria-label={t("admin.nav.label")}>
        {sections.map(([to, key]) => (
          <NavLink key={to} to={to} className={({ isActive }) => (isActive ? "yx-tab yx-tab-active" : "yx-tab")}>
            {t(key)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </AppShell>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
