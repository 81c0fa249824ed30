import type {
  addCategory,
  addSection,
  addUnit,
  approve,
  archiveCourse,
  createCourse,
  deleteSection,
  deleteUnit,
  getCourseForEdit,
  getCourseFormOptions,
  getReviewVersion,
  listCategories,
  listInstitutions,
  listMyCourses,
  listReviewQueue,
  moveEnrollments,
  moveSection,
  moveUnit,
  renameSection,
  restoreCourse,
  sendBack,
  startNewDraft,
  submitForReview,
  updateFacts,
  updateUnit,
  withdraw,
} from "@yanxiu/services/courses/authoring";

type Bound<F extends (opts: never) => unknown> = (opts: Omit<Parameters<F>[0], "db">) => ReturnType<F>;

/** The authoring services routes may call (types only; implemented in server/services/authoring.ts). */
export type AuthoringServices = {
  listCategories: Bound<typeof listCategories>;
  addCategory: Bound<typeof addCategory>;
  listInstitutions: Bound<typeof listInstitutions>;
  formOptions: Bound<typeof getCourseFormOptions>;
  createCourse: Bound<typeof createCourse>;
  updateFacts: Bound<typeof updateFacts>;
  getForEdit: Bound<typeof getCourseForEdit>;
  listMine: Bound<typeof listMyCourses>;
  addSection: Bound<typeof addSection>;
  renameSection: Bound<typeof renameSection>;
  deleteSection: Bound<typeof deleteSection>;
  moveSection: Bound<typeof moveSection>;
  addUnit: Bound<typeof addUnit>;
  updateUnit: Bound<typeof updateUnit>;
  deleteUnit: Bound<typeof deleteUnit>;
  moveUnit: Bound<typeof moveUnit>;
  submit: Bound<typeof submitForReview>;
  withdraw: Bound<typeof withdraw>;
  approve: Bound<typeof approve>;
  sendBack: Bound<typeof sendBack>;
  reviewQueue: Bound<typeof listReviewQueue>;
  getReview: Bound<typeof getReviewVersion>;
  archive: Bound<typeof archiveCourse>;
  restore: Bound<typeof restoreCourse>;
  startNewDraft: Bound<typeof startNewDraft>;
  moveEnrollments: Bound<typeof moveEnrollments>;
};
