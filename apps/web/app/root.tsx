import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useRouteError, useRouteLoaderData, type MetaFunction } from "@remix-run/react";
import { redirect, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { useEffect, type ReactNode } from "react";
import { ErrorPanel } from "@yanxiu/ui/layout";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { UiProvider } from "@yanxiu/ui/provider";
import { AppFrame, navFor, type TLinkComponent } from "@yanxiu/ui/shell";
import { unreadCountCap } from "@yanxiu/domain/notifications";
import antdStyles from "@yanxiu/ui/antd.css?url";
import frameStyles from "@yanxiu/ui/frame.css?url";
import styles from "@yanxiu/ui/styles.css?url";
import { describeError } from "./lib/errors.ts";
import { useNonce, usePageNonce } from "./lib/nonce.ts";
import { fail } from "./lib/errors.server.ts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: antdStyles },
  { rel: "stylesheet", href: frameStyles },
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
  // The bell's count (decision 034): one read of a partial index, capped, in its own short transaction — the
  // session itself comes from the cache, so there is no read of the frame's to share. Reloaded with the page,
  // after every action (marking read) and on query changes, as Remix revalidates the root.
  const unread = user ? await context.services.notifications.unreadCount({ actor: { tenantId: tenant.id, actorId: user.id, grants: user.grants } }) : null;
  return {
    tenant: { name: tenant.name, slug: tenant.slug, kind: tenant.kind },
    user: user ? { id: user.id, displayName: user.displayName, role: user.primaryRole, roles: user.roles } : null,
    realtimePort: context.realtimePort,
    unread,
  };
}

const zodJitless = "globalThis.__zod_globalConfig=Object.assign(globalThis.__zod_globalConfig||{},{jitless:true});";

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const styleNonce = usePageNonce();
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
      {/* .yx carries the theme's token variables (decision 018). */}
      <body className="yx">
        <UiProvider nonce={styleNonce}>{children}</UiProvider>
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

const RemixLink: TLinkComponent = (props) => <Link prefetch="intent" {...props} />;

/** The signed-in person's frame (side menu by role, top bar, tab bar on phones) around any page, or none. */
function Frame({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const { pathname } = useLocation();
  if (!root?.user) return <>{children}</>;
  const u = root.user;
  return (
    <AppFrame tenantName={root.tenant.name} user={{ displayName: u.displayName, roleLabel: t(`role.${u.role}` as TMessageKey) }} nav={navFor(u.roles)} pathname={pathname} Link={RemixLink} unread={root.unread ?? undefined} unreadCap={unreadCountCap}>
      {children}
    </AppFrame>
  );
}

export default function App() {
  useHydrationMarker();
  return (
    <Frame>
      <Outlet />
    </Frame>
  );
}

export function ErrorBoundary() {
  useHydrationMarker();
  const { status, message } = describeError(useRouteError());
  return (
    <Frame>
      <ErrorPanel status={status} title={t("error.title")} message={message} detail={t("error.status", { status })} homeHref="/" />
    </Frame>
  );
}
