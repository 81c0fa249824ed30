import type {
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

type Bound<F extends (opts: never) => unknown> = (opts: Omit<Parameters<F>[0], "db" | "producer" | "now">) => ReturnType<F>;

/** The learning services routes may call (types only; implemented in server/services/learning.ts). */
export type LearningServices = {
  catalogue: Bound<typeof catalogue>;
  categories: Bound<typeof listCategories>;
  courseDetail: Bound<typeof courseDetail>;
  selfEnroll: Bound<typeof selfEnroll>;
  myCourses: Bound<typeof myCourses>;
  player: Bound<typeof player>;
  recordVideoBeat: Bound<typeof recordVideoBeat>;
  documentOpened: Bound<typeof documentOpened>;
  startQuizAttempt: Bound<typeof startQuizAttempt>;
  submitQuizAttempt: Bound<typeof submitQuizAttempt>;
};
