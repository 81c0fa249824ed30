export { chinaDay, currentPolicy, ledgerOf, recomputeTeacherStatus } from "./status.ts";
