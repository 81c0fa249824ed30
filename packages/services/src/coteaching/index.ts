/** 双师 co-teaching services (issue 7): sessions with classrooms, class-level polls, attendance sheets, the lecturer's tiles, the record. */
export { createCoTeachingSession } from "./create-coteaching-session.ts";
export { answerClassPoll, loadClassPollTally } from "./answer-class-poll.ts";
export { saveClassroomAttendance, type TClassroomAttendanceSheet } from "./save-classroom-attendance.ts";
export { coTeachingTiles } from "./coteaching-tiles.ts";
export { coTeachingRecord } from "./coteaching-record.ts";
export { loadCoTeachingSession, type TCoTeachingActor } from "./common.ts";
export { coTeachingView, type TAssistantView, type TCoTeachingView, type TLecturerView } from "./coteaching-view.ts";
export { coTeachingFormOptions } from "./form-options.ts";
export { askClassQuestion, markClassQuestionAnswered, type TClassQuestionView } from "./questions.ts";
