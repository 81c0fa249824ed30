import { Link, useLoaderData } from "@remix-run/react";
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Col, Row } from "antd";
import { siteName, t } from "@yanxiu/ui/i18n";
import { PresenceList } from "@yanxiu/ui/presence";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { usePresence } from "../lib/use-presence.ts";
import { HomeCard } from "../components/home/parts.tsx";
import { StudiosCard, TeacherBlocks, type TTeacherHomeView } from "../components/home/teacher-blocks.tsx";
import { HostingCard, type TMasterHomeView } from "../components/home/master-blocks.tsx";
import { NationalClassesCard, TrainerClassesCard, TrainerCoursesCard } from "../components/home/trainer-blocks.tsx";
import { AdminAlerts, AdminCharts, AdminKpis, AdminShortcuts } from "../components/home/admin-blocks.tsx";
import { OperatorKpis, QueuesCard, TenantsCard } from "../components/home/operator-blocks.tsx";
import { RouteErrorBoundary } from "../components/route-error.tsx";

/** "What do I do now": one home read per role (packages/services/src/home), chosen by the person's primary role. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  // The home of a signed-out visitor is the sign-in page itself (no redirectTo back to "/").
  if (!context.tenant) fail("tenantNotFound");
  if (!context.user) throw redirect("/login");
  const { actor } = requireUser(context, request);
  const u = context.user!;
  const home = context.services.home;
  const base = { tenantName: context.tenant!.name, user: { id: u.id, displayName: u.displayName, role: u.primaryRole }, realtimePort: context.realtimePort };
  switch (u.primaryRole) {
    case "teacher":
      return { ...base, view: { role: "teacher" as const, home: await load(home.readTeacherHome({ actor })) } };
    case "masterTeacher":
      return { ...base, view: { role: "masterTeacher" as const, home: await load(home.readMasterTeacherHome({ actor })) } };
    case "trainer":
      return {
        ...base,
        // On the platform host the home includes the national classes an implementing university's staff serve.
        view: { role: "trainer" as const, home: await load(home.readTrainerHome({ actor })) },
      };
    case "provinceAdmin":
    case "orgAdmin":
      return { ...base, view: { role: u.primaryRole, home: await load(home.readAdminHome({ actor })) } };
    case "platformOperator":
      return { ...base, view: { role: "platformOperator" as const, home: await load(home.readOperatorHome({ actor })) } };
    case "reviewer":
      return { ...base, view: { role: "reviewer" as const } };
  }
}

export default function Home() {
  const d = useLoaderData<typeof loader>();
  const presence = usePresence(d.realtimePort);
  const online = <PresenceList state={presence.state} total={presence.total} online={presence.online} more={presence.more} selfId={d.user.id} />;
  const v = d.view;
  return (
    <div className="yx-page yx-home" data-role={v.role}>
      <h1 className="yx-home-title">
        {v.role === "platformOperator" ? t("home.welcomeOperator", { name: d.user.displayName }) : t("home.welcome", { name: d.user.displayName, site: siteName(d.tenantName) })}
      </h1>
      {v.role === "teacher" ? (
        <>
          <TeacherBlocks home={v.home as TTeacherHomeView} />
          <Row gutter={[16, 16]} className="yx-home-row">
            <Col xs={24} lg={16}>
              <StudiosCard home={v.home as TTeacherHomeView} />
            </Col>
            <Col xs={24} lg={8}>
              {online}
            </Col>
          </Row>
        </>
      ) : v.role === "masterTeacher" ? (
        <>
          <Row gutter={[16, 16]} className="yx-home-row-first">
            <Col xs={24} lg={16}>
              <HostingCard home={v.home as TMasterHomeView} />
            </Col>
            <Col xs={24} lg={8}>
              {online}
            </Col>
          </Row>
          <TeacherBlocks home={v.home as TTeacherHomeView} />
        </>
      ) : v.role === "trainer" ? (
        <Row gutter={[16, 16]}>
          {v.home.national.length > 0 ? (
            <Col xs={24}>
              <NationalClassesCard classes={v.home.national} />
            </Col>
          ) : null}
          <Col xs={24} lg={12}>
            <TrainerCoursesCard home={v.home} />
          </Col>
          <Col xs={24} lg={12}>
            <TrainerClassesCard home={v.home} />
          </Col>
          <Col xs={24} lg={12}>
            {online}
          </Col>
        </Row>
      ) : v.role === "provinceAdmin" || v.role === "orgAdmin" ? (
        <>
          <AdminKpis home={v.home} />
          <div className="yx-home-row">
            <AdminCharts home={v.home} />
          </div>
          <Row gutter={[16, 16]} className="yx-home-row">
            <Col xs={24} lg={8}>
              <AdminAlerts home={v.home} />
            </Col>
            <Col xs={24} lg={10}>
              <AdminShortcuts role={v.role} />
            </Col>
            <Col xs={24} lg={6}>
              {online}
            </Col>
          </Row>
        </>
      ) : v.role === "platformOperator" ? (
        <>
          <OperatorKpis home={v.home} />
          <Row gutter={[16, 16]} className="yx-home-row">
            <Col xs={24} xl={14}>
              <TenantsCard home={v.home} />
            </Col>
            <Col xs={24} xl={10}>
              <QueuesCard home={v.home} />
            </Col>
            <Col xs={24} xl={10}>
              {online}
            </Col>
          </Row>
        </>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <HomeCard title={t("home.reviewer.queue.title")} extra={<Link to="/review">{t("home.open")}</Link>}>
              <p>{t("home.reviewer.queue.body")}</p>
            </HomeCard>
          </Col>
          <Col xs={24} lg={12}>
            {online}
          </Col>
        </Row>
      )}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
