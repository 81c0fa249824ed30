import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { CreditsAdminNav } from "../components/credits-ledger.tsx";
import { requireUser } from "../lib/guard.server.ts";

export const meta: MetaFunction = () => [{ title: t("scheme.title") }];

/**
 * 学分方案 (issue 17, decision 025): the frame of the scheme pages — versions (every admin reads), the draft
 * form and the preview with publishing (province admins only; their services refuse anyone else).
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  return { canEdit: actor.grants.some((g) => g.role === "provinceAdmin") };
}

export default function SchemeFrame() {
  const d = useLoaderData<typeof loader>();
  const tabs: [string, TMessageKey, boolean][] = [["/admin/credits/scheme", "scheme.tabs.versions", true]];
  if (d.canEdit) tabs.push(["/admin/credits/scheme/draft", "scheme.tabs.draft", false], ["/admin/credits/scheme/preview", "scheme.tabs.preview", false]);
  return (
    <div className="yx-stack">
      <CreditsAdminNav />
      <h1>{t("scheme.title")}</h1>
      {d.canEdit ? null : <p className="yx-muted">{t("scheme.readOnly")}</p>}
      <nav className="yx-tabs" aria-label={t("scheme.tabs.label")}>
        {tabs.map(([to, key, end]) => (
          <NavLink key={to} to={to} end={end} className={({ isActive }) => (isActive ? "yx-tab yx-tab-active" : "yx-tab")}>
            {t(key)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
