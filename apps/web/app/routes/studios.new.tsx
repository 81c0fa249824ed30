import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { t } from "@yanxiu/ui/i18n";
import { LearningErrorBoundary } from "../components/learning/shell.tsx";
import { StudioFormPage } from "../components/studios/frame.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  // Administering nothing: 404, as if the page did not exist.
  const options = await load(context.services.studios.studioFormOptions({ actor }));
  return { shell, options };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const { intent, ...input } = await readForm(request);
  if (intent !== "create") fail("badRequest");
  let created: { studioId: string } | undefined;
  const r = await runIntent("create", async () => {
    created = await context.services.studios.createStudio({ actor, input });
  });
  if (created) throw redirect(`/studios/${created.studioId}`);
  return r;
}

export default function NewStudio() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  return <StudioFormPage shell={d.shell} back={{ to: "/studios", label: t("studios.back") }} intent="create" defaults={null} options={d.options} result={result} busy={busy} />;
}

export const ErrorBoundary = LearningErrorBoundary;
