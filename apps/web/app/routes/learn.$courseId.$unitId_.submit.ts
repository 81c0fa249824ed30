import type { ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "../lib/admin.server.ts";
import { classworkAction, requireActor } from "../lib/classwork.server.ts";

/** POST /learn/:courseId/:unitId/submit — an assignment submission (resource route, JSON answer). */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const form = await readForm(request);
  return classworkAction(async () => {
    await context.services.classwork.submitAssignment({
      actor,
      input: { courseId: params.courseId ?? "", unitId: params.unitId ?? "", body: form.body ?? "", fileId: form.fileId ?? "" },
    });
  });
}
