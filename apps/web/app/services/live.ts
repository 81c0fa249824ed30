import type { createLiveSession } from "@yanxiu/db/live";
import type { listStudioSessions, liveSessionDocs, liveSessionPage } from "@yanxiu/db/live-record";

/** A service with its connections (db) bound by the server. */
type Bound<F extends (opts: never) => unknown> = (opts: Omit<Parameters<F>[0], "db">) => ReturnType<F>;

/** Live sessions as pages see them (types only; implemented in server/services/live.ts). The room itself is realtime's. */
export type LiveServices = {
  schedule: Bound<typeof createLiveSession>;
  page: Bound<typeof liveSessionPage>;
  /** An ended session's documents, their versions and (with `versionId`) one version's text. */
  docs: Bound<typeof liveSessionDocs>;
  studioSessions: Bound<typeof listStudioSessions>;
};
