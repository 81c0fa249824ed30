export { getRosterImport, listRosterImports } from "./get-roster-import.ts";
export { runRosterImport, type TImportSummary } from "./run-roster-import.ts";
export { sniffSpreadsheet, startRosterImport } from "./start-roster-import.ts";
export { readRosterImportReport } from "./read-roster-import-report.ts";
export { rosterTemplate } from "./roster-template.ts";
export { startHoursImport } from "./start-hours-import.ts";
export { runHoursImport, type THoursImportSummary } from "./run-hours-import.ts";
export { getHoursImport, listHoursImports } from "./get-hours-import.ts";
export { hoursTemplate, readHoursImportReport } from "./hours-report.ts";
