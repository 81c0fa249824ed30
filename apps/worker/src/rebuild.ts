/**
 * `pnpm --filter @yanxiu/worker rebuild [--fix]`: recomputes unit facts, completion, course-completion
 * awards and teacher totals from the event table and the ledger, prints every difference from what is
 * stored, and exits 1 when there is one (or a double credit). `--fix` writes the computed state
 * (never deleting a ledger row) and exits 0 unless a double credit remains.
 */
import { createDatabase } from "@yanxiu/db/client";
import { rebuildCompletion } from "@yanxiu/services/completion";
import { loadRebuildEnv } from "./env.ts";

const fix = process.argv.includes("--fix");
const db = createDatabase(loadRebuildEnv().DATABASE_URL, { appName: "yanxiu-rebuild", max: 2 });
try {
  const r = await rebuildCompletion({ db, fix, log: (m) => console.error(`[rebuild] ${m}`) });
  for (const d of r.differences) console.log(JSON.stringify(d));
  console.log(`tenants: ${r.tenants}, enrollments: ${r.enrollments}, events: ${r.events}${fix ? `, fixed: ${r.fixed}` : ""}`);
  console.log(`differences: ${r.differences.length}`);
  console.log(`double credits: ${r.doubleCredits}`);
  process.exitCode = r.doubleCredits > 0 || (!fix && r.differences.length > 0) ? 1 : 0;
} finally {
  await db.close();
}
