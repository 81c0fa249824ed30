export { listTeachers, teacherPageSize } from "./list-teachers.ts";
export { unusablePasswordHash, upsertTeacher } from "./upsert-teacher.ts";
export type { TRosterLike } from "./types.ts";
