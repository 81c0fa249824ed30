import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { AppShell } from "@yanxiu/ui/layout";
import { requireAdmin } from "../lib/admin.server.ts";
import { RouteErrorBoundary } from "../components/route-error.tsx";

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireAdmin(context, request);
  return {
    tenantName: context.tenant!.name,
    user: { displayName: context.user!.displayName, role: context.user!.primaryRole },
  };
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
    <AppShell tenantName={d.tenantName} user={{ displayName: d.user.displayName, roleLabel: t(`role.${d.user.role}` as TMessageKey) }}>
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
