import { useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { LearningErrorBoundary } from "../components/learning/shell.tsx";
import { StudioTab } from "../components/studios/common.tsx";
import { Members } from "../components/studios/members.tsx";
import { membersOnly, studioAction, studioRequest } from "../lib/studio-tab.server.ts";

/** The members; for the hosts also the applications and invitations, and the forms that decide them. Members only. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, studioId, services } = studioRequest(context, request, params);
  return { members: await membersOnly(services.studios.listMembers({ actor, input: { studioId } })) };
}

export const action = studioAction({
  approve: ({ actor, studioId, fields, services }) => services.studios.decideApplication({ actor, input: { studioId, userId: fields.userId, decision: "approve" } }),
  reject: ({ actor, studioId, fields, services }) => services.studios.decideApplication({ actor, input: { studioId, userId: fields.userId, decision: "reject" } }),
  invite: ({ actor, input, services }) => services.studios.inviteToStudio({ actor, input }),
  setRole: ({ actor, input, services }) => services.studios.setMemberRole({ actor, input }),
  remove: ({ actor, input, services }) => services.studios.removeMember({ actor, input }),
});

const done = {
  approve: "studios.members.approved",
  reject: "studios.members.rejectedDone",
  invite: "studios.members.invited",
  setRole: "studios.members.roleSet",
  remove: "studios.members.removed",
} as const;

export default function StudioMembers() {
  return (
    <StudioTab data={useLoaderData<typeof loader>()} done={done}>
      {(p) => <Members {...p} />}
    </StudioTab>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
