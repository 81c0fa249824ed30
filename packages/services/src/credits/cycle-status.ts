import { and, asc, desc, eq, gt, ilike, or, sql, type SQL } from "drizzle-orm";
import { ZCycleStatusQuery, type TCycleStatusQuery } from "@yanxiu/domain/credits";
import { escapeLike, pageOffset } from "@yanxiu/domain/list-page";
import type { Database, Tx } from "@yanxiu/db/client";
import { inScope, type TActor } from "../org/scope.ts";
import { orgUnit, teacherCreditStatus, teacherProfile } from "@yanxiu/db/schema";
import { chineseOrder } from "../common/chinese-order.ts";
import { parseInput } from "../common/parse-input.ts";
import { chinaDay, currentPolicy, paceOn } from "./status.ts";
import { tenantEq } from "../common/tenant-join.ts";

/**
 * Teachers in the actor's subtrees with their cycle and year 学时 (from teacher_credit_status, never the
 * ledger), optionally only those behind pace or matching a name / 教师编号, sorted by 姓名, 学校 (拼音) or 周期学时 (then
 * name and id), a numbered page at a time with the total under the same filters. A status row
 * from an earlier year or cycle counts as 0 for what has moved on, and "on pace" is judged live with
 * creditPace's rule for today (`paceOn`), never the row's stored on_pace, so the list, 我的学时 and the
 * rollup agree. A teacher without a row (nothing ever awarded) has 0 学时 and is judged like anyone else.
 */
export async function cycleStatusList(opts: { db: Database; actor: TActor; query?: unknown; today?: string }) {
  const { actor } = opts;
  const query = parseInput(ZCycleStatusQuery, opts.query ?? {});
  const today = opts.today ?? chinaDay();
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { policy, pace, cycleHours, yearHours, onPace, filter } = await statusSelection(tx, actor, query, today);
    const t = teacherProfile;
    const s = teacherCreditStatus;
    const [counted] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(t)
      .leftJoin(s, tenantEq(s.teacherId, t.userId))
      .where(filter);
    const by = query.dir === "desc" ? desc : asc;
    const key = { name: [], school: [by(chineseOrder(orgUnit.name))], cycleHours: [by(cycleHours)] }[query.sort];
    // Rows that tie on the sorted column stay in name order; sorting by name goes all the way in its direction.
    const then = query.sort === "name" ? by : asc;
    const rows = await tx
      .select({
        teacherId: t.userId,
        name: t.name,
        teacherNo: t.teacherNo,
        schoolName: orgUnit.name,
        rural: t.rural,
        cycleHours,
        yearHours,
        onPace,
      })
      .from(t)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, t.schoolId))
      .leftJoin(s, tenantEq(s.teacherId, t.userId))
      .where(filter)
      .orderBy(...key, then(chineseOrder(t.name)), then(t.userId))
      .limit(query.size)
      .offset(pageOffset(query));
    return {
      query,
      total: counted?.n ?? 0,
      policyVersion: policy.version,
      /** The unit the figures are in: 学分 under a credit scheme in 学分 (decision 025), else 学时. */
      unit: policy.scheme?.unit ?? "hours",
      requiredHours: policy.rules.requiredHours,
      yearlyMinimum: policy.rules.yearlyMinimum,
      cycle: pace.cycle,
      year: pace.year,
      /** 按计划至今应完成 (cycle) and this year's part of the yearly minimum, as 我的学时 shows them. */
      expectedByNow: pace.expectedByNow,
      expectedThisYear: pace.expectedThisYear,
      teachers: rows.map((r) => ({ ...r, cycleHours: Number(r.cycleHours), yearHours: Number(r.yearHours), onPace: Boolean(r.onPace) })),
    };
  });
}

/** What the 周期学时 list and its export share: the policy and pace for `today`, the 学时 columns as they count, and the filter. */
async function statusSelection(tx: Tx, actor: TActor, query: Pick<TCycleStatusQuery, "behind" | "q">, today: string) {
  const policy = await currentPolicy(tx, today);
  const pace = paceOn(policy.rules, today);
  const t = teacherProfile;
  const s = teacherCreditStatus;
  const cycleHours = sql<string>`coalesce(case when ${s.cycleStartYear} = ${pace.cycle.startYear} then ${s.cycleHours} end, 0)`;
  const yearHours = sql<string>`coalesce(case when ${s.year} = ${pace.year} then ${s.yearHours} end, 0)`;
  const onPace = pace.onPaceSql(cycleHours, yearHours);
  const where: SQL[] = [inScope(t.orgPath, actor.grants)];
  if (query.behind) where.push(sql`not ${onPace}`);
  if (query.q) where.push(or(ilike(t.name, `%${escapeLike(query.q)}%`), eq(t.teacherNo, query.q.toUpperCase()))!);
  return { policy, pace, cycleHours, yearHours, onPace, filter: and(...where) };
}

/**
 * The same teachers and figures as `cycleStatusList`, for an export: a page at a time in id order after `after`
 * (keyset, so the millionth row costs what the first did), with the filters of the list and none of its paging.
 */
export async function creditStatusPage(opts: { db: Database; actor: TActor; query: Pick<TCycleStatusQuery, "behind" | "q">; after?: string; limit: number; today?: string }) {
  const { actor } = opts;
  const today = opts.today ?? chinaDay();
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { pace, cycleHours, yearHours, onPace, filter } = await statusSelection(tx, actor, opts.query, today);
    const t = teacherProfile;
    const s = teacherCreditStatus;
    const rows = await tx
      .select({ teacherId: t.userId, teacherNo: t.teacherNo, name: t.name, schoolName: orgUnit.name, rural: t.rural, cycleHours, yearHours, onPace })
      .from(t)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, t.schoolId))
      .leftJoin(s, tenantEq(s.teacherId, t.userId))
      .where(opts.after ? and(filter, gt(t.userId, opts.after)) : filter)
      .orderBy(asc(t.userId))
      .limit(opts.limit);
    return {
      cycle: pace.cycle,
      year: pace.year,
      rows: rows.map((r) => ({ ...r, cycleHours: Number(r.cycleHours), yearHours: Number(r.yearHours), onPace: Boolean(r.onPace) })),
      next: rows.length === opts.limit ? rows[rows.length - 1]!.teacherId : null,
    };
  });
}
