import { useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { LearningErrorBoundary } from "../components/learning/shell.tsx";
import { StudioTab } from "../components/studios/common.tsx";
import { Plan } from "../components/studios/plan.tsx";
import { chinaLocalDateTime } from "../lib/china-time.ts";
import { load } from "../lib/errors.server.ts";
import { membersOnly, studioAction, studioRequest } from "../lib/studio-tab.server.ts";

/** The annual plan with each activity's live sessions; members only. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, studioId, services } = studioRequest(context, request, params);
  const [plan, sessions] = await Promise.all([membersOnly(services.studios.listActivities({ actor, studioId })), load(services.live.listStudioSessions({ actor, studioId }))]);
  // "Now" for the schedule forms' proposed start, read once here so the server and the browser agree.
  return { plan, sessions, now: new Date().toISOString() };
}

export const action = studioAction({
  saveActivity: ({ actor, input, services }) => services.studios.saveActivity({ actor, input }),
  deleteActivity: ({ actor, input, services }) => services.studios.deleteActivity({ actor, input }),
  // The schedule form's start is China's wall clock.
  scheduleLive: ({ actor, studioId, fields: f, services }) =>
    services.live.createLiveSession({
      actor,
      input: { studioId, activityId: f.activityId || undefined, title: f.title, scheduledStart: chinaLocalDateTime(f.scheduledStart), scheduledMinutes: f.scheduledMinutes },
    }),
});

const done = { saveActivity: "studios.plan.saved", deleteActivity: "studios.plan.deleted", scheduleLive: "live.schedule.done" } as const;

export default function StudioPlan() {
  return (
    <StudioTab data={useLoaderData<typeof loader>()} done={done}>
      {(p) => <Plan {...p} />}
    </StudioTab>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
