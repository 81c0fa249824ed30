/** One measured run for roster-import.bench.ts: prints {seconds, peakMiB, summary} as its last line. */
import fs from "node:fs";
import { checkRosterHeaders, isBlankRow, parseRosterRow, rosterCellsByKey } from "@yanxiu/domain/roster";
import { createFileStore } from "../src/platform/files.ts";
import { runRosterImport } from "../src/imports/index.ts";
import { readRosterRows } from "../src/platform/xlsx/xlsx.ts";
import { testDatabase, testIdNumbers, testOwnerDatabase } from "../src/testing.ts";
import { rosterImport } from "@yanxiu/db/schema";
import { eq } from "drizzle-orm";

const [mode, tenantId, importId, filesDir] = process.argv.slice(2) as [string, string, string, string];
const files = createFileStore(filesDir);
const peakMiB = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))![1]) / 1024;

const t0 = performance.now();
let summary: unknown;
if (mode === "parse") {
  const owner = testOwnerDatabase();
  const [imp] = await owner.withTenant(tenantId, (tx) => tx.select().from(rosterImport).where(eq(rosterImport.id, importId)));
  await owner.close();
  let ok = 0;
  let bad = 0;
  let index: ReturnType<typeof checkRosterHeaders> | null = null;
  for await (const r of readRosterRows(files.localPath(imp!.fileKey), "xlsx")) {
    if (r.rowNumber === 1) {
      index = checkRosterHeaders(r.cells);
      continue;
    }
    if (isBlankRow(r.cells) || !index?.ok) continue;
    if (parseRosterRow(rosterCellsByKey(index.columnIndex, r.cells)).ok) ok++;
    else bad++;
  }
  summary = { ok, bad };
} else {
  const db = testDatabase();
  summary = await runRosterImport({ db, files, tenantId, importId, idNumbers: testIdNumbers });
  await db.close();
}
console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, peakMiB: peakMiB(), summary }));
