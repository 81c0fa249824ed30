/** Training projects (项目管理, issue 16): projects, the 名额分配表, nominations and their reviews, within one province. */
export { createProject } from "./create-project.ts";
export { updateProject } from "./update-project.ts";
export { closeProject, decideProjectApproval, publishProject, startProject } from "./project-lifecycle.ts";
export { getProject, listProjects, projectPage } from "./find-projects.ts";
export { allocateQuota } from "./allocate-quota.ts";
export { quotaTable } from "./quota-table.ts";
export { nominateTeacher } from "./nominate-teacher.ts";
export { qualifyNomination, reviewNomination } from "./review-nomination.ts";
export { replaceNomination } from "./replace-nomination.ts";
export { withdrawNomination } from "./withdraw-nomination.ts";
export { listNominations, nominationTrail } from "./list-nominations.ts";
export { myNominations, nominationOptions, nominationPage, projectFormOptions, quotaPlan } from "./page-data.ts";
export { exportQuotaTable, importQuotaTable, quotaSheetHeaders, type TQuotaImportResult } from "./quota-xlsx.ts";
export { addClass, addClassMentor, classesPage, formClasses, moveTrainee, publishClasses, removeClassMentor, setHeadTeacher, setImplementingUnit, staffOptions } from "./classes.ts";
export { createSession, deleteSession, schedulePage, sessionCheckInScreen } from "./schedule.ts";
export { attendanceGrid, checkInToSession, exportAttendance, markAttendance, myProject, myTrainingProjects } from "./attendance.ts";
