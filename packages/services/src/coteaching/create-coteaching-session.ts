import { and, eq, inArray, or } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { ZCreateCoTeachingInput, type TCoTeachingSessionFacts } from "@yanxiu/domain/coteaching";
import { can, type TGrant } from "@yanxiu/domain/permissions";
import { appendAudit } from "../audit/append.ts";
import { loadGrants } from "../auth/session.ts";
import type { Database, Tx } from "@yanxiu/db/client";
import { liveClassroom, liveCoTeaching, liveSession, orgUnit, teacherProfile, user } from "@yanxiu/db/schema";
import { loadClassrooms, publicClassroom, type TCoTeachingActor } from "./common.ts";
import { tenantEq } from "../common/tenant-join.ts";

/** Field errors keyed by the whole path (`classrooms.1.headcount`), so a form marks the right classroom's field. */
function parseCreate(input: unknown) {
  const r = ZCreateCoTeachingInput.safeParse(input);
  if (r.success) return r.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of r.error.issues) (fieldErrors[issue.path.length ? issue.path.join(".") : "form"] ??= []).push(issue.message);
  throw new AppError("badRequest", "invalid co-teaching session", fieldErrors);
}

const staffRoles = new Set(["trainer", "masterTeacher"]);
const adminRoles = new Set(["provinceAdmin", "orgAdmin"]);

/**
 * The grant that lets the actor schedule a session for these schools (decision 010): an admin whose scope
 * holds every classroom's school (the widest such grant), else a trainer's or master teacher's grant (they
 * teach across schools, so any school of the province). None: null.
 */
function authorisingGrant(grants: readonly TGrant[], schoolPaths: readonly string[]): TGrant | null {
  const admins = grants
    .filter((g) => adminRoles.has(g.role) && schoolPaths.every((p) => can([g], "org.view", p)))
    .sort((a, b) => (a.orgPath?.length ?? 0) - (b.orgPath?.length ?? 0));
  return admins[0] ?? grants.find((g) => g.role === "trainer") ?? grants.find((g) => g.role === "masterTeacher") ?? null;
}

/** People named by account or 教师编号, in the tenant (RLS): name → user. */
async function resolvePeople(tx: Tx, names: readonly string[]) {
  const keys = [...new Set(names.flatMap((n) => [n, n.toLowerCase()]))];
  const rows = await tx
    .select({ id: user.id, login: user.login, status: user.status, teacherNo: teacherProfile.teacherNo })
    .from(user)
    .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, user.id))
    .where(or(inArray(user.login, keys), inArray(teacherProfile.teacherNo, keys)));
  return (name: string) => rows.find((r) => r.login === name || r.login === name.toLowerCase()) ?? rows.find((r) => r.teacherNo === name) ?? null;
}

/**
 * Schedules a 双师 co-teaching session, taught by the actor (the lecturer, the session's host): a trainer,
 * a master teacher, or an admin whose scope holds every classroom's school. Each classroom's school must be
 * a school of the province and its assistant an active account of the province (by account or 教师编号),
 * one classroom per assistant, not the lecturer. Refusals are badRequest with the classroom's field named.
 */
export async function createCoTeachingSession(opts: { db: Database; actor: TCoTeachingActor; input: unknown }): Promise<TCoTeachingSessionFacts> {
  const input = parseCreate(opts.input);
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const grants = await loadGrants(tx, actor.actorId);
    if (!grants.some((g) => staffRoles.has(g.role) || adminRoles.has(g.role)))
      throw new AppError("forbidden", "only trainers, master teachers and admins schedule co-teaching sessions");

    const fieldErrors: Record<string, string[]> = {};
    const fail = (k: string, m: string) => (fieldErrors[k] ??= []).push(m);

    const schoolIds = [...new Set(input.classrooms.map((c) => c.schoolId))];
    const schools = await tx
      .select({ id: orgUnit.id, path: orgUnit.path })
      .from(orgUnit)
      .where(and(inArray(orgUnit.id, schoolIds), eq(orgUnit.kind, "school"), eq(orgUnit.status, "active")));
    const schoolPath = new Map(schools.map((s) => [s.id, s.path]));
    input.classrooms.forEach((c, i) => {
      if (!schoolPath.has(c.schoolId)) fail(`classrooms.${i}.schoolId`, "请选择本省的一所学校");
    });

    const find = await resolvePeople(tx, input.classrooms.map((c) => c.assistant));
    const assistants: string[] = [];
    const taken = new Map<string, number>();
    input.classrooms.forEach((c, i) => {
      const who = find(c.assistant);
      assistants.push(who?.id ?? "");
      if (!who || who.status !== "active") return fail(`classrooms.${i}.assistant`, "本省没有这个账号或教师编号，或该账号已停用");
      if (who.id === actor.actorId) return fail(`classrooms.${i}.assistant`, "主讲教师不能兼任辅导教师");
      if (taken.has(who.id)) return fail(`classrooms.${i}.assistant`, "同一位辅导教师只能负责一个课堂");
      taken.set(who.id, i);
    });
    if (Object.keys(fieldErrors).length) throw new AppError("badRequest", "invalid classrooms", fieldErrors);

    const grant = authorisingGrant(grants, [...schoolPath.values()]);
    if (!grant) throw new AppError("forbidden", "the schools are outside the admin's scope");

    const [s] = await tx
      .insert(liveSession)
      .values({
        tenantId: actor.tenantId,
        kind: "coTeaching",
        title: input.title,
        hostId: actor.actorId,
        scheduledStart: input.scheduledStart,
        scheduledMinutes: input.scheduledMinutes,
      })
      .returning();
    await tx.insert(liveCoTeaching).values({ tenantId: actor.tenantId, sessionId: s!.id, creditHours: input.creditHours.toFixed(1), organiserUnitId: grant.orgUnitId });
    await tx.insert(liveClassroom).values(
      input.classrooms.map((c, i) => ({
        tenantId: actor.tenantId,
        sessionId: s!.id,
        position: i + 1,
        schoolId: c.schoolId,
        grade: c.grade,
        className: c.className,
        headcount: c.headcount,
        assistantId: assistants[i]!,
        roster: c.roster ?? null,
      })),
    );
    await appendAudit(tx, { tenantId: actor.tenantId, actorId: actor.actorId }, {
      action: "coteaching.create",
      target: `live_session:${s!.id}`,
      orgPath: grant.orgPath,
      data: { title: input.title, classrooms: input.classrooms.length, creditHours: input.creditHours },
    });
    return {
      sessionId: s!.id,
      title: s!.title,
      lecturerId: actor.actorId,
      scheduledStart: s!.scheduledStart.toISOString(),
      scheduledMinutes: s!.scheduledMinutes,
      creditHours: input.creditHours,
      classrooms: (await loadClassrooms(tx, s!.id)).map(publicClassroom),
    };
  });
}
