import { createLiveSession, inviteToLiveSession, publishLiveRemoval, revokeLiveInvite } from "@yanxiu/db/live";
import { courseLiveUnits, exportLiveAttendance, listStudioSessions, liveSessionDocs, liveSessionPage, myLiveSessions } from "@yanxiu/db/live-record";
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
    revokeInvite: async (opts) => {
      const r = await revokeLiveInvite({ ...opts, db });
      // Every realtime process takes the guest's sockets out of the room (they reconnect to a refusal).
      if (r.disconnect && !(await publishLiveRemoval(redis, { tenantId: r.tenantId, sessionId: r.sessionId, userId: r.userId, announce: true }))) {
        console.warn(`live: removal of revoked guest ${r.userId} not published`);
      }
      return { userId: r.userId };
    },
    mine: (opts) => myLiveSessions({ ...opts, db }),
  };
}
