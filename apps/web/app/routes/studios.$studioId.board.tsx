import { useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { LearningErrorBoundary } from "../components/learning/shell.tsx";
import { StudioTab } from "../components/studios/common.tsx";
import { Board } from "../components/studios/board.tsx";
import { membersOnly, queryOf, studioAction, studioRequest } from "../lib/studio-tab.server.ts";

/** The discussion board: a page of threads, or with `thread` one thread and a page of its replies; members only. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, studioId, services } = studioRequest(context, request, params);
  const { thread: threadId, after } = queryOf(request, ["thread", "after"]);
  const s = services.studios;
  return threadId
    ? { board: null, thread: await membersOnly(s.readThread({ actor, query: { studioId, threadId, after } })) }
    : { board: await membersOnly(s.listThreads({ actor, query: { studioId, after } })), thread: null };
}

export const action = studioAction({
  post: ({ actor, input, services }) => services.studios.postToBoard({ actor, input }),
});

const done = { post: "studios.board.posted" } as const;

export default function StudioBoard() {
  return (
    <StudioTab data={useLoaderData<typeof loader>()} done={done}>
      {(p) => <Board {...p} />}
    </StudioTab>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
