/**
 * A province at its real size (issue 17's bench): PROVINCE_BENCH_TEACHERS teachers (default 1,200,000) in 14 cities,
 * ~120 counties and ~12,000 schools, with PROVINCE_BENCH_AWARDS awards each over five years (default 25: ≈ 30 M
 * ledger rows). Each figure is printed beside a baseline measured in the same run:
 *
 *   1. Seeding (bulk SQL): teachers and ledger rows per second — the floor any service path is held against.
 *   2. Every teacher's status recomputed from the ledger (recomputeTenantStatuses, what a scheme change costs) and the
 *      full rollup (computeRollups), wall time.
 *   3. The dashboard (readDashboard) for the province, a city and a county: p50/p95 next to a direct aggregate of the
 *      same 学时 (by category, this year) over the ledger. Target: p95 ≤ 300 ms.
 *   4. Awards at PROVINCE_BENCH_RATE per second (default 2,000) for PROVINCE_BENCH_SECONDS, open loop: each one
 *      transaction that appends the award and moves the teacher's status and the rollups (recomputeTeacherStatus,
 *      the path every award takes); latency from its scheduled time to commit (when its rollups are visible).
 *      Target: p99 ≤ 1 s. Baseline: the same number of bare INSERTs into the ledger.
 *      Then the same stream grouped as the worker groups progress events (decision 040): awards that arrive while
 *      two transactions are in flight wait and go together, of teachers no group in flight holds, one multi-row
 *      insert and one recomputeTeacherStatuses per group — beside bare INSERTs grouped the same way.
 *   5. The credit status of every teacher exported to .xlsx (runPeopleExport): wall time and peak RSS, next to a
 *      bare keyset read of the same rows.
 *   6. The province's annual quality report (runAnnualReport): wall time, figures and PDF.
 *
 * Quick run: PROVINCE_BENCH_TEACHERS=60000 PROVINCE_BENCH_SECONDS=5 (see env.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { TGrant } from "@yanxiu/domain/permissions";
import { annualReport, creditAward, peopleExport } from "@yanxiu/db/schema";
import { chinaDay, recomputeTeacherStatus, recomputeTeacherStatuses } from "../src/credits/status.ts";
import { recomputeTenantStatuses } from "../src/credits/policy.ts";
import { runPeopleExport } from "../src/exports/index.ts";
import type { TActor } from "../src/org/scope.ts";
import { createFileStore } from "../src/platform/files.ts";
import { runAnnualReport } from "../src/reports/index.ts";
import { computeRollups, foldPendingRollups, readDashboard } from "../src/rollups/index.ts";
import { buildTenant, buildUser, seedTenant, seedUser } from "../src/seed/factories.ts";
import { testDatabase, testOwnerDatabase } from "../src/testing.ts";
import { benchEnv } from "./env.ts";

const N = benchEnv.PROVINCE_BENCH_TEACHERS;
const AWARDS = benchEnv.PROVINCE_BENCH_AWARDS;
const RATE = benchEnv.PROVINCE_BENCH_RATE;
const SECONDS = benchEnv.PROVINCE_BENCH_SECONDS;
const RUNS = benchEnv.PROVINCE_BENCH_RUNS;
const CITIES = 14;
const SCHOOLS = Math.max(140, Math.round(N / 100));
const COUNTIES = Math.max(CITIES, Math.round(SCHOOLS / 100));
const today = chinaDay();
const year = Number(today.slice(0, 4));
const categories = ["online", "concentrated", "schoolBased", "studio", "coTeaching"];
const levels = ["national", "provincial", "city", "county", "school"];

const owner = testOwnerDatabase();
const db = testDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-province-bench-"));
const files = createFileStore(dir);

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * p) - 1))]!;
};
const ms = (x: number) => `${x.toFixed(1).padStart(9)} ms`;
const load = () => os.loadavg()[0]!.toFixed(1);
const secs = (t0: number) => (performance.now() - t0) / 1000;
const line = (label: string, text: string) => console.log(`  ${label.padEnd(52)} ${text}   (load ${load()})`);

async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

console.log(`province bench: ${N.toLocaleString()} teachers, ${AWARDS} awards each, ${CITIES} cities, ${COUNTIES} counties, ${SCHOOLS} schools (load ${load()})`);

// ── 1. The province, in bulk ─────────────────────────────────────────────────────────────────────────
const t = await seedTenant(owner, buildTenant({ slug: `prov-${randomUUID().slice(0, 6)}` }));
const tenantId = t.id;
type TUnit = { id: string; parent: string | null; kind: string; name: string; code: string; path: string };
const units: TUnit[] = [];
const unit = (kind: string, name: string, parent: TUnit | null): TUnit => {
  const id = randomUUID();
  const u = { id, parent: parent?.id ?? null, kind, name, code: `PV${units.length}`, path: `${parent?.path ?? "/"}${id}/` };
  units.push(u);
  return u;
};
const prov = unit("province", "基准省", null);
const cities = Array.from({ length: CITIES }, (_, c) => unit("city", `市${c + 1}`, prov));
const counties = Array.from({ length: COUNTIES }, (_, k) => unit("county", `县${k + 1}`, cities[k % CITIES]!));
const schools = Array.from({ length: SCHOOLS }, (_, s) => unit("school", `学校${s + 1}`, counties[s % COUNTIES]!));
let t0 = performance.now();
await owner.withTenant(tenantId, (tx) =>
  tx.execute(sql`
    insert into org_unit (tenant_id, id, parent_id, kind, name, code, path)
    select ${tenantId}::uuid, u.id, u.parent, u.kind, u.name, u.code, u.path
    from jsonb_to_recordset(${JSON.stringify(units)}::jsonb) as u(id uuid, parent uuid, kind text, name text, code text, path text)`),
);
const schoolsJson = JSON.stringify(schools.map((s) => ({ id: s.id, path: s.path })));
const CHUNK = 100_000;
for (let from = 0; from < N; from += CHUNK) {
  const to = Math.min(N, from + CHUNK) - 1;
  await owner.withTenant(tenantId, (tx) =>
    tx.execute(sql`
      with s as (select row_number() over () - 1 as i, id, path from jsonb_to_recordset(${schoolsJson}::jsonb) as x(id uuid, path text)),
      g as (select n, gen_random_uuid() as uid from generate_series(${from}::int, ${to}::int) n),
      u as (insert into "user" (tenant_id, id, login, password_hash, display_name)
            select ${tenantId}::uuid, uid, 't' || n, '!unset', '教师' || n from g returning id)
      insert into teacher_profile (tenant_id, user_id, teacher_no, name, gender, phone, school_id, org_path, stages, subjects, rural, backbone_level)
      select ${tenantId}::uuid, g.uid, 'T' || lpad(g.n::text, 7, '0'), '教师' || g.n, 'female', (13000000000 + g.n)::text, s.id, s.path,
             '{juniorSecondary}', '{语文}', g.n % 3 = 0, case when g.n % 40 = 0 then 'county' when g.n % 97 = 0 then 'city' end
      from g join s on s.i = g.n % ${SCHOOLS}::int`),
  );
}
const teachersSecs = secs(t0);
t0 = performance.now();
// Five years of awards per teacher: day, category and level spread by a hash of (teacher, k).
for (let from = 0; from < N; from += Math.floor(CHUNK / 2)) {
  const to = Math.min(N, from + Math.floor(CHUNK / 2)) - 1;
  await owner.withTenant(tenantId, (tx) =>
    tx.execute(sql`
      insert into credit_award (tenant_id, teacher_id, source, source_ref, title, hours, category, organiser_level, counts_for)
      select ${tenantId}::uuid, p.user_id, 'courseCompletion', 'b' || k, '研修课程' || k,
             1 + (abs(hashtext(p.teacher_no || k)) % 12),
             (${`{${categories.join(",")}}`}::text[])[1 + abs(hashtext(k || p.teacher_no)) % ${categories.length}],
             (${`{${levels.join(",")}}`}::text[])[1 + abs(hashtext(p.teacher_no || 'l' || k)) % ${levels.length}],
             (${today}::date - (abs(hashtext(p.teacher_no || 'd' || k)) % 1800))
      from teacher_profile p cross join generate_series(1, ${AWARDS}::int) k
      where p.teacher_no between ${`T${String(from).padStart(7, "0")}`} and ${`T${String(to).padStart(7, "0")}`}`),
  );
}
const awardsSecs = secs(t0);
await owner.withTenant(tenantId, async (tx) => {
  await tx.execute(sql`analyze teacher_profile`);
  await tx.execute(sql`analyze credit_award`);
});
const ledgerRows = N * AWARDS;
console.log("1. seeding (bulk SQL, the floor)");
line("teachers + users", `${teachersSecs.toFixed(1)} s   ${Math.round(N / teachersSecs).toLocaleString()} /s`);
line("ledger rows", `${awardsSecs.toFixed(1)} s   ${Math.round(ledgerRows / awardsSecs).toLocaleString()} /s   (${ledgerRows.toLocaleString()} rows)`);

const adminUser = await seedUser(owner, tenantId, buildUser({ roles: [{ role: "provinceAdmin", orgUnitId: prov.id }] }));
const admin: TActor = { tenantId, actorId: adminUser.id, grants: [{ role: "provinceAdmin", orgUnitId: prov.id, orgPath: prov.path }] as TGrant[] };

// ── 2. Statuses and rollups from the ledger ──────────────────────────────────────────────────────────
console.log("2. every total from the ledger");
t0 = performance.now();
const recomputed = await recomputeTenantStatuses({ db, tenantId, today, batchSize: 500 });
const statusSecs = secs(t0);
line("recomputeTenantStatuses (a scheme change)", `${statusSecs.toFixed(1)} s   ${Math.round(recomputed / statusSecs).toLocaleString()} teachers/s`);
t0 = performance.now();
await computeRollups({ db, tenantId, today });
line("computeRollups (the nightly reconcile's rebuild)", `${secs(t0).toFixed(1)} s`);

// ── 3. The dashboard, against a direct aggregate over the ledger ────────────────────────────────────
console.log("3. dashboard p50/p95 (target p95 ≤ 300 ms) vs the same 学时 by category summed over the ledger");
const direct = (u: TUnit) =>
  db.withTenant(tenantId, (tx) =>
    tx.execute(sql`
      select a.category, sum(a.hours) from credit_award a join teacher_profile p on p.tenant_id = a.tenant_id and p.user_id = a.teacher_id
      where p.org_path like ${`${u.path}%`} and a.counts_for >= ${`${year}-01-01`}::date and a.counts_for < ${`${year + 1}-01-01`}::date
      group by 1`),
  );
for (const [label, u] of [["province", prov], ["city", cities[0]!], ["county", counties[0]!]] as const) {
  const dash = await time(() => readDashboard({ db, actor: admin, query: { unit: u.id, year } }));
  const base = await time(() => direct(u), Math.max(3, Math.floor(RUNS / 4)));
  line(`readDashboard ${label}`, `p50 ${ms(pct(dash, 0.5))}  p95 ${ms(pct(dash, 0.95))}   ${pct(dash, 0.95) <= 300 ? "met" : "MISSED"}`);
  line(`  direct ledger aggregate ${label}`, `p50 ${ms(pct(base, 0.5))}  p95 ${ms(pct(base, 0.95))}`);
}

// ── 4. Awards at RATE per second, open loop ──────────────────────────────────────────────────────────
console.log(`4. awards at ${RATE}/s for ${SECONDS} s: scheduled → committed with rollups moved (target p99 ≤ 1 s)`);
const teacherIds = (
  await owner.withTenant(tenantId, (tx) => tx.execute<{ user_id: string }>(sql`select user_id from teacher_profile order by teacher_no limit 20000`))
).map((r) => r.user_id);
async function openLoop(task: (i: number) => Promise<unknown>, maxInFlight = 64) {
  const total = RATE * SECONDS;
  const lat: number[] = [];
  const start = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // At most 64 at once (the pool's size): the rest queue here, and their wait counts in their latency.
    // (Grouped writers queue on their own and take no connection each: no cap.)
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const p = task(i).then(() => lat.push(performance.now() - due));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }
  await Promise.all(inFlight);
  return { lat, rate: total / secs(start) };
}
const awardDay = today;
// The worker folds the deltas awards append into the rollup rows every 250 ms (decision 033); so does this
// loop while awards run, so the fold's cost lands on the same Postgres as the awards it follows.
let folds = 0;
let foldedUnits = 0;
let folding = true;
const foldLoop = (async () => {
  while (folding) {
    for (const r of await foldPendingRollups({ db, tenantIds: new Set([tenantId]) })) {
      folds++;
      foldedUnits += r.units;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
})();
const service = await openLoop((i) =>
  db.withTenant(tenantId, async (tx) => {
    const teacherId = teacherIds[i % teacherIds.length]!;
    const hours = String(1 + (i % 6));
    await tx.insert(creditAward).values({ tenantId, teacherId, source: "manual", sourceRef: `rate-${i}`, title: "基准学时", hours, category: "online", organiserLevel: "county", countsFor: awardDay });
    await recomputeTeacherStatus(tx, { tenantId, teacherId, today, landed: [{ teacherId, hours, category: "online", countsFor: awardDay }] });
  }),
);
folding = false;
await foldLoop;
const [waiting] = await owner.withTenant(tenantId, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from org_rollup_delta`));
const bare = await openLoop((i) =>
  db.withTenant(tenantId, (tx) =>
    tx.insert(creditAward).values({ tenantId, teacherId: teacherIds[(i + 7) % teacherIds.length]!, source: "manual", sourceRef: `bare-${i}`, title: "基准学时", hours: "1", category: "online", organiserLevel: "county", countsFor: awardDay }),
  ),
);
/**
 * Awards written in groups, the way the worker's progress batcher writes a batch (decision 040): what arrives
 * while `inFlight` groups run waits and goes in the next, of teachers no running group holds; `write` gets a
 * group's awards in one transaction. Resolves each award when its group commits.
 */
