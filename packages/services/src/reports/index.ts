export { annualReportForm, getAnnualReport, listAnnualReports, readAnnualReportFile, requestAnnualReport, runAnnualReport } from "./annual-report.ts";
export { annualReportFigures, type TAnnualReportFigures } from "./annual-report-data.ts";
export { getAnnualReportSchedule, scheduleAnnualReports, setAnnualReportSchedule } from "./annual-report-schedule.ts";
