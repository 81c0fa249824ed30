import { Outlet } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { AppShell } from "@yanxiu/ui/layout";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { requireUser } from "../lib/guard.server.ts";

/** Every /admin page: for administrators only (404 for anyone else). The menu is the app frame's 管理 group. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request, { role: "admin" });
  return null;
}

export default function AdminLayout() {
  return (
    <AppShell>
      <Outlet />
    </AppShell>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
