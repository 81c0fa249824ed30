/** What the web shows of live sessions: a studio's sessions, the room page's facts and an ended session's record. */
export { liveSessionPage, liveSessionRecord, type TLiveRecord, type TLiveRecordAttendee, type TLiveRecordChat, type TLiveRecordPoll, type TLiveSessionPage, type TLiveCredit } from "./session-page.ts";
export { listStudioSessions, type TStudioSession } from "./studio-sessions.ts";
export { courseLiveUnits, type TCourseLiveUnit } from "./course-sessions.ts";
export { exportLiveAttendance, liveAttendanceSheet, type TAttendanceSheetRow } from "./attendance-export.ts";
export { myLiveSessions, type TMyLiveSession } from "./my-sessions.ts";
export { liveSessionDocs, type TLiveRecordDoc, type TLiveRecordDocs, type TLiveRecordDocVersion, type TLiveRecordGroupDoc } from "./session-docs.ts";
export type { TLiveRecordBoard, TLiveRecordBoardPage } from "./board-pages.ts";
