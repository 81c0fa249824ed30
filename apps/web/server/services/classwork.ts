import {
  addPost,
  assignEnrollments,
  checkIn,
  checkInRoster,
  checkInScreen,
  classList,
  exportCheckInRoster,
  exportClassList,
  exportGradingQueue,
  gradeSubmission,
  gradingQueue,
  listPosts,
  searchAssignableOrgUnits,
  submitAssignment,
  unitPanel,
} from "@yanxiu/services/courses/classwork";
import type { ClassworkServices } from "../../app/services/classwork.ts";
import type { TServiceDeps } from "./deps.ts";

export function createClassworkServices(deps: TServiceDeps): ClassworkServices {
  const { db, producer, redis, checkInSecret: secret } = deps;
  return {
    unitPanel: (opts) => unitPanel({ ...opts, db }),
    checkIn: (opts) => checkIn({ ...opts, db, redis, producer, secret }),
    checkInScreen: (opts) => checkInScreen({ ...opts, db, secret }),
    checkInRoster: (opts) => checkInRoster({ ...opts, db }),
    submitAssignment: (opts) => submitAssignment({ ...opts, db, producer }),
    gradingQueue: (opts) => gradingQueue({ ...opts, db }),
    gradeSubmission: (opts) => gradeSubmission({ ...opts, db, producer }),
    listPosts: (opts) => listPosts({ ...opts, db }),
    addPost: (opts) => addPost({ ...opts, db, producer }),
    assignEnrollments: (opts) => assignEnrollments({ ...opts, db }),
    searchOrgUnits: (opts) => searchAssignableOrgUnits({ ...opts, db }),
    classList: (opts) => classList({ ...opts, db }),
    exportClassList: (opts) => exportClassList({ ...opts, db }),
    exportGradingQueue: (opts) => exportGradingQueue({ ...opts, db }),
    exportCheckInRoster: (opts) => exportCheckInRoster({ ...opts, db }),
  };
}
