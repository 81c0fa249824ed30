import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, type MetaFunction } from "@remix-run/react";
import { redirect, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { useEffect, type ReactNode } from "react";
import { ErrorPanel } from "@yanxiu/ui/layout";
import { t } from "@yanxiu/ui/i18n";
import styles from "@yanxiu/ui/styles.css?url";
import { describeError } from "./lib/errors.ts";
import { useNonce } from "./lib/nonce.ts";
import { fail } from "./lib/errors.server.ts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];
export const meta: MetaFunction = () => [{ title: `${t("app.name")} · ${t("app.tagline")}` }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (!context.tenant) fail("tenantNotFound");
  if (context.tenant.status !== "active") fail("tenantSuspended");
  const { tenant, user } = context;
  // A temporary password (set by an admin) must be replaced before anything else.
  const path = new URL(request.url).pathname;
  if (user?.mustChangePassword && path !== "/account/password" && path !== "/logout") throw redirect("/account/password");
  return {
    tenant: { name: tenant.name, slug: tenant.slug, kind: tenant.kind },
    user: user ? { id: user.id, displayName: user.displayName, role: user.primaryRole } : null,
    realtimePort: context.realtimePort,
  };
}

const zodJitless = "globalThis.__zod_globalConfig=Object.assign(globalThis.__zod_globalConfig||{},{jitless:true});";

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/*
          Zod compiles object parsers with `new Function` and probes for it first; under this site's CSP (no
          'unsafe-eval') the probe is refused and reported on every page. jitless skips both, and must be set
          before any module builds a schema: zod reads it from globalThis.__zod_globalConfig.
        */}
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: zodJitless }} />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** Marks the page as hydrated, so end-to-end tests click only once React is in charge. */
function useHydrationMarker() {
  useEffect(() => {
    document.body.dataset.hydrated = "true";
  }, []);
}

export default function App() {
  useHydrationMarker();
  return <Outlet />;
}

export function ErrorBoundary() {
  useHydrationMarker();
  const { status, message } = describeError(useRouteError());
  return <ErrorPanel title={t("error.title")} message={message} detail={t("error.status", { status })} homeHref="/" />;
}
