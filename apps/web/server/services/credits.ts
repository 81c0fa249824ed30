import {
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
import type { CreditsServices } from "../../app/services/credits.ts";
import type { TServiceDeps } from "./deps.ts";

export function createCreditsServices(deps: TServiceDeps): CreditsServices {
  const { db } = deps;
  return {
    myCredits: (opts) => myCredits({ ...opts, db }),
    teacherCredits: (opts) => teacherCredits({ ...opts, db }),
    submitExternal: (opts) => submitExternalAward({ ...opts, db }),
    listRequests: (opts) => listExternalRequests({ ...opts, db }),
    approveExternal: (opts) => approveExternalAward({ ...opts, db }),
    rejectExternal: (opts) => rejectExternalAward({ ...opts, db }),
    reverse: (opts) => reverseAward({ ...opts, db }),
    cycleStatus: (opts) => cycleStatusList({ ...opts, db }),
    getPolicy: (opts) => getPolicy({ ...opts, db }),
    setPolicy: (opts) => setPolicy({ ...opts, db }),
  };
}
