import { and, asc, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { pageOffset } from "@yanxiu/domain/list-page";
import { decodeCursor, encodeCursor, ZTeacherListQuery, ZTeacherPageQuery, type TTeacherListQuery } from "@yanxiu/domain/org";
import type { Database, Tx } from "@yanxiu/db/client";
import { orgUnit, teacherProfile } from "@yanxiu/db/schema";
import { chineseOrder } from "../common/chinese-order.ts";
import { parseInput } from "../common/parse-input.ts";
import { inScope, loadUnitFor, underPath, type TActor } from "../org/scope.ts";
import { tenantEq } from "../common/tenant-join.ts";

export const teacherPageSize = 50;

const teacherColumns = {
  userId: teacherProfile.userId,
  teacherNo: teacherProfile.teacherNo,
  name: teacherProfile.name,
  gender: teacherProfile.gender,
  phone: teacherProfile.phone,
  stages: teacherProfile.stages,
  subjects: teacherProfile.subjects,
  title: teacherProfile.title,
  backboneLevel: teacherProfile.backboneLevel,
  rural: teacherProfile.rural,
  schoolId: teacherProfile.schoolId,
  schoolName: orgUnit.name,
};

/**
 * 人员 as the page shows them: the teachers in the actor's scope, filtered, sorted by 教师编号, 姓名 or 学校 (names
 * and schools in 拼音 order; then name and id, so the order is total), a numbered page at a time with the total under the same filters.
 */
export async function listTeacherPage(opts: { db: Database; actor: TActor; query: unknown }) {
  const query = parseInput(ZTeacherPageQuery, opts.query);
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const t = teacherProfile;
    const filter = and(...(await teacherFilter(tx, actor, query)));
    const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(t).where(filter);
    const by = query.dir === "desc" ? desc : asc;
    const key = { teacherNo: [by(t.teacherNo)], name: [], school: [by(chineseOrder(orgUnit.name))] }[query.sort];
    // Rows that tie on the sorted column stay in name order; sorting by name goes all the way in its direction.
    const then = query.sort === "name" ? by : asc;
    const teachers = await tx
      .select(teacherColumns)
      .from(t)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, t.schoolId))
      .where(filter)
      .orderBy(...key, then(chineseOrder(t.name)), then(t.userId))
      .limit(query.size)
      .offset(pageOffset(query));
    return { query, total: r?.n ?? 0, teachers };
  });
}

/**
 * Teachers in the actor's scope, filtered, in name order, one page at a time (the export walks them so). Keyset pagination on
 * (name, user_id): a deep page costs what the first page costs.
 */
export async function listTeachers(opts: { db: Database; actor: TActor; query: unknown; limit?: number }) {
  const query = parseInput(ZTeacherListQuery, opts.query);
  const limit = Math.min(opts.limit ?? teacherPageSize, 1000);
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const t = teacherProfile;
    const where = await teacherFilter(tx, actor, query);
    const cursor = decodeCursor(query.after);
    if (cursor) where.push(sql`(${t.name}, ${t.userId}) > (${cursor.name}, ${cursor.id}::uuid)`);
    const rows = await tx
      .select(teacherColumns)
      .from(t)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, t.schoolId))
      .where(and(...where))
      .orderBy(asc(t.name), asc(t.userId))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { teachers: page, next: rows.length > limit && last ? encodeCursor(last.name, last.userId) : null };
  });
}

/** The conditions for "teachers this actor may see, filtered by this query" (an out-of-scope unit is notFound). */
export async function teacherFilter(tx: Tx, actor: TActor, query: TTeacherListQuery): Promise<SQL[]> {
  const t = teacherProfile;
  const where: SQL[] = [inScope(t.orgPath, actor.grants)];
  if (query.orgUnitId) {
    const unit = await loadUnitFor(tx, actor, query.orgUnitId, "people.view");
    where.push(underPath(t.orgPath, unit.path));
  }
  if (query.stage) where.push(sql`${query.stage} = any(${t.stages})`);
  if (query.subject) where.push(sql`${query.subject} = any(${t.subjects})`);
  if (query.title) where.push(eq(t.title, query.title));
  if (query.rural) where.push(eq(t.rural, query.rural === "yes"));
  if (query.q) {
    const q = query.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    where.push(or(ilike(t.name, `%${q}%`), eq(t.phone, query.q), eq(t.teacherNo, query.q.toUpperCase()))!);
  }
  return where;
}

export async function countTeachers(opts: { db: Database; actor: TActor; query: unknown }): Promise<number> {
  const query = parseInput(ZTeacherListQuery, opts.query);
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    const where = await teacherFilter(tx, opts.actor, query);
    const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(teacherProfile).where(and(...where));
    return r?.n ?? 0;
  });
}
