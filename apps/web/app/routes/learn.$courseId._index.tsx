import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { fail, load } from "../lib/errors.server.ts";

import { LearningErrorBoundary } from "../components/learning/shell.tsx";
import { requireUser } from "../lib/guard.server.ts";

/** /learn/:courseId goes to the first unit not yet complete (or the first unit when all are). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request);
  const p = await load(context.services.learning.player({ actor, input: { courseId: params.courseId ?? "" } }));
  if (!p.nextToStudy) fail("notFound");
  throw redirect(`/learn/${p.courseId}/${p.nextToStudy}`);
}

export const ErrorBoundary = LearningErrorBoundary;
