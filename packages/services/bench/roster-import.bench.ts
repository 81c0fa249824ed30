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
import { benchEnv } from "./env.ts";

const ROWS = 100_000;
const SCHOOLS = 500;
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-bench-import-"));
const owner = testOwnerDatabase();


const ROUNDS = benchEnv.BENCH_ROUNDS;
const GOAL_SECONDS = 10;
/** "Flat memory": the import holds no more than a couple of batches beyond what reading the file holds. */
const GOAL_EXTRA_MIB = 64;

try {
  /** A tenant of its own for each measured import (so each one creates 100,000 teachers), its file and its import row. */
  const setup = async (source: string | null) => {
    const t = await seedTenant(owner, buildTenant({ slug: `bench-imp-${randomUUID().slice(0, 6)}` }));
    const prov = await seedOrgUnit(owner, t.id, { kind: "province", name: "省", code: "IP" });
    const county = await seedOrgUnit(owner, t.id, { kind: "county", name: "县", code: "IC", parentId: prov.id });
    for (let s = 0; s < SCHOOLS; s++) await seedOrgUnit(owner, t.id, { kind: "school", name: `校${s}`, code: `IS${s}`, parentId: county.id });
    const admin = await seedUser(owner, t.id, buildUser({ roles: [{ role: "provinceAdmin", orgUnitId: prov.id }] }));
    const id = randomUUID();
    const key = fileKey(t.id, "imports", id, "xlsx");
    const file = await files.prepareLocal(key);
    if (source) fs.copyFileSync(source, file);
    await owner.withTenant(t.id, (tx) => tx.insert(rosterImport).values({ tenantId: t.id, id, actorId: admin.id, fileName: "bench.xlsx", fileKey: key }));
    return { tenantId: t.id, id, file };
  };
  const files = createFileStore(path.join(dir, "files"));
  const first = await setup(null);
  const g0 = performance.now();
  function* rows() {
    for (let i = 1; i <= ROWS; i++) {
      const n = String(i).padStart(6, "0");
      // One row in 100 is bad (a short phone number), as real rosters are.
      const phone = i % 100 === 0 ? "1380" : `139${String(i).padStart(8, "0")}`;
      yield [`BI${n}`, `教师${n}`, i % 2 ? "女" : "男", phone, "", `IS${i % SCHOOLS}`, "小学、初中", "语文", "一级教师", ""];
    }
  }
  await writeXlsxFromRows(first.file, rosterColumns.map((c) => c.header), rows());
  console.log(`generated ${ROWS.toLocaleString()} rows (${(fs.statSync(first.file).size / 1024 / 1024).toFixed(1)} MiB) in ${((performance.now() - g0) / 1000).toFixed(1)} s`);

  const child = (mode: string, target: { tenantId: string; id: string }) => {
    // BENCH_CPU_PROF=<dir> writes a CPU profile of each child there (open it in Chrome's DevTools).
    const prof = benchEnv.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${benchEnv.BENCH_CPU_PROF}`, `--cpu-prof-name=${mode}-${Date.now()}.cpuprofile`] : [];
    const out = execFileSync(process.execPath, [...prof, "--import", "tsx", path.join(here, "roster-import.child.ts"), mode, target.tenantId, target.id, path.join(dir, "files")], {
      maxBuffer: 1 << 20,
    }).toString();
    return JSON.parse(out.trim().split("\n").at(-1)!) as { seconds: number; peakMiB: number; summary: unknown };
  };
  const load = () => os.loadavg()[0]!.toFixed(2);
  type TRun = { seconds: number; peakMiB: number; summary: unknown; load: string };
  const runs: { parse: TRun; full: TRun }[] = [];
  // Interleaved A B A B: the parse-only baseline, then the full import, each round on a fresh tenant.
  for (let round = 0; round < ROUNDS; round++) {
    const target = round === 0 ? first : await setup(first.file);
    const la = load();
    const parse = { ...child("parse", target), load: la };
    const lb = load();
    const full = { ...child("import", target), load: lb };
    runs.push({ parse, full });
  }
  console.log(`\nroster import, ${ROWS.toLocaleString()} rows (.xlsx), one process each, rounds interleaved A B A B`);
  runs.forEach(({ parse, full }, i) => {
    console.log(`  round ${i + 1}  ${"A baseline: stream + validate only (no database)".padEnd(54)} ${parse.seconds.toFixed(1).padStart(6)} s   peak RSS ${parse.peakMiB.toFixed(0).padStart(4)} MiB   load ${parse.load}`);
    console.log(`  round ${i + 1}  ${"B full import (runRosterImport, as the worker runs it)".padEnd(54)} ${full.seconds.toFixed(1).padStart(6)} s   peak RSS ${full.peakMiB.toFixed(0).padStart(4)} MiB   load ${full.load}   ${(ROWS / full.seconds).toFixed(0)} rows/s`);
  });
  const worst = Math.max(...runs.map((r) => r.full.seconds));
  const extra = Math.max(...runs.map((r) => r.full.peakMiB - r.parse.peakMiB));
  console.log(`  goal ≤ ${GOAL_SECONDS} s: ${worst <= GOAL_SECONDS ? "met" : "missed"} (slowest ${worst.toFixed(1)} s, ${(worst / Math.max(...runs.map((r) => r.parse.seconds))).toFixed(1)}× the baseline)`);
  console.log(`  flat memory (peak ≤ baseline + ${GOAL_EXTRA_MIB} MiB): ${extra <= GOAL_EXTRA_MIB ? "met" : "missed"} (+${extra.toFixed(0)} MiB)`);
  console.log(`  summary: ${JSON.stringify(runs[0]!.full.summary)}`);
} finally {
  await owner.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
