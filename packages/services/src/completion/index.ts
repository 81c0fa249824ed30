export { processProgressEvent, processProgressEvents, type TProcessResult } from "./process-progress-event.ts";
export { completeEnrollment, certificateNumber, verifyCode } from "./complete-enrollment.ts";
export { enqueueCertificate, enqueuePendingCertificates } from "./pending-certificates.ts";
export { rebuildCompletion, type TRebuildReport, type TDifference } from "./rebuild.ts";
export { deterministicUuid, enqueueLiveAttendance, liveAttendanceEvents, processStudioAttendance, type TStudioAttendanceResult } from "./live-attendance.ts";
export { processCoTeachingAttendance, type TCoTeachingAttendanceResult } from "./coteaching-attendance.ts";
export { afterProgressEventCommitted, announceCreditAwarded } from "./after-commit.ts";
