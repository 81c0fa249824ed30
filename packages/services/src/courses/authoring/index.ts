/** Course authoring: trainers write courses, reviewers approve them, publishing freezes a version. */
export { addCategory, canManageCategories, getCourseFormOptions, listCategories, listInstitutions, type TCategory, type TInstitution } from "./categories.ts";
export { createCourse, getCourseForEdit, listMyCourses, updateFacts, type TMyCourse, type TVersionSummary } from "./courses.ts";
export { addSection, addUnit, deleteSection, deleteUnit, moveSection, moveUnit, renameSection, updateUnit } from "./content.ts";
export { approve, archiveCourse, getReviewVersion, listReviewQueue, restoreCourse, sendBack, submitForReview, withdraw, type TReviewQueueItem } from "./review.ts";
export { moveEnrollments, startNewDraft } from "./versions.ts";
export { frozenAsConflict, isFrozenError, type TFileInfo } from "./access.ts";
