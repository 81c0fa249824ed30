import {
  catalogue,
  courseDetail,
  documentOpened,
  listCategories,
  myCourses,
  player,
  recordVideoBeat,
  selfEnroll,
  startQuizAttempt,
  submitQuizAttempt,
} from "@yanxiu/services/courses/learning";
import type { LearningServices } from "../../app/services/learning.ts";
import type { TServiceDeps } from "./deps.ts";

export function createLearningServices(deps: TServiceDeps): LearningServices {
  const { db, producer } = deps;
  return {
    catalogue: (o) => catalogue({ ...o, db }),
    categories: (o) => listCategories({ ...o, db }),
    courseDetail: (o) => courseDetail({ ...o, db }),
    selfEnroll: (o) => selfEnroll({ ...o, db }),
    myCourses: (o) => myCourses({ ...o, db }),
    player: (o) => player({ ...o, db }),
    recordVideoBeat: (o) => recordVideoBeat({ ...o, db, producer }),
    documentOpened: (o) => documentOpened({ ...o, db, producer }),
    startQuizAttempt: (o) => startQuizAttempt({ ...o, db }),
    submitQuizAttempt: (o) => submitQuizAttempt({ ...o, db, producer }),
  };
}
