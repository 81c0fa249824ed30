/** Classwork: offline-session check-in, assignments and grading, discussions, assigned enrolment, the trainer's class lists and exports. */
export { checkIn, checkInFloodPolicy, checkInRoster, checkInScreen, type TAttendance, type TCheckInScreen, type TRosterRow } from "./check-in.ts";
export { gradeSubmission, gradingQueue, submitAssignment, type TGradingItem, type TSubmissionStatus } from "./assignments.ts";
export { addPost, listPosts, type TPost, type TThread } from "./discussion.ts";
export { unitPanel, type TUnitPanel } from "./unit-panel.ts";
export { assignEnrollments, searchAssignableOrgUnits } from "./assign-enrollments.ts";
export { classList, type TClassListRow } from "./class-list.ts";
export { exportCheckInRoster, exportClassList, exportGradingQueue } from "./exports.ts";
export { readTeacherNoList } from "./read-teacher-no-list.ts";
