import { useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { LearningErrorBoundary } from "../components/learning/shell.tsx";
import { StudioTab } from "../components/studios/common.tsx";
import { Library } from "../components/studios/library.tsx";
import { load } from "../lib/errors.server.ts";
import { queryOf, studioAction, studioRequest } from "../lib/studio-tab.server.ts";

/** The resource and case library, filtered by tag, kind and cases; anyone else in the province sees what is shared with it. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, studioId, services } = studioRequest(context, request, params);
  const query = { ...queryOf(request, ["tag", "kind", "cases"]), studioId };
  return { library: await load(services.studios.listResources({ actor, query })) };
}

export const action = studioAction({
  addResource: ({ actor, input, services }) => services.studios.addResource({ actor, input }),
  deleteResource: ({ actor, input, services }) => services.studios.deleteResource({ actor, input }),
});

const done = { addResource: "studios.library.saved", deleteResource: "studios.library.deleted" } as const;

export default function StudioLibrary() {
  return (
    <StudioTab data={useLoaderData<typeof loader>()} done={done}>
      {(p) => <Library {...p} />}
    </StudioTab>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
