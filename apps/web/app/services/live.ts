import type { createLiveSession, inviteToLiveSession, revokeLiveInvite } from "@yanxiu/services/live";
import type { courseLiveUnits, exportLiveAttendance, listStudioSessions, liveSessionDocs, liveSessionPage, myLiveSessions } from "@yanxiu/services/live-record";

/** A service with its connections (db) bound by the server. */
type Bound<F extends (opts: never) => unknown> = (opts: Omit<Parameters<F>[0], "db">) => ReturnType<F>;

/** Live sessions as pages see them (types only; implemented in server/services/live.ts). The room itself is realtime's. */
export type LiveServices = {
  schedule: Bound<typeof createLiveSession>;
  page: Bound<typeof liveSessionPage>;
  /** An ended session's documents, their versions and (with `versionId`) one version's text. */
  docs: Bound<typeof liveSessionDocs>;
  studioSessions: Bound<typeof listStudioSessions>;
  courseUnits: Bound<typeof courseLiveUnits>;
  attendanceExport: Bound<typeof exportLiveAttendance>;
  invite: Bound<typeof inviteToLiveSession>;
  /** Takes an invitation back and, when it was the guest's only right, takes them out of the room. */
  revokeInvite: (opts: Omit<Parameters<typeof revokeLiveInvite>[0], "db" | "redis">) => ReturnType<typeof revokeLiveInvite>;
  mine: Bound<typeof myLiveSessions>;
};
