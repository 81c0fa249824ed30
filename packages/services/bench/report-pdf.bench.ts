/**
 * The annual report's PDF engine on the sample report and on a 40-page one: prints the time each takes and,
 * given a path, writes the sample there to look at:
 *   pnpm exec tsx bench/report-pdf.bench.ts /tmp/report-sample.pdf
 */
import fs from "node:fs/promises";
import { renderReportPdf } from "../src/reports/pdf/index.ts";
import { sampleReport } from "../src/reports/pdf/sample.ts";

const at = { createdAt: new Date("2026-12-07T16:00:00+08:00") };
const sample = sampleReport();
let t = performance.now();
const bytes = await renderReportPdf(sample, at);
console.log(`sample report: ${Math.round(performance.now() - t)} ms (first, fonts parsed), ${bytes.length} bytes`);
t = performance.now();
await renderReportPdf(sample, at);
console.log(`sample report: ${Math.round(performance.now() - t)} ms (again)`);
const big = { ...sample, sections: Array.from({ length: 5 }, () => sample.sections).flat() };
t = performance.now();
const bigBytes = await renderReportPdf(big, at);
const pages = (Buffer.from(bigBytes).toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;
console.log(`${big.sections.length} sections, ${pages} pages: ${Math.round(performance.now() - t)} ms, ${bigBytes.length} bytes`);
if (process.argv[2]) await fs.writeFile(process.argv[2], bytes);
