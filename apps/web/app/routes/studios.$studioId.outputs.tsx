import { useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { LearningErrorBoundary } from "../components/learning/shell.tsx";
import { StudioTab } from "../components/studios/common.tsx";
import { Outputs } from "../components/studios/outputs.tsx";
import { membersOnly, studioAction, studioRequest } from "../lib/studio-tab.server.ts";

/** 成果 with the plan's activities an output may name (the hosts' forms offer them); members only. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, studioId, services } = studioRequest(context, request, params);
  const s = services.studios;
  const [outputs, activities] = await Promise.all([membersOnly(s.listOutputs({ actor, studioId })), membersOnly(s.listActivities({ actor, studioId }))]);
  return { outputs, activities };
}

export const action = studioAction({
  saveOutput: ({ actor, input, services }) => services.studios.saveOutput({ actor, input }),
  deleteOutput: ({ actor, input, services }) => services.studios.deleteOutput({ actor, input }),
});

const done = { saveOutput: "studios.outputs.saved", deleteOutput: "studios.outputs.deleted" } as const;

export default function StudioOutputs() {
  return (
    <StudioTab data={useLoaderData<typeof loader>()} done={done}>
      {(p) => <Outputs {...p} />}
    </StudioTab>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
