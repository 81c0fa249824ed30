import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { runIntent } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/**
 * /live/:sessionId/coteaching — the 双师 panel's data (the lecturer's tiles, or the assistant's classroom,
 * poll, sheet and questions; null for anyone else), the assistant's forms (the class's poll answer, the
 * attendance sheet, a question for the lecturer) and the lecturer's "answered" mark. The room page's panel reads it every few seconds.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request);
  return { view: await load(context.services.coteaching.coTeachingView({ actor, sessionId: params.sessionId ?? "" })) };
}

const int = (v: unknown) => (typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v);

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const { intent, ...f } = await readForm(request);
  const sessionId = params.sessionId ?? "";
  const s = context.services.coteaching;
  if (intent === "classAnswer") {
    const counts = Array.isArray(f["counts[]"]) ? f["counts[]"] : typeof f["counts[]"] === "string" ? [f["counts[]"]] : undefined;
    const input =
      f.mode === "counts"
        ? { sessionId, pollId: f.pollId, classroomId: f.classroomId, counts: counts?.map((c) => int(c === "" ? "0" : c)) }
        : { sessionId, pollId: f.pollId, classroomId: f.classroomId, choice: f.choice === undefined ? undefined : int(f.choice) };
    return runIntent("classAnswer", () => s.answerClassPoll({ actor, input }));
  }
  if (intent === "classAttendance") {
    const names = Array.isArray(f["present[]"]) ? f["present[]"] : typeof f["present[]"] === "string" ? [f["present[]"]] : [];
    const input = f.mode === "names" ? { sessionId, classroomId: f.classroomId, presentNames: names } : { sessionId, classroomId: f.classroomId, presentCount: f.presentCount };
    return runIntent("classAttendance", () => s.saveClassroomAttendance({ actor, input }));
  }
  if (intent === "classQuestion") return runIntent("classQuestion", () => s.askClassQuestion({ actor, input: { sessionId, classroomId: f.classroomId, body: f.body } }));
  if (intent === "questionAnswered") return runIntent("questionAnswered", () => s.markClassQuestionAnswered({ actor, input: { sessionId, questionId: f.questionId } }));
  fail("badRequest");
}