function grouped(write: (tx: Parameters<Parameters<typeof db.withTenant>[1]>[0], awards: { i: number; teacherId: string; hours: string }[]) => Promise<unknown>, inFlight = 2) {
  type TWaiting = { a: { i: number; teacherId: string; hours: string }; done: () => void; fail: (e: unknown) => void };
  let waiting: TWaiting[] = [];
  const busy = new Set<string>();
  let running = 0;
  let groups = 0;
  const pump = () => {
    while (running < inFlight && waiting.length > 0) {
      const group: TWaiting[] = [];
      const rest: TWaiting[] = [];
      const mine = new Set<string>();
      for (const w of waiting) {
        if (group.length < 1000 && !busy.has(w.a.teacherId)) {
          group.push(w);
          mine.add(w.a.teacherId);
        } else rest.push(w);
      }
      waiting = rest;
      if (group.length === 0) return;
      for (const id of mine) busy.add(id);
      running++;
      groups++;
      void db
        .withTenant(tenantId, (tx) => write(tx, group.map((w) => w.a)))
        .then(() => group.forEach((w) => w.done()), (e: unknown) => group.forEach((w) => w.fail(e)))
        .finally(() => {
          for (const id of mine) busy.delete(id);
          running--;
          pump();
        });
    }
  };
  return {
    add: (a: { i: number; teacherId: string; hours: string }) =>
      new Promise<void>((done, fail) => {
        waiting.push({ a, done, fail });
        setImmediate(pump);
      }),
    groups: () => groups,
  };
}
const awardGroups = grouped(async (tx, awards) => {
  await tx.insert(creditAward).values(awards.map((a) => ({ tenantId, teacherId: a.teacherId, source: "manual" as const, sourceRef: `group-${a.i}`, title: "基准学时", hours: a.hours, category: "online" as const, organiserLevel: "county" as const, countsFor: awardDay })));
  await recomputeTeacherStatuses(tx, { tenantId, teacherIds: awards.map((a) => a.teacherId), today, landed: awards.map((a) => ({ teacherId: a.teacherId, hours: a.hours, category: "online", countsFor: awardDay })) });
});
folding = true;
const foldLoop2 = (async () => {
  while (folding) {
    await foldPendingRollups({ db, tenantIds: new Set([tenantId]) });
    await new Promise((r) => setTimeout(r, 250));
  }
})();
const groupedService = await openLoop((i) => awardGroups.add({ i, teacherId: teacherIds[(i + 13) % teacherIds.length]!, hours: String(1 + (i % 6)) }), 100_000);
folding = false;
await foldLoop2;
const bareGroups = grouped((tx, awards) =>
  tx.insert(creditAward).values(awards.map((a) => ({ tenantId, teacherId: a.teacherId, source: "manual" as const, sourceRef: `bare-group-${a.i}`, title: "基准学时", hours: "1", category: "online" as const, organiserLevel: "county" as const, countsFor: awardDay }))),
);
const groupedBare = await openLoop((i) => bareGroups.add({ i, teacherId: teacherIds[(i + 29) % teacherIds.length]!, hours: "1" }), 100_000);
line("award + status + rollups", `p50 ${ms(pct(service.lat, 0.5))}  p99 ${ms(pct(service.lat, 0.99))}   ${service.rate.toFixed(0)}/s achieved   ${pct(service.lat, 0.99) <= 1000 ? "met" : "MISSED"}`);
line("  folds while awards ran", `${folds} folds, ${foldedUnits.toLocaleString()} unit rows folded, ${waiting!.n} delta rows left for the next fold`);
line("  bare ledger INSERT", `p50 ${ms(pct(bare.lat, 0.5))}  p99 ${ms(pct(bare.lat, 0.99))}   ${bare.rate.toFixed(0)}/s achieved`);
line("grouped: award + status + rollups", `p50 ${ms(pct(groupedService.lat, 0.5))}  p99 ${ms(pct(groupedService.lat, 0.99))}   ${groupedService.rate.toFixed(0)}/s achieved in ${awardGroups.groups()} transactions   ${pct(groupedService.lat, 0.99) <= 1000 ? "met" : "MISSED"}`);
line("  grouped bare ledger INSERT", `p50 ${ms(pct(groupedBare.lat, 0.5))}  p99 ${ms(pct(groupedBare.lat, 0.99))}   ${groupedBare.rate.toFixed(0)}/s achieved in ${bareGroups.groups()} transactions`);

