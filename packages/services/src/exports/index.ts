export { getPeopleExport, runPeopleExport, startPeopleExport } from "./people-export.ts";
export { readPeopleExportFile } from "./read-people-export-file.ts";
