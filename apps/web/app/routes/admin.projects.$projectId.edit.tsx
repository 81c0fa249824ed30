import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useNavigation } from "@remix-run/react";
import { t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { ProjectForm } from "../components/projects/project-form.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { projectInputFrom } from "../lib/project-form.server.ts";
import { useProjectFrame } from "./admin.projects.$projectId.tsx";

/** 修改项目信息: its managers, while it is a draft (everything) or published (all but the frozen facts). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const page = await load(context.services.projects.getProject({ actor, query: { projectId: params.projectId } }));
  if (!page.perms.edit) fail("forbidden");
  return null;
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const form = await readForm(request);
  if (form.intent !== "edit") fail("badRequest");
  const s = context.services.projects;
  let saved = false;
  const r = await runIntent("edit", async () => {
    // The facts a published project no longer shows in the form are sent as they stand (the service refuses any change).
    const { project: p } = await s.getProject({ actor, query: { projectId: params.projectId } });
    const current = { plannedHours: p.plannedHours, creditCategory: p.creditCategory, enrolmentMode: p.enrolmentMode, quotaKeys: p.quotaKeys, infoForm: p.infoForm };
    const { ownerUnitId: _owner, ...posted } = projectInputFrom(form);
    await s.updateProject({ actor, input: { ...current, ...posted, projectId: params.projectId } });
    saved = true;
  });
  if (saved) throw redirect(`/admin/projects/${params.projectId}`);
  return r;
}

export default function EditProject() {
  const { project: p } = useProjectFrame();
  const result = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <Card title={t("projects.form.title.edit")}>
      <ProjectForm intent="edit" defaults={{ ...p }} frozen={p.state !== "draft"} result={result} busy={busy} />
    </Card>
  );
}
