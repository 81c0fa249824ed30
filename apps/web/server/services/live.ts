import { createLiveSession } from "@yanxiu/db/live";
import { courseLiveUnits, listStudioSessions, liveSessionPage } from "@yanxiu/db/live-record";
import type { LiveServices } from "../../app/services/live.ts";
import type { TServiceDeps } from "./deps.ts";

export function createLiveServices(deps: TServiceDeps): LiveServices {
  const { db } = deps;
  return {
    schedule: (opts) => createLiveSession({ ...opts, db }),
    page: (opts) => liveSessionPage({ ...opts, db }),
    studioSessions: (opts) => listStudioSessions({ ...opts, db }),
    courseUnits: (opts) => courseLiveUnits({ ...opts, db }),
  };
}
