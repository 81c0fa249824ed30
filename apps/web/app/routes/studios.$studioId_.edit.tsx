import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { LearningErrorBoundary } from "../components/learning/shell.tsx";
import { StudioFormPage } from "../components/studios/frame.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const r = await load(context.services.studios.studioForEdit({ actor, input: { studioId: params.studioId } }));
  return { shell, ...r };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const { intent, ...input } = await readForm(request);
  const s = context.services.studios;
  if (intent === "edit") {
    let done = false;
    const r = await runIntent("edit", async () => {
      await s.editStudio({ actor, input: { ...input, studioId: params.studioId } });
      done = true;
    });
    if (done) throw redirect(`/studios/${params.studioId}`);
    return r;
  }
  if (intent === "archive") {
    let done = false;
    const r = await runIntent("archive", async () => {
      await s.archiveStudio({ actor, input: { studioId: params.studioId } });
      done = true;
    });
    if (done) throw redirect("/studios");
    return r;
  }
  fail("badRequest");
}

export default function EditStudio() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <StudioFormPage shell={d.shell} back={{ to: `/studios/${d.facts.studioId}`, label: t("studios.backToStudio") }} intent="edit" defaults={d.facts} options={d.options} result={result} busy={busy}>
      {d.facts.canArchive ? (
        <Card title={t("studios.form.archive")}>
          <p className="yx-muted">{t("studios.form.archiveHint")}</p>
          {result && !result.ok && result.intent === "archive" ? (
            <p className="yx-alert" role="alert">
              {t(errorMessageKey(result.code))}
            </p>
          ) : null}
          <Form
            method="post"
            onSubmit={(e) => {
              if (!window.confirm(t("studios.form.confirmArchive", { name: d.facts.name }))) e.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="archive" />
            <button type="submit" className="yx-danger" disabled={busy}>
              {t("studios.form.archive")}
            </button>
          </Form>
        </Card>
      ) : null}
    </StudioFormPage>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
