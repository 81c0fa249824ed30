/** The learning services: teachers find, enrol on and study courses; the progress endpoint's service. */
export { catalogue, courseDetail, decodeCatalogueCursor, encodeCatalogueCursor, listCategories } from "./catalogue.ts";
export { selfEnroll } from "./enroll.ts";
export { myCourses } from "./my-courses.ts";
export { player, type TPlayer } from "./player.ts";
export { documentOpened, recordVideoBeat } from "./record-progress.ts";
export { startQuizAttempt, submitQuizAttempt } from "./quiz.ts";
