import { and, count, desc, eq, gte, ilike, like, lt, or, sql, type SQL } from "drizzle-orm";
import { chinaDayBounds, ZAuditQuery } from "@yanxiu/domain/audit";
import { AppError } from "@yanxiu/domain/errors";
import { adminScope, isAdministrator } from "@yanxiu/domain/permissions";
import type { Database } from "@yanxiu/db/client";
import { auditEvent, user } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import type { TActor } from "../org/scope.ts";
import { tenantEq } from "../common/tenant-join.ts";

/** Text for LIKE that matches itself: the wildcards and the escape character escaped. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * 审计日志 as an administrator reads it: newest first, filtered by action group, person (login or name of who
 * acted, or the login a failed sign-in tried) and a range of China-time days, a page at a time with the total.
 * A province administrator sees the whole tenant; a subtree administrator what happened inside their subtree and
 * their own actions; anyone else gets 404, as if the log did not exist.
 */
type TAuditFilter = { action?: string; person?: string; from?: string; to?: string };

/** Who may read the log, and the SQL filter for the actor's scope and the query's filters. */
function auditFilter(actor: TActor, q: TAuditFilter) {
  if (!isAdministrator(actor.grants)) throw new AppError("notFound", "audit log");
  const scope = adminScope(actor.grants);
  const wholeTenant = scope === "all" || actor.grants.some((g) => g.role === "provinceAdmin");
  const where: SQL[] = [];
  if (!wholeTenant && Array.isArray(scope)) {
    where.push(or(eq(auditEvent.actorId, actor.actorId), ...scope.map((p) => like(auditEvent.orgPath, `${escapeLike(p)}%`)))!);
  }
  if (q.action) where.push(like(auditEvent.action, `${escapeLike(q.action)}%`));
  if (q.person) {
    const pattern = `%${escapeLike(q.person)}%`;
    where.push(or(ilike(user.login, pattern), ilike(user.displayName, pattern), ilike(sql`${auditEvent.data}->>'login'`, pattern))!);
  }
  const { since, until } = chinaDayBounds(q);
  if (since) where.push(gte(auditEvent.occurredAt, since));
  if (until) where.push(lt(auditEvent.occurredAt, until));
  return { wholeTenant, where };
}

const eventColumns = { event: auditEvent, actorName: user.displayName, actorLogin: user.login };
type TEventRow = { event: typeof auditEvent.$inferSelect; actorName: string | null; actorLogin: string | null };
const toEvent = (r: TEventRow) => ({
  id: r.event.id,
  action: r.event.action,
  actor: r.actorName ? { name: r.actorName, login: r.actorLogin } : null,
  triedLogin: (r.event.data as { login?: string } | null)?.login ?? null,
  target: r.event.target,
  ip: r.event.ip,
  at: r.event.occurredAt,
});

/**
 * 审计日志 as an administrator reads it: newest first, filtered by action group, person (login or name of who
 * acted, or the login a failed sign-in tried) and a range of China-time days, a page at a time with the total.
 * A province administrator sees the whole tenant; a subtree administrator what happened inside their subtree and
 * their own actions; anyone else gets 404, as if the log did not exist.
 */
export async function listAuditLog(opts: { db: Database; actor: TActor; query: unknown }) {
  const { db, actor } = opts;
  if (!isAdministrator(actor.grants)) throw new AppError("notFound", "audit log");
  const q = parseInput(ZAuditQuery, opts.query);
  const { wholeTenant, where } = auditFilter(actor, q);
  const filter = where.length ? and(...where) : undefined;
  return db.withTenant(actor.tenantId, async (tx) => {
    const [{ total } = { total: 0 }] = await tx
      .select({ total: count() })
      .from(auditEvent)
      .leftJoin(user, tenantEq(user.id, auditEvent.actorId))
      .where(filter);
    const rows = await tx
      .select(eventColumns)
      .from(auditEvent)
      .leftJoin(user, tenantEq(user.id, auditEvent.actorId))
      .where(filter)
      .orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
      .limit(q.size)
      .offset((q.page - 1) * q.size);
    return { wholeTenant, query: q, total, events: rows.map(toEvent) };
  });
}

/**
 * The same log for an export: every event under the filters, newest first, a page at a time after a keyset
 * (the last page's time and id), so a deep page costs what the first does.
 */
export async function auditLogPage(opts: { db: Database; actor: TActor; query: TAuditFilter; after?: { at: string; id: string }; limit: number }) {
  const { db, actor, after } = opts;
  const { where } = auditFilter(actor, opts.query);
  if (after) where.push(sql`(${auditEvent.occurredAt}, ${auditEvent.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`);
  const rows = await db.withTenant(actor.tenantId, (tx) =>
    tx
      // The cursor keeps Postgres's microseconds (a JS Date has milliseconds: rows within one would be skipped).
      .select({ ...eventColumns, cursorAt: sql<string>`${auditEvent.occurredAt}::text` })
      .from(auditEvent)
      .leftJoin(user, tenantEq(user.id, auditEvent.actorId))
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
      .limit(opts.limit),
  );
  const last = rows.length === opts.limit ? rows[rows.length - 1] : undefined;
  return { events: rows.map(toEvent), next: last ? { at: last.cursorAt, id: last.event.id } : null };
}
