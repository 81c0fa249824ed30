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
export { deleteBrief, listBriefs, postBrief, updateBrief, updateEvaluationSettings } from "./briefs.ts";
export { answerQuestionnaire, createQuestionnaire, exportQuestionnaireResults, getQuestionnaire, listQuestionnaires, questionnaireResults, setQuestionnaireState, updateQuestionnaire } from "./questionnaires.ts";
export { overdueReports, reportView, submitReport } from "./report.ts";
