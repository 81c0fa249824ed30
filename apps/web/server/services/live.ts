import { createLiveSession } from "@yanxiu/db/live";
import { listStudioSessions, liveSessionDocs, liveSessionPage } from "@yanxiu/db/live-record";
import type { LiveServices } from "../../app/services/live.ts";
import type { TServiceDeps } from "./deps.ts";

export function createLiveServices(deps: TServiceDeps): LiveServices {
  const { db } = deps;
  return {
    schedule: (opts) => createLiveSession({ ...opts, db }),
    page: (opts) => liveSessionPage({ ...opts, db }),
    docs: (opts) => liveSessionDocs({ ...opts, db }),
    studioSessions: (opts) => listStudioSessions({ ...opts, db }),
  };
}
