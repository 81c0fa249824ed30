import { answerClassPoll, askClassQuestion, coTeachingFormOptions, markClassQuestionAnswered, coTeachingRecord, coTeachingView, createCoTeachingSession, saveClassroomAttendance } from "@yanxiu/services/coteaching";
import type { CoTeachingServices } from "../../app/services/coteaching.ts";
import type { TServiceDeps } from "./deps.ts";

export function createCoTeachingServices(deps: TServiceDeps): CoTeachingServices {
  const { db } = deps;
  return {
    formOptions: (opts) => coTeachingFormOptions({ ...opts, db }),
    create: (opts) => createCoTeachingSession({ ...opts, db }),
    view: (opts) => coTeachingView({ ...opts, db }),
    answer: (opts) => answerClassPoll({ ...opts, db }),
    saveAttendance: (opts) => saveClassroomAttendance({ ...opts, db }),
    record: (opts) => coTeachingRecord({ ...opts, db }),
    ask: (opts) => askClassQuestion({ ...opts, db }),
    questionAnswered: (opts) => markClassQuestionAnswered({ ...opts, db }),
  };
}
