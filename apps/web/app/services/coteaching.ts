import type { answerClassPoll, askClassQuestion, coTeachingFormOptions, markClassQuestionAnswered, coTeachingRecord, coTeachingView, createCoTeachingSession, saveClassroomAttendance } from "@yanxiu/services/coteaching";

/** A service with its connections (db) bound by the server. */
type Bound<F extends (opts: never) => unknown> = (opts: Omit<Parameters<F>[0], "db">) => ReturnType<F>;

/** 双师 co-teaching as pages see it (types only; implemented in server/services/coteaching.ts). */
export type CoTeachingServices = {
  formOptions: Bound<typeof coTeachingFormOptions>;
  create: Bound<typeof createCoTeachingSession>;
  view: Bound<typeof coTeachingView>;
  answer: Bound<typeof answerClassPoll>;
  saveAttendance: Bound<typeof saveClassroomAttendance>;
  record: Bound<typeof coTeachingRecord>;
  ask: Bound<typeof askClassQuestion>;
  questionAnswered: Bound<typeof markClassQuestionAnswered>;
};
