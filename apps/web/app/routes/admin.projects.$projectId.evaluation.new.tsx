import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useNavigation } from "@remix-run/react";
import { questionsFromFields } from "@yanxiu/domain/project-evaluation";
import { t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { QuestionnaireBuilder, starterQuestions } from "../components/projects/questionnaire-builder.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** 新建问卷: the builder, with the usual questions to start from; saved as a draft, opened from the list. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const form = await readForm(request);
  if (form.intent !== "create") fail("badRequest");
  let created: string | null = null;
  const r = await runIntent("create", async () => {
    const out = await context.services.projects.createQuestionnaire({ actor, input: { projectId: params.projectId, title: form.title, intro: form.intro, questions: questionsFromFields(form) } });
    created = out.questionnaireId;
  });
  if (created) throw redirect(`/admin/projects/${params.projectId}/evaluation/${created}`);
  return r;
}

export default function NewQuestionnaire() {
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const fieldErrors = r && !r.ok ? r.fieldErrors : {};
  return (
    <>
      <p>
        <Link to=".." relative="path">{t("evaluation.q.back")}</Link>
      </p>
      <Card title={t("evaluation.q.newTitle")}>
        <p className="yx-muted">{t("evaluation.q.builderHint")}</p>
        <QuestionnaireBuilder intent="create" title="" intro="" questions={starterQuestions()} busy={busy} error={fieldErrors.questions?.[0] ?? (r && !r.ok && !fieldErrors.title ? r.message : null)} fieldErrors={fieldErrors} />
      </Card>
    </>
  );
}
