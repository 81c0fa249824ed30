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
export async function listAuditLog(opts: { db: Database; actor: TActor; query: unknown }) {
  const { db, actor } = opts;
  if (!isAdministrator(actor.grants)) throw new AppError("notFound", "audit log");
  const q = parseInput(ZAuditQuery, opts.query);
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
  const filter = where.length ? and(...where) : undefined;
  return db.withTenant(actor.tenantId, async (tx) => {
    const [{ total } = { total: 0 }] = await tx
      .select({ total: count() })
      .from(auditEvent)
      .leftJoin(user, tenantEq(user.id, auditEvent.actorId))
      .where(filter);
    const rows = await tx
      .select({ event: auditEvent, actorName: user.displayName, actorLogin: user.login })
      .from(auditEvent)
      .leftJoin(user, tenantEq(user.id, auditEvent.actorId))
      .where(filter)
      .orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
      .limit(q.size)
      .offset((q.page - 1) * q.size);
    return {
      wholeTenant,
      query: q,
      total,
      events: rows.map((r) => ({
        id: r.event.id,
        action: r.event.action,
        actor: r.actorName ? { name: r.actorName, login: r.actorLogin } : null,
        triedLogin: (r.event.data as { login?: string } | null)?.login ?? null,
        target: r.event.target,
        ip: r.event.ip,
        at: r.event.occurredAt,
      })),
    };
  });
}
