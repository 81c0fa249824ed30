import type {
  approveExternalAward,
  cycleStatusList,
  getPolicy,
  listExternalRequests,
  myCredits,
  rejectExternalAward,
  reverseAward,
  setPolicy,
  submitExternalAward,
  teacherCredits,
} from "@yanxiu/services/credits";

/** A service with its connections (db) bound by the server. */
type Bound<F extends (opts: never) => unknown> = (opts: Omit<Parameters<F>[0], "db">) => ReturnType<F>;

/** The credits services routes may call (types only; implemented in server/services/credits.ts). */
export type CreditsServices = {
  myCredits: Bound<typeof myCredits>;
  teacherCredits: Bound<typeof teacherCredits>;
  submitExternal: Bound<typeof submitExternalAward>;
  listRequests: Bound<typeof listExternalRequests>;
  approveExternal: Bound<typeof approveExternalAward>;
  rejectExternal: Bound<typeof rejectExternalAward>;
  reverse: Bound<typeof reverseAward>;
  cycleStatus: Bound<typeof cycleStatusList>;
  getPolicy: Bound<typeof getPolicy>;
  setPolicy: Bound<typeof setPolicy>;
};
