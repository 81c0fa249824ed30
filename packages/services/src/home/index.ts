/** The home page of each role: one read per role, composed from the bounded contexts' own reads (issue 15). */
export { readTeacherHome, type TTeacherHome } from "./teacher-home.ts";
export { readMasterTeacherHome, type TMasterTeacherHome } from "./master-teacher-home.ts";
export { readTrainerHome, type TCourseState, type TTrainerHome } from "./trainer-home.ts";
export { readAdminHome, type TAdminHome } from "./admin-home.ts";
export { readOperatorHome, type TOperatorHome } from "./operator-home.ts";
