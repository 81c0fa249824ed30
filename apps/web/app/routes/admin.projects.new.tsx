import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { ProjectForm, type TProjectFormDefaults } from "../components/projects/project-form.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { projectInputFrom } from "../lib/project-form.server.ts";

export const meta: MetaFunction = () => [{ title: t("projects.form.title.new") }];

/** 新建培训项目: the facts and the 信息表, owned by a unit the admin administers; it starts as a draft. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  return load(context.services.projects.projectFormOptions({ actor }));
}

export async function action({ context, request }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const form = await readForm(request);
  if (form.intent !== "create") fail("badRequest");
  let created: { projectId: string } | undefined;
  const r = await runIntent("create", async () => {
    created = await context.services.projects.createProject({ actor, input: projectInputFrom(form) });
  });
  if (created) throw redirect(`/admin/projects/${created.projectId}`);
  return r;
}

const year = new Date().getFullYear();
const blank: TProjectFormDefaults = {
  name: "",
  description: "",
  category: "backbone",
  form: "blended",
  startsOn: `${year}-09-01`,
  endsOn: `${year}-12-31`,
  plannedHours: 24,
  creditCategory: "concentrated",
  targetRoles: ["teacher"],
  subjects: [],
  stages: [],
  capacity: 0,
  enrolmentMode: "nomination",
  needsApproval: false,
  requiredDays: 0,
  quotaKeys: [],
  infoForm: [],
};

export default function NewProject() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <div className="yx-stack">
      <p>
        <Link to="/admin/projects">{t("projects.back")}</Link>
      </p>
      <h1>{t("projects.form.title.new")}</h1>
      <Card title={t("projects.form.title.new")}>
        <ProjectForm intent="create" defaults={{ ...blank, ownerUnitId: d.units[0]?.id }} units={d.units} frozen={false} result={result} busy={busy} />
      </Card>
    </div>
  );
}
