/**
 * Import of a generated 100,000-row .xlsx: wall time and peak memory (VmHWM) of the process that runs
 * the import — the worker's service, in a child process of its own — next to a baseline measured in the
 * same run on the same file: a child that only streams and validates the rows (no database).
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rosterColumns } from "@yanxiu/domain/roster";
import { createFileStore, fileKey } from "../src/platform/files.ts";
import { rosterImport } from "@yanxiu/db/schema";
import { writeXlsxFromRows } from "../src/platform/xlsx/xlsx.ts";
import { buildTenant, buildUser, seedOrgUnit, seedTenant, seedUser } from "../src/seed/factories.ts";
import { testOwnerDatabase } from "../src/testing.ts";

const ROWS = 100_000;
const SCHOOLS = 500;
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-bench-import-"));
const owner = testOwnerDatabase();

try {
  const t = await seedTenant(owner, buildTenant({ slug: `bench-imp-${randomUUID().slice(0, 6)}` }));
  const prov = await seedOrgUnit(owner, t.id, { kind: "province", name: "省", code: "IP" });
  const county = await seedOrgUnit(owner, t.id, { kind: "county", name: "县", code: "IC", parentId: prov.id });
  for (let s = 0; s < SCHOOLS; s++) await seedOrgUnit(owner, t.id, { kind: "school", name: `校${s}`, code: `IS${s}`, parentId: county.id });
  const admin = await seedUser(owner, t.id, buildUser({ roles: [{ role: "provinceAdmin", orgUnitId: prov.id }] }));

  const files = createFileStore(path.join(dir, "files"));
  const id = randomUUID();
  const key = fileKey(t.id, "imports", id, "xlsx");
  const file = await files.prepareLocal(key);
  const g0 = performance.now();
  function* rows() {
    for (let i = 1; i <= ROWS; i++) {
      const n = String(i).padStart(6, "0");
      // One row in 100 is bad (a short phone number), as real rosters are.
      const phone = i % 100 === 0 ? "1380" : `139${String(i).padStart(8, "0")}`;
      yield [`BI${n}`, `教师${n}`, i % 2 ? "女" : "男", phone, "", `IS${i % SCHOOLS}`, "小学、初中", "语文", "一级教师", ""];
    }
  }
  await writeXlsxFromRows(file, rosterColumns.map((c) => c.header), rows());
  console.log(`generated ${ROWS.toLocaleString()} rows (${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MiB) in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
  await owner.withTenant(t.id, (tx) => tx.insert(rosterImport).values({ tenantId: t.id, id, actorId: admin.id, fileName: "bench.xlsx", fileKey: key }));

  const child = (mode: string) => {
    const out = execFileSync(process.execPath, ["--import", "tsx", path.join(here, "roster-import.child.ts"), mode, t.id, id, path.join(dir, "files")], {
      maxBuffer: 1 << 20,
    }).toString();
    return JSON.parse(out.trim().split("\n").at(-1)!) as { seconds: number; peakMiB: number; summary: unknown };
  };
  const baseline = child("parse");
  const full = child("import");
  console.log(`\nroster import, ${ROWS.toLocaleString()} rows (.xlsx), one process each`);
  console.log(`  ${"baseline: stream + validate only (no database)".padEnd(50)} ${baseline.seconds.toFixed(1).padStart(7)} s   peak RSS ${baseline.peakMiB.toFixed(0).padStart(5)} MiB`);
  console.log(`  ${"full import (runRosterImport, as the worker runs it)".padEnd(50)} ${full.seconds.toFixed(1).padStart(7)} s   peak RSS ${full.peakMiB.toFixed(0).padStart(5)} MiB`);
  console.log(`  ${"throughput of the full import".padEnd(50)} ${(ROWS / full.seconds).toFixed(0).padStart(7)} rows/s`);
  console.log(`  summary: ${JSON.stringify(full.summary)}`);
} finally {
  await owner.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
