import { createLiveSession, inviteToLiveSession, revokeLiveInvite } from "@yanxiu/services/live";
import { courseLiveUnits, exportLiveAttendance, listStudioSessions, liveSessionDocs, liveSessionPage, myLiveSessions } from "@yanxiu/services/live-record";
import type { LiveServices } from "../../app/services/live.ts";
import type { TServiceDeps } from "./deps.ts";

export function createLiveServices(deps: TServiceDeps): LiveServices {
  const { db, redis } = deps;
  return {
    schedule: (opts) => createLiveSession({ ...opts, db }),
    page: (opts) => liveSessionPage({ ...opts, db }),
    docs: (opts) => liveSessionDocs({ ...opts, db }),
    studioSessions: (opts) => listStudioSessions({ ...opts, db }),
    courseUnits: (opts) => courseLiveUnits({ ...opts, db }),
    attendanceExport: (opts) => exportLiveAttendance({ ...opts, db }),
    invite: (opts) => inviteToLiveSession({ ...opts, db }),
    revokeInvite: (opts) => revokeLiveInvite({ ...opts, db, redis }),
    mine: (opts) => myLiveSessions({ ...opts, db }),
  };
}
