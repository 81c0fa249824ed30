export { countTeachers, listTeacherPage, listTeachers, teacherFilter, teacherPageSize } from "./list-teachers.ts";
export { unusablePasswordHash, upsertTeacher, upsertTeachers } from "./upsert-teacher.ts";
export type { TRosterLike } from "./types.ts";
export { getTeacher, resetPassword, setAccountStatus, transferTeacher, updateTeacherProfile } from "./manage-account.ts";
export { createStaffAccount, listStaffAccounts, staffRoles } from "./staff-accounts.ts";
