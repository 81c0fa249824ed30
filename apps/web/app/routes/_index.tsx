import { Link, useLoaderData } from "@remix-run/react";
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import type { TRole } from "@yanxiu/domain/roles";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { AppShell, Card, EmptyState } from "@yanxiu/ui/layout";
import { PresenceList } from "@yanxiu/ui/presence";
import { fail } from "../lib/errors.server.ts";
import { usePresence } from "../lib/use-presence.ts";
import { shellOf } from "../lib/guard.server.ts";

export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.tenant) fail("tenantNotFound");
  if (!context.user) throw redirect("/login");
  const u = context.user;
  return {
    tenantName: context.tenant.name,
    shell: shellOf(context),
    user: { id: u.id, displayName: u.displayName, role: u.primaryRole },
    realtimePort: context.realtimePort,
  };
}

/** What each role's home shows until the features behind the cards are built: honest empty states. */
const homeCards: Record<TRole, [TMessageKey, TMessageKey, string?][]> = {
  teacher: [
    ["home.teacher.courses.title", "home.teacher.courses.body", "/my/courses"],
    ["home.teacher.catalogue.title", "home.teacher.catalogue.body", "/courses"],
    ["home.teacher.credits.title", "home.teacher.credits.body", "/my/credits"],
    ["home.teacher.studios.title", "home.teacher.studios.body", "/studios"],
    ["home.live.title", "home.live.body", "/my/live"],
  ],
  masterTeacher: [
    ["home.master.studio.title", "home.master.studio.body", "/studios?mine=1"],
    ["home.coteaching.title", "home.coteaching.body", "/coteaching/new"],
    ["home.teacher.courses.title", "home.teacher.courses.body", "/my/courses"],
    ["home.teacher.catalogue.title", "home.teacher.catalogue.body", "/courses"],
    ["home.teacher.credits.title", "home.teacher.credits.body", "/my/credits"],
    ["home.live.title", "home.live.body", "/my/live"],
  ],
  trainer: [
    ["home.trainer.courses.title", "home.trainer.courses.body", "/trainer/courses"],
    ["home.live.title", "home.live.body", "/my/live"],
    ["home.coteaching.title", "home.coteaching.body", "/coteaching/new"],
  ],
  reviewer: [["home.reviewer.queue.title", "home.reviewer.queue.body", "/review"]],
  provinceAdmin: [
    ["home.admin.org.title", "home.admin.org.body", "/admin/org"],
    ["home.admin.people.title", "home.admin.people.body", "/admin/people"],
    ["home.reviewer.queue.title", "home.reviewer.queue.body", "/review"],
    ["home.trainer.courses.title", "home.trainer.courses.body", "/trainer/courses"],
    ["home.admin.studios.title", "home.admin.studios.body", "/studios"],
    ["home.coteaching.title", "home.coteaching.body", "/coteaching/new"],
  ],
  orgAdmin: [
    ["home.admin.org.title", "home.admin.org.body", "/admin/org"],
    ["home.admin.people.title", "home.admin.people.body", "/admin/people"],
    ["home.admin.studios.title", "home.admin.studios.body", "/studios"],
  ],
  platformOperator: [
    ["home.platform.tenants.title", "home.platform.tenants.body", "/platform/tenants"],
    ["ops.queues.title", "ops.queues.body", "/platform/queues"],
  ],
};

export default function Home() {
  const d = useLoaderData<typeof loader>();
  const presence = usePresence(d.realtimePort);
  return (
    <AppShell {...d.shell}>
      <h1>{t("home.welcome", { name: d.user.displayName, tenant: d.tenantName })}</h1>
      <div className="yx-grid">
        {homeCards[d.user.role].map(([title, body, href]) => (
          <Card key={title} title={t(title)} badge={href ? undefined : t("home.comingSoon")}>
            {href ? <p>{t(body)}</p> : <EmptyState>{t(body)}</EmptyState>}
            {/* The queue console is served outside Remix (Bull Board): a full page load, not a client-side navigation. */}
            {href ? <Link to={href} reloadDocument={href === "/platform/queues"}>{href.startsWith("/admin") || href.startsWith("/platform") ? t("home.admin.open") : t("home.open")}</Link> : null}
          </Card>
        ))}
        <PresenceList state={presence.state} online={presence.online} selfId={d.user.id} />
      </div>
    </AppShell>
  );
}
