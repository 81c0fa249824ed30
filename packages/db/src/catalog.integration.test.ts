import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { appRole, platformRole } from "./migrate.ts";
import { testUrls } from "./testing.ts";

/**
 * Reads the Postgres catalog, so that every table anyone adds later is held to the tenancy rules
 * without anyone remembering to write a test for it.
 */
const sql = postgres(testUrls.ownerDatabase, { max: 1, onnotice: () => {} });
afterAll(() => sql.end());

async function tenantTables() {
  return sql<{ table: string; notnull: boolean; rls: boolean; force: boolean; policies: number }[]>`
    select c.relname as table, a.attnotnull as notnull, c.relrowsecurity as rls, c.relforcerowsecurity as force,
      (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
    where c.relkind in ('r', 'p')
    order by c.relname`;
}

describe("the database catalog", () => {
  it("finds the tenant tables (the check below is not vacuous)", async () => {
    const names = (await tenantTables()).map((t) => t.table);
    expect(names).toEqual(expect.arrayContaining(["user", "session", "org_unit", "role_assignment", "audit_event"]));
  });

  it("the federation tables (decision 021) are tenant tables, so every check below holds them too", async () => {
    const names = (await tenantTables()).map((t) => t.table);
    expect(names).toEqual(expect.arrayContaining(["federation_outbox", "federation_inbox", "national_project", "national_quota", "national_trainee", "national_project_staff", "national_attendance"]));
  });

  it("the tables that run a training project (decision 023) are tenant tables, so every check below holds them too", async () => {
    const names = (await tenantTables()).map((t) => t.table);
    expect(names).toEqual(expect.arrayContaining(["project_class_plan", "project_class", "project_class_member", "project_class_mentor", "project_session", "project_attendance"]));
  });

  it("the project evaluation tables (decision 024) are tenant tables, so every check below holds them too", async () => {
    const names = (await tenantTables()).map((t) => t.table);
    expect(names).toEqual(expect.arrayContaining(["project_brief", "questionnaire", "questionnaire_respondent", "questionnaire_response", "project_report"]));
  });

  it("the 学时认定 tables (decision 027) are tenant tables, so every check below holds them too", async () => {
    const names = (await tenantTables()).map((t) => t.table);
    expect(names).toEqual(expect.arrayContaining(["project_credit_exception", "project_credit_run", "project_credit_award", "credit_status_basis"]));
  });

  it("the 考核 tables (decision 031) are tenant tables, so every check below holds them too", async () => {
    const names = (await tenantTables()).map((t) => t.table);
    expect(names).toEqual(expect.arrayContaining(["project_assessment_item", "project_score"]));
  });

  it("the bulk 学时 import table (decision 029) is a tenant table, so every check below holds it too", async () => {
    const [t] = (await tenantTables()).filter((x) => x.table === "hours_import");
    expect(t).toEqual({ table: "hours_import", notnull: true, rls: true, force: true, policies: 1 });
  });

  it("the 定额项目 tables (decision 032) are tenant tables with forced RLS; the trail and the evidence are append-only for the app", async () => {
    const tables = (await tenantTables()).filter((x) => x.table.startsWith("fixed_point_"));
    expect(tables.map((t) => t.table).sort()).toEqual(["fixed_point_claim", "fixed_point_claim_file", "fixed_point_decision"]);
    for (const t of tables) expect(t).toMatchObject({ notnull: true, rls: true, force: true, policies: 1 });
    const privileges = await sql<{ table: string; update: boolean; delete: boolean }[]>`
      select t as table, has_table_privilege('yanxiu_app', t, 'UPDATE') as update, has_table_privilege('yanxiu_app', t, 'DELETE') as delete
      from unnest(array['fixed_point_claim', 'fixed_point_claim_file', 'fixed_point_decision']) t order by 1`;
    expect(privileges).toEqual([
      { table: "fixed_point_claim", update: true, delete: false },
      { table: "fixed_point_claim_file", update: false, delete: false },
      { table: "fixed_point_decision", update: false, delete: false },
    ]);
  });

  it("the rollup deltas (decision 033) are tenant tables with forced RLS, and every view runs as its reader (security_invoker)", async () => {
    const tables = (await tenantTables()).filter((x) => x.table.endsWith("_delta") && x.table.startsWith("org_rollup"));
    expect(tables.map((t) => t.table).sort()).toEqual(["org_rollup_delta", "org_rollup_hours_delta"]);
    for (const t of tables) expect(t).toMatchObject({ notnull: true, rls: true, force: true, policies: 1 });
    // A view without security_invoker runs as its owner: row-level security would then be the owner's.
    const views = await sql<{ view: string; invoker: boolean }[]>`
      select c.relname as view, coalesce('security_invoker=true' = any(c.reloptions), false) as invoker
      from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where c.relkind in ('v', 'm') order by 1`;
    expect(views.map((v) => v.view)).toEqual(expect.arrayContaining(["org_rollup_hours_now", "org_rollup_now"]));
    expect(views.filter((v) => !v.invoker)).toEqual([]);
    // The fold probe runs as its caller.
    const [probe] = await sql<{ definer: boolean }[]>`select prosecdef as definer from pg_proc where proname = 'rollup_deltas_pending'`;
    expect(probe).toEqual({ definer: false });
  });

  it("the notification table (decision 034) is a tenant table with forced RLS; the app may only mark a notice read, never rewrite or delete it", async () => {
    const [t] = (await tenantTables()).filter((x) => x.table === "notification");
    expect(t).toEqual({ table: "notification", notnull: true, rls: true, force: true, policies: 1 });
    const [p] = await sql<{ update: boolean; delete: boolean; readAt: boolean; params: boolean; userId: boolean }[]>`
      select has_table_privilege('yanxiu_app', 'notification', 'UPDATE') as update, has_table_privilege('yanxiu_app', 'notification', 'DELETE') as delete,
        has_column_privilege('yanxiu_app', 'notification', 'read_at', 'UPDATE') as "readAt",
        has_column_privilege('yanxiu_app', 'notification', 'params', 'UPDATE') as params,
        has_column_privilege('yanxiu_app', 'notification', 'user_id', 'UPDATE') as "userId"`;
    expect(p).toEqual({ update: false, delete: false, readAt: true, params: false, userId: false });
  });

  it("a project session (decision 036) stays under forced RLS; the app may change only its 必修 flag", async () => {
    const [t] = (await tenantTables()).filter((x) => x.table === "project_session");
    expect(t).toEqual({ table: "project_session", notnull: true, rls: true, force: true, policies: 1 });
    const [p] = await sql<{ update: boolean; required: boolean; refId: boolean; kind: boolean }[]>`
      select has_table_privilege('yanxiu_app', 'project_session', 'UPDATE') as update,
        has_column_privilege('yanxiu_app', 'project_session', 'required', 'UPDATE') as required,
        has_column_privilege('yanxiu_app', 'project_session', 'ref_id', 'UPDATE') as "refId",
        has_column_privilege('yanxiu_app', 'project_session', 'kind', 'UPDATE') as kind`;
    expect(p).toEqual({ update: false, required: true, refId: false, kind: false });
  });

  it("the credit scheme versions (decision 025) are a tenant table with forced RLS, and published rows are guarded by a trigger", async () => {
    const [t] = (await tenantTables()).filter((x) => x.table === "credit_scheme_version");
    expect(t).toEqual({ table: "credit_scheme_version", notnull: true, rls: true, force: true, policies: 1 });
    const triggers = await sql<{ name: string }[]>`
      select tgname as name from pg_trigger where tgrelid = 'credit_scheme_version'::regclass and not tgisinternal`;
    expect(triggers.map((r) => r.name)).toEqual(["credit_scheme_version_immutable"]);
  });

  it("every table with a tenant_id has it NOT NULL, row-level security enabled and forced, and a policy", async () => {
    const bad = (await tenantTables()).filter((t) => !t.notnull || !t.rls || !t.force || t.policies < 1);
    expect(bad).toEqual([]);
  });

  it("every policy on a tenant table reads app.tenant_id with nullif in USING and WITH CHECK", async () => {
    const rows = await sql<{ table: string; using: string | null; check: string | null; cmd: string }[]>`
      select c.relname as table, pg_get_expr(p.polqual, p.polrelid) as using,
        pg_get_expr(p.polwithcheck, p.polrelid) as check, p.polcmd as cmd
      from pg_policy p join pg_class c on c.oid = p.polrelid`;
    expect(rows.length).toBeGreaterThan(0);
    const reads = /tenant_id = \(?nullif\(current_setting\('app\.tenant_id'(::text)?, true\), ''(::text)?\)\)?::uuid/i;
    const bad = rows.filter(
      (r) => r.cmd !== "*" || !reads.test(r.using ?? "") || !reads.test(r.check ?? ""),
    );
    expect(bad).toEqual([]);
  });

  it("every unique key and foreign key on a tenant table includes tenant_id", async () => {
    const uniques = await sql<{ name: string; table: string }[]>`
      select i.indexrelid::regclass::text as name, c.relname as table
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      join pg_attribute ta on ta.attrelid = c.oid and ta.attname = 'tenant_id'
      where i.indisunique and not (ta.attnum = any(i.indkey::int2[]))`;
    expect(uniques).toEqual([]);
    const fks = await sql<{ name: string; table: string }[]>`
      select con.conname as name, c.relname as table
      from pg_constraint con
      join pg_class c on c.oid = con.conrelid
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      join pg_attribute ta on ta.attrelid = c.oid and ta.attname = 'tenant_id'
      where con.contype = 'f' and not (ta.attnum = any(con.conkey))`;
    expect(fks).toEqual([]);
  });

  it("the app role is not superuser, cannot bypass RLS and owns no table", async () => {
    const role = await sql<{ super: boolean; bypass: boolean }[]>`
      select rolsuper as super, rolbypassrls as bypass from pg_roles where rolname = ${appRole}`;
    expect(role).toEqual([{ super: false, bypass: false }]);
    const owned = await sql`
      select c.relname from pg_class c join pg_roles r on r.oid = c.relowner
      where r.rolname = ${appRole} and c.relkind in ('r', 'p', 'v', 'm', 'S')`;
    expect(owned.length).toBe(0);
    const member = await sql`
      select 1 from pg_auth_members m join pg_roles r on r.oid = m.member join pg_roles g on g.oid = m.roleid
      where r.rolname = ${appRole} and (g.rolsuper or g.rolbypassrls or g.rolname = 'yanxiu_owner')`;
    expect(member.length).toBe(0);
  });

  it("no SECURITY DEFINER function can be run by the app role, nor by PUBLIC (functions are executable by PUBLIC by default)", async () => {
    const definers = await sql<{ fn: string; app: boolean; everyone: boolean }[]>`
      select p.oid::regprocedure::text as fn,
        has_function_privilege(${appRole}, p.oid, 'EXECUTE') as app,
        (p.proacl is null or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE')) as everyone
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
      order by 1`;
    // Not vacuous: the platform console's two writes are such functions.
    expect(definers.map((d) => d.fn)).toEqual(expect.arrayContaining(["platform_create_tenant(text,text,text)", "platform_set_tenant_status(uuid,text)"]));
    expect(definers.filter((d) => d.app || d.everyone)).toEqual([]);
  });

  it("the platform console's role runs the platform functions and nothing more: not superuser, no BYPASSRLS, owns nothing, no table", async () => {
    const [role] = await sql<{ super: boolean; bypass: boolean; create: boolean; fn1: boolean; fn2: boolean }[]>`
      select rolsuper as super, rolbypassrls as bypass, rolcreaterole or rolcreatedb as create,
        has_function_privilege(${platformRole}, 'platform_create_tenant(text,text,text)', 'EXECUTE') as fn1,
        has_function_privilege(${platformRole}, 'platform_set_tenant_status(uuid,text)', 'EXECUTE') as fn2
      from pg_roles where rolname = ${platformRole}`;
    expect(role).toEqual({ super: false, bypass: false, create: false, fn1: true, fn2: true });
    const granted = await sql`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where c.relkind in ('r', 'p', 'v', 'm', 'S')
        and (pg_get_userbyid(c.relowner) = ${platformRole} or has_table_privilege(${platformRole}, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE'))`;
    expect(granted).toEqual([]);
    const member = await sql`select 1 from pg_auth_members m join pg_roles r on r.oid = m.member where r.rolname = ${platformRole}`;
    expect(member.length).toBe(0);
  });

  it("the apps' own connection really is the app role", async () => {
    const app = postgres(testUrls.database, { max: 1, onnotice: () => {} });
    try {
      const [me] = await app<{ user: string }[]>`select current_user as user`;
      expect(me!.user).toBe(appRole);
      await expect(app`update audit_event set action = 'x'`).rejects.toThrow(/permission denied/);
      await expect(app`delete from audit_event`).rejects.toThrow(/permission denied/);
      await expect(app`insert into tenant (slug, name, code) values ('evil', 'x', '00')`).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });
});
