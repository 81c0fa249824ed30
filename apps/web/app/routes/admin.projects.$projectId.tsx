import { Link, NavLink, Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ZInfoForm, type TProjectState } from "@yanxiu/domain/projects";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { ProjectStateTag } from "./admin.projects._index.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.project.name : t("projects.list.title") }];

/**
 * A project's frame: its name and state, and the tabs of its nested pages (概况, 名额分配, 推荐与审核, 简报, 评估). One
 * service call; the pages below read these facts and rights from here instead of asking again.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const page = await load(context.services.projects.getProject({ actor, query: { projectId: params.projectId } }));
  const p = page.project;
  return {
    project: {
      id: p.id,
      name: p.name,
      description: p.description,
      level: p.level,
      category: p.category,
      form: p.form,
      state: p.state,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      plannedHours: p.plannedHours,
      creditCategory: p.creditCategory,
      targetRoles: p.targetRoles,
      subjects: p.subjects,
      stages: p.stages,
      capacity: p.capacity,
      enrolmentMode: p.enrolmentMode,
      needsApproval: p.needsApproval,
      requiredDays: p.requiredDays,
      briefsPerYear: p.briefsPerYear,
      reportDueDays: p.reportDueDays,
      quotaKeys: p.quotaKeys,
      infoForm: ZInfoForm.parse(p.infoForm),
      ownerName: p.ownerName,
    },
    perms: page.perms,
  };
}

export type TProjectFrame = Awaited<ReturnType<typeof loader>>;

/** The frame's data, for the nested pages. */
export function useProjectFrame(): TProjectFrame {
  return useRouteLoaderData<typeof loader>("routes/admin.projects.$projectId") as TProjectFrame;
}

export default function ProjectFrame() {
  const { project: p, perms } = useLoaderData<typeof loader>();
  const base = `/admin/projects/${p.id}`;
  const tabs: [string, TMessageKey, boolean][] = [
    [base, "projects.tabs.overview", true],
    [`${base}/quota`, "projects.tabs.quota", false],
    [`${base}/nominations`, "projects.tabs.nominations", false],
    // 两轮报名 (decision 035): for projects taking applications, to those who run them.
    ...(perms.run && p.enrolmentMode !== "nomination" ? ([[`${base}/enrolment`, "projects.tabs.enrolment", false]] as [string, TMessageKey, boolean][]) : []),
    // Running the project is for its managers and its implementing unit (decision 023); others see no such tabs.
    ...(perms.run
      ? ([
          [`${base}/classes`, "projects.tabs.classes", false],
          [`${base}/schedule`, "projects.tabs.schedule", false],
          [`${base}/attendance`, "projects.tabs.attendance", false],
          [`${base}/assessment`, "projects.tabs.assessment", false],
          [`${base}/credits`, "projects.tabs.credits", false],
        ] as [string, TMessageKey, boolean][])
      : []),
    [`${base}/briefs`, "projects.tabs.briefs", false],
    [`${base}/evaluation`, "projects.tabs.evaluation", false],
  ];
  return (
    <div className="yx-stack">
      <p>
        <Link to="/admin/projects">{t("projects.back")}</Link>
      </p>
      <h1>
        {p.name} <ProjectStateTag state={p.state as TProjectState} />
      </h1>
      <nav className="yx-tabs" aria-label={t("projects.tabs.label")}>
        {tabs.map(([to, key, end]) => (
          <NavLink key={to} to={to} end={end} prefetch="intent" className={({ isActive }) => (isActive ? "yx-tab yx-tab-active" : "yx-tab")}>
            {t(key)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
