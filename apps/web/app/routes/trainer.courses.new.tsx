import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { courseFactsFromForm } from "@yanxiu/domain/authoring-form";
import { t } from "@yanxiu/ui/i18n";
import { AppShell, Card } from "@yanxiu/ui/layout";
import { FactsForm } from "../components/authoring-facts-form.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";

import { fail, load } from "../lib/errors.server.ts";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { requireUser, shellOf } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const options = await load(context.services.authoring.getCourseFormOptions({ actor }));
  return { ...shellOf(context), options };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const { intent, ...input } = await readForm(request);
  const s = context.services.authoring;
  if (intent === "create") {
    let created: { courseId: string } | undefined;
    const r = await runIntent("create", async () => {
      created = await s.createCourse({ actor, input: courseFactsFromForm(input) });
    });
    if (created) throw redirect(`/trainer/courses/${created.courseId}`);
    return r;
  }
  if (intent === "addCategory") return runIntent("addCategory", () => s.addCategory({ actor, input: { name: input.name } }));
  fail("badRequest");
}

export default function NewCourse() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <AppShell tenantName={d.tenantName} user={d.user}>
      <div className="yx-stack">
        <p>
          <Link to="/trainer/courses">{t("authoring.back")}</Link>
        </p>
        <h1>{t("authoring.new.title")}</h1>
        {result?.ok && result.intent === "addCategory" ? <p className="yx-success" role="status">{t("authoring.category.added")}</p> : null}
        <Card title={t("authoring.facts.title")}>
          <FactsForm intent="create" defaults={null} options={d.options} result={result} coverFile={null} busy={busy} submitLabel={t("authoring.new.create")} />
        </Card>
      </div>
    </AppShell>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