// ── 5. The credit status of every teacher, exported ─────────────────────────────────────────────────
console.log("5. credit status of every teacher → .xlsx (streamed), wall time and peak RSS");
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const rssBefore = process.memoryUsage().rss;
const exportId = randomUUID();
await db.withTenant(tenantId, (tx) => tx.insert(peopleExport).values({ tenantId, id: exportId, actorId: admin.actorId, query: { list: "creditStatus" } }));
t0 = performance.now();
const exported = await runPeopleExport({ db, files, tenantId, exportId, pageSize: 5000 });
const exportSecs = secs(t0);
clearInterval(sampler);
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
line("runPeopleExport creditStatus", `${exportSecs.toFixed(1)} s   ${Math.round(exported.written / exportSecs).toLocaleString()} rows/s   peak RSS ${mib(peak)} (before ${mib(rssBefore)})`);
t0 = performance.now();
let read = 0;
let after = "00000000-0000-0000-0000-000000000000";
for (;;) {
  const page = await db.withTenant(tenantId, (tx) =>
    tx.execute<{ teacher_id: string }>(sql`
      select s.teacher_id, p.teacher_no, p.name, s.cycle_hours, s.year_hours, s.on_pace from teacher_credit_status s
      join teacher_profile p on p.tenant_id = s.tenant_id and p.user_id = s.teacher_id
      where s.teacher_id > ${after}::uuid order by s.teacher_id limit 5000`),
  );
  read += page.length;
  if (page.length < 5000) break;
  after = page[page.length - 1]!.teacher_id;
}
line("  bare keyset read of the same rows", `${secs(t0).toFixed(1)} s   ${Math.round(read / secs(t0)).toLocaleString()} rows/s`);

// ── 6. The annual quality report of the province ─────────────────────────────────────────────────────
console.log("6. the province's annual quality report");
const reportId = randomUUID();
await db.withTenant(tenantId, (tx) => tx.insert(annualReport).values({ tenantId, id: reportId, orgUnitId: prov.id, year, actorId: admin.actorId }));
t0 = performance.now();
const rep = await runAnnualReport({ db, files, tenantId, reportId });
line("runAnnualReport (figures + PDF)", `${secs(t0).toFixed(1)} s   ${rep.status}`);
const dash = await time(() => readDashboard({ db, actor: admin, query: { year } }), 3);
line("  the dashboard alone, for comparison", `p50 ${ms(pct(dash, 0.5))}`);

fs.rmSync(dir, { recursive: true, force: true });
await db.close();
await owner.close();
