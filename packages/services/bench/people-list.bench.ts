/**
 * People list with 500,000 teachers in one tenant: p95 of the first page and of a deep page
 * (row 400,000) with keyset pagination, next to the baseline a naive list would use — LIMIT/OFFSET —
 * measured on the same data in the same run. Also a county admin's first page (prefix-scoped).
 */
import { randomUUID } from "node:crypto";
import { asc, sql } from "drizzle-orm";
import type { TGrant } from "@yanxiu/domain/permissions";
import { encodeCursor } from "@yanxiu/domain/org";
import { listTeachers } from "../src/people/index.ts";
import { teacherProfile } from "@yanxiu/db/schema";
import { buildTenant, seedOrgUnit, seedTenant } from "../src/seed/factories.ts";
import { testDatabase, testOwnerDatabase } from "../src/testing.ts";

const N = 500_000;
const COUNTIES = 100;
const SCHOOLS_PER_COUNTY = 10;
const RUNS = 40;

const owner = testOwnerDatabase();
const db = testDatabase();

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}
async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const t = await seedTenant(owner, buildTenant({ slug: `bench-${randomUUID().slice(0, 6)}` }));
const prov = await seedOrgUnit(owner, t.id, { kind: "province", name: "省", code: "BP" });
const schools: { id: string; path: string }[] = [];
let county0Path = "";
let county0Id = "";
for (let c = 0; c < COUNTIES; c++) {
  const county = await seedOrgUnit(owner, t.id, { kind: "county", name: `县${c}`, code: `BC${c}`, parentId: prov.id });
  if (c === 0) {
    county0Path = county.path;
    county0Id = county.id;
  }
  for (let s = 0; s < SCHOOLS_PER_COUNTY; s++) {
    const school = await seedOrgUnit(owner, t.id, { kind: "school", name: `校${c}-${s}`, code: `BS${c}-${s}`, parentId: county.id });
    schools.push({ id: school.id, path: school.path });
  }
}
const t0 = performance.now();
await owner.withTenant(t.id, async (tx) => {
  await tx.execute(sql`
    with s as (select row_number() over () - 1 as i, id, path from jsonb_to_recordset(${JSON.stringify(schools)}::jsonb) as x(id uuid, path text)),
    g as (select n, gen_random_uuid() as uid from generate_series(1, ${N}) n),
    u as (insert into "user" (tenant_id, id, login, password_hash, display_name)
          select ${t.id}::uuid, uid, 'b' || n, '!unset', '教师' || lpad((n::bigint * 7919 % ${N})::text, 6, '0') from g returning id, login)
    insert into teacher_profile (tenant_id, user_id, teacher_no, name, gender, phone, school_id, org_path, stages, subjects)
    select ${t.id}::uuid, g.uid, 'B' || g.n, '教师' || lpad((g.n::bigint * 7919 % ${N})::text, 6, '0'), 'female', (13000000000 + g.n)::text, s.id, s.path, '{primary}', '{语文}'
    from g join s on s.i = g.n % ${schools.length}`);
});
await owner.withTenant(t.id, (tx) => tx.execute(sql`analyze teacher_profile`));
console.log(`seeded ${N.toLocaleString()} teachers in ${schools.length} schools in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const province = { tenantId: t.id, actorId: randomUUID(), grants: [{ role: "provinceAdmin", orgUnitId: prov.id, orgPath: prov.path }] as TGrant[] };
const county = { tenantId: t.id, actorId: randomUUID(), grants: [{ role: "orgAdmin", orgUnitId: county0Id, orgPath: county0Path }] as TGrant[] };

// The row at position 400,000 in list order: the cursor a user reaches after 8,000 pages.
const DEEP = 400_000;
const [deepRow] = await owner.withTenant(t.id, (tx) =>
  tx.select({ name: teacherProfile.name, id: teacherProfile.userId }).from(teacherProfile).orderBy(asc(teacherProfile.name), asc(teacherProfile.userId)).offset(DEEP).limit(1),
);
const deepCursor = encodeCursor(deepRow!.name, deepRow!.id);

const first = await time(() => listTeachers({ db, actor: province, query: {} }));
const deep = await time(() => listTeachers({ db, actor: province, query: { after: deepCursor } }));
const countyFirst = await time(() => listTeachers({ db, actor: county, query: {} }));
const offsetDeep = await time(() =>
  db.withTenant(t.id, (tx) => tx.select().from(teacherProfile).orderBy(asc(teacherProfile.name), asc(teacherProfile.userId)).offset(DEEP).limit(51)),
);

const row = (label: string, xs: number[]) => console.log(`  ${label.padEnd(52)} p95 ${p95(xs).toFixed(1).padStart(8)} ms   median ${[...xs].sort((a, b) => a - b)[xs.length >> 1]!.toFixed(1).padStart(8)} ms`);
console.log(`\npeople list, ${N.toLocaleString()} teachers, page of 50, ${RUNS} runs each`);
row("keyset, first page (province admin)", first);
row(`keyset, deep page (after row ${DEEP.toLocaleString()})`, deep);
row(`keyset, first page (county admin, ${(N / COUNTIES).toLocaleString()} teachers)`, countyFirst);
row(`baseline: OFFSET ${DEEP.toLocaleString()} (same order, same data)`, offsetDeep);

await db.close();
await owner.close();
