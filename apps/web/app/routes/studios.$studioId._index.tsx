import { useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { LearningErrorBoundary } from "../components/learning/shell.tsx";
import { StudioTab } from "../components/studios/common.tsx";
import { Overview } from "../components/studios/overview.tsx";
import { load } from "../lib/errors.server.ts";
import { redirectFromTabQuery, studioAction, studioRequest } from "../lib/studio-tab.server.ts";

/** The overview: the facts (from the layout), joining and leaving, and the studio's live sessions for its members. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, studioId, services } = studioRequest(context, request, params);
  // The studio page before its tabs had routes of their own: /studios/<id>?tab=members.
  redirectFromTabQuery(request, studioId);
  // Null for anyone but its active members.
  return { sessions: await load(services.live.listStudioSessions({ actor, studioId })) };
}

export const action = studioAction({
  apply: ({ actor, input, services }) => services.studios.applyToStudio({ actor, input }),
  leave: ({ actor, studioId, services }) => services.studios.leaveStudio({ actor, input: { studioId } }),
  accept: ({ actor, studioId, services }) => services.studios.answerInvitation({ actor, input: { studioId, answer: "accept" } }),
  decline: ({ actor, studioId, services }) => services.studios.answerInvitation({ actor, input: { studioId, answer: "decline" } }),
});

const done = { apply: "studios.join.applied", leave: "studios.join.left", accept: "studios.join.done", decline: "studios.join.done" } as const;

export default function StudioOverview() {
  return (
    <StudioTab data={useLoaderData<typeof loader>()} done={done}>
      {(p) => <Overview {...p} />}
    </StudioTab>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
