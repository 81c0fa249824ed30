export { getPeopleExport, runPeopleExport, startPeopleExport } from "./people-export.ts";
