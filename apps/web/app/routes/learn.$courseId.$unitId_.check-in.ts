import type { ActionFunctionArgs } from "@remix-run/node";
import { t } from "@yanxiu/ui/i18n";
import { readForm } from "../lib/admin.server.ts";
import { runIntent } from "../lib/action-result.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** POST /learn/:courseId/:unitId/check-in — an offline-session check-in with the code on the trainer's screen. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const form = await readForm(request);
  return runIntent(
    "checkIn",
    async () => {
      const r = await context.services.classwork.checkIn({ actor, input: { courseId: params.courseId ?? "", unitId: params.unitId ?? "", code: form.code ?? "" } });
      return t(r.late ? "classwork.checkIn.doneLate" : "classwork.checkIn.done");
    },
    { messages: { tooManyAttempts: "classwork.checkIn.tooMany" } },
  );
}
