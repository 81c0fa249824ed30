import { sql, type SQL } from "drizzle-orm";
import { adminRoles } from "@yanxiu/domain/permissions";
import type { Tx } from "@yanxiu/db/client";

/**
 * Who answers for a unit (decisions 032 and 034): the unit itself when it has an active admin, else the nearest
 * unit above it that has one, else the root of its path (where the tenant-wide province admins act). One SQL
 * expression over a unit's path (`/<id>/<id>/…/`), so a new claim's step (answeringUnit), every waiting claim at
 * once (rerouteWaitingClaims) and the overdue-report reminders (answeringAdmins) keep to the same rule. The units
 * on the path are found by primary key, not by scanning the tree.
 */
export function answeringUnitOf(path: SQL): SQL {
  const roles = sql.join(
    adminRoles.map((r) => sql`${r}`),
    sql`, `,
  );
  return sql`coalesce(
    (select u.id from org_unit u
      where u.id = any(string_to_array(trim(both '/' from ${path}), '/')::uuid[])
        and exists (select 1 from role_assignment r join "user" x on x.tenant_id = r.tenant_id and x.id = r.user_id and x.status = 'active'
                    where r.tenant_id = u.tenant_id and r.org_unit_id = u.id and r.role in (${roles}))
      order by length(u.path) desc limit 1),
    split_part(trim(both '/' from ${path}), '/', 1)::uuid)`;
}

/** The unit that answers for the unit at `unitPath`. */
export async function answeringUnit(tx: Tx, unitPath: string): Promise<string> {
  const [r] = await tx.execute<{ id: string }>(sql`select ${answeringUnitOf(sql`${unitPath}::text`)} as id`);
  return r!.id;
}

/** The active admins of the unit that answers for `unitPath` (none when that is a root without unit admins). */
export async function answeringAdmins(tx: Tx, unitPath: string): Promise<string[]> {
  const roles = sql.join(
    adminRoles.map((r) => sql`${r}`),
    sql`, `,
  );
  const rows = await tx.execute<{ user_id: string }>(sql`
    select distinct r.user_id from role_assignment r
    join "user" x on x.tenant_id = r.tenant_id and x.id = r.user_id and x.status = 'active'
    where r.org_unit_id = ${answeringUnitOf(sql`${unitPath}::text`)} and r.role in (${roles})
    order by r.user_id`);
  return rows.map((r) => r.user_id);
}
