import type { ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "../lib/admin.server.ts";
import { runIntent } from "../lib/action-result.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** POST /learn/:courseId/:unitId/submit — an assignment submission (resource route, JSON answer). */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const form = await readForm(request);
  return runIntent("submit", async () => {
    await context.services.classwork.submitAssignment({
      actor,
      input: { courseId: params.courseId ?? "", unitId: params.unitId ?? "", body: form.body ?? "", fileId: form.fileId ?? "" },
    });
  });
}
