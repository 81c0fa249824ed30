import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { escapeLike, pageOffset } from "@yanxiu/domain/list-page";
import { AppError } from "@yanxiu/domain/errors";
import {
  ZAllocateNationalQuotaInput,
  ZAssignTraineeClassInput,
  ZCreateNationalProjectInput,
  ZGrantProjectStaffInput,
  ZAddNationalStaffInput,
  ZNationalProjectRef,
  ZNationalTraineesQuery,
  ZRevokeNationalStaffInput,
  ZRecordCompletionInput,
  attendanceShortfall,
  type TNationalTraineeState,
} from "@yanxiu/domain/federation";
import type { Database, Tx } from "@yanxiu/db/client";
import { nationalAttendance, nationalProject, nationalProjectStaff, nationalQuota, nationalTrainee, roleAssignment, user } from "@yanxiu/db/schema";
import { hashPassword, temporaryPassword } from "../auth/password.ts";
import { tenantEq } from "../common/tenant-join.ts";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import type { TActor } from "../org/scope.ts";
import type { Producer } from "../platform/queue.ts";
import { afterFederationCommit, sendFederationMessage } from "./send.ts";
import { listFederationMessages } from "./messages.ts";

/**
 * National projects (国家级项目) in the platform tenant. The operator (项目办) creates one and gives each
 * province its seats — a `nationalQuota` message per province; the provinces' approved nominees come back as
 * `nomineeApproved` messages (name, school, subject, province, an opaque ref); the operator, or the
 * implementing university's staff for their classes, records completions — a `trainingCompleted` message to
 * the trainee's home province, which writes the 学时 into the teacher's ledger.
 */

export const isOperator = (actor: TActor) => actor.grants.some((g) => g.role === "platformOperator");

/** The platform tenant's operator, or notFound (a province's admin does not learn that these pages exist). */
export async function needOperator(db: Database, actor: TActor) {
  const home = await db.findTenant({ id: actor.tenantId });
  if (!home || home.kind !== "platform" || !isOperator(actor)) throw new AppError("notFound", "not a platform operator");
}

export async function loadNationalProject(tx: Tx, projectId: string, opts: { lock?: boolean } = {}) {
  const q = tx.select().from(nationalProject).where(eq(nationalProject.id, projectId)).limit(1);
  const [p] = opts.lock ? await q.for("update") : await q;
  if (!p) throw new AppError("notFound", `national project ${projectId}`);
  return p;
}

export async function createNationalProject(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZCreateNationalProjectInput, opts.input);
  await needOperator(opts.db, actor);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const [p] = await tx
      .insert(nationalProject)
      .values({ tenantId: actor.tenantId, ...input, plannedHours: String(input.plannedHours), createdBy: actor.actorId })
      .returning({ id: nationalProject.id });
    await appendAudit(tx, actor, { action: "national.create", target: `nationalProject:${p!.id}`, data: { name: input.name } });
    return { projectId: p!.id };
  });
}

/**
 * Sets a province's seats in a national project (0 takes them back) and tells the province, in the same
 * transaction: the quota row and its message commit together. Returns the message id.
 */
export async function allocateNationalQuota(opts: { db: Database; actor: TActor; input: unknown; producer?: Producer }) {
  const { actor } = opts;
  const input = parseInput(ZAllocateNationalQuotaInput, opts.input);
  await needOperator(opts.db, actor);
  const province = await opts.db.findTenant({ id: input.provinceTenantId });
  if (!province || province.kind !== "province") throw new AppError("badRequest", "not a province", { provinceTenantId: ["请选择省份"] });
  const out = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const p = await loadNationalProject(tx, input.projectId, { lock: true });
    if (p.state === "closed") throw new AppError("projectStateConflict", `national project ${p.id} is closed`);
    const [prev] = await tx.select().from(nationalQuota).where(and(eq(nationalQuota.projectId, p.id), eq(nationalQuota.provinceTenantId, province.id))).limit(1);
    const revision = (prev?.revision ?? 0) + 1;
    const messageId = await sendFederationMessage(
      tx,
      actor,
      province.id,
      {
        kind: "nationalQuota",
        v: 1,
        projectId: p.id,
        name: p.name,
        description: p.description,
        category: p.category as never,
        form: p.form,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
        plannedHours: Number(p.plannedHours),
        creditCategory: p.creditCategory as never,
        seats: input.seats,
        revision,
      },
      { subjectRef: p.id },
    );
    if (prev) {
      await tx.update(nationalQuota).set({ seats: input.seats, revision, messageId, updatedAt: new Date() }).where(eq(nationalQuota.id, prev.id));
    } else {
      await tx.insert(nationalQuota).values({ tenantId: actor.tenantId, projectId: p.id, provinceTenantId: province.id, seats: input.seats, revision, messageId, createdBy: actor.actorId });
    }
    await appendAudit(tx, actor, { action: "national.allocate", target: `nationalProject:${p.id}`, data: { province: province.id, seats: input.seats, from: prev?.seats ?? 0, messageId } });
    return { messageId, revision };
  });
  await afterFederationCommit(opts.producer, actor.tenantId, [out.messageId]);
  return out;
}

/** The operator's list: each national project with its provinces' seats and how many nominees arrived. */
export async function listNationalProjects(opts: { db: Database; actor: TActor }) {
  await needOperator(opts.db, opts.actor);
  const names = new Map((await opts.db.listTenants()).map((t) => [t.id, t.name]));
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    const projects = await tx.select().from(nationalProject).orderBy(desc(nationalProject.createdAt));
    const quotas = await tx.select().from(nationalQuota).orderBy(asc(nationalQuota.createdAt));
    const counts = await tx
      .select({ projectId: nationalTrainee.projectId, homeTenantId: nationalTrainee.homeTenantId, n: sql<number>`count(*) filter (where ${nationalTrainee.state} <> 'withdrawn')::int` })
      .from(nationalTrainee)
      .groupBy(nationalTrainee.projectId, nationalTrainee.homeTenantId);
    return projects.map((p) => ({
      ...p,
      plannedHours: Number(p.plannedHours),
      provinces: quotas
        .filter((q) => q.projectId === p.id)
        .map((q) => ({ tenantId: q.provinceTenantId, name: names.get(q.provinceTenantId) ?? q.provinceTenantId, seats: q.seats, nominees: counts.find((c) => c.projectId === p.id && c.homeTenantId === q.provinceTenantId)?.n ?? 0 })),
    }));
  });
}

/**
 * A national project's trainees: the operator sees all; an implementing university's staff account sees the
 * classes it was granted and nobody else; anyone else, notFound. Filtered by home province, class ("-": none
 * yet), state and a name or school, a numbered page at a time with the total under the same filters.
 */
export async function listNationalTrainees(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const query = parseInput(ZNationalTraineesQuery, opts.input);
  const home = await opts.db.findTenant({ id: actor.tenantId });
  if (!home || home.kind !== "platform") throw new AppError("notFound", `national project ${query.projectId}`);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const p = await loadNationalProject(tx, query.projectId);
    const classes = await staffClasses(tx, actor, p.id);
    const scope: SQL[] = [eq(nationalTrainee.projectId, p.id)];
    if (classes !== "all") scope.push(inArray(nationalTrainee.classCode, classes));
    const where = [...scope];
    if (query.province) where.push(eq(nationalTrainee.homeTenantId, query.province));
    if (query.classCode) where.push(eq(nationalTrainee.classCode, query.classCode === "-" ? "" : query.classCode));
    if (query.state) where.push(eq(nationalTrainee.state, query.state));
    if (query.q) {
      const q = `%${escapeLike(query.q)}%`;
      where.push(or(ilike(nationalTrainee.name, q), ilike(nationalTrainee.school, q))!);
    }
    const [counted] = await tx.select({ n: sql<number>`count(*)::int` }).from(nationalTrainee).where(and(...where));
    const trainees = await tx
      .select()
      .from(nationalTrainee)
      .where(and(...where))
      .orderBy(nationalTrainee.homeProvince, nationalTrainee.school, nationalTrainee.name, nationalTrainee.id)
      .limit(query.size)
      .offset(pageOffset(query));
    // What the filters choose from, over everything the actor may see (not only this page).
    const groups = await tx
      .select({ homeTenantId: nationalTrainee.homeTenantId, homeProvince: nationalTrainee.homeProvince, classCode: nationalTrainee.classCode, state: nationalTrainee.state, n: sql<number>`count(*)::int` })
      .from(nationalTrainee)
      .where(and(...scope))
      .groupBy(nationalTrainee.homeTenantId, nationalTrainee.homeProvince, nationalTrainee.classCode, nationalTrainee.state);
    const sum = <K extends string>(key: (g: (typeof groups)[number]) => K) => {
      const m = new Map<K, number>();
      for (const g of groups) m.set(key(g), (m.get(key(g)) ?? 0) + g.n);
      return m;
    };
    const provinceNames = new Map(groups.map((g) => [g.homeTenantId, g.homeProvince]));
    const days = await attendedDays(tx, trainees.map((t) => t.id));
    return {
      query,
      project: { ...p, plannedHours: Number(p.plannedHours) },
      manages: classes === "all",
      total: counted?.n ?? 0,
      trainees: trainees.map((t) => ({ ...t, hoursAwarded: t.hoursAwarded == null ? null : Number(t.hoursAwarded), attended: days.get(t.id) ?? 0 })),
      byState: Object.fromEntries(sum((g) => g.state)) as Partial<Record<TNationalTraineeState, number>>,
      provinces: [...sum((g) => g.homeTenantId)].map(([id, n]) => ({ id, name: provinceNames.get(id) ?? id, n })).sort((a, b) => a.name.localeCompare(b.name, "zh-CN")),
      classes: [...sum((g) => g.classCode)].map(([code, n]) => ({ code, n })).sort((a, b) => a.code.localeCompare(b.code, "zh-CN")),
    };
  });
}

/** Days attended so far, per trainee (only those asked about). */
export async function attendedDays(tx: Tx, traineeIds: readonly string[]): Promise<Map<string, number>> {
  if (traineeIds.length === 0) return new Map();
  const rows = await tx
    .select({ traineeId: nationalAttendance.traineeId, n: sql<number>`count(*)::int` })
    .from(nationalAttendance)
    .where(inArray(nationalAttendance.traineeId, [...traineeIds]))
    .groupBy(nationalAttendance.traineeId);
  return new Map(rows.map((r) => [r.traineeId, r.n]));
}

/** "all" for the operator; the granted classes for staff; notFound for anyone else. */
export async function staffClasses(tx: Tx, actor: TActor, projectId: string): Promise<"all" | string[]> {
  if (isOperator(actor)) return "all";
  const rows = await tx
    .select({ classCode: nationalProjectStaff.classCode })
    .from(nationalProjectStaff)
    .where(and(eq(nationalProjectStaff.projectId, projectId), eq(nationalProjectStaff.userId, actor.actorId)));
  if (rows.length === 0) throw new AppError("notFound", `national project ${projectId}`);
  return rows.map((r) => r.classCode);
}

/** 编班, minimal: the operator puts a trainee in a class (the unit of what staff see). */
export async function assignTraineeClass(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZAssignTraineeClassInput, opts.input);
  await needOperator(opts.db, actor);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const [t] = await tx.update(nationalTrainee).set({ classCode: input.classCode, updatedAt: new Date() }).where(eq(nationalTrainee.id, input.traineeId)).returning({ id: nationalTrainee.id, projectId: nationalTrainee.projectId });
    if (!t) throw new AppError("notFound", `trainee ${input.traineeId}`);
    await appendAudit(tx, actor, { action: "national.assignClass", target: `nationalTrainee:${t.id}`, data: { classCode: input.classCode } });
    return { traineeId: t.id };
  });
}

/** Grants a platform account (an implementing university's staff, role trainer) one class of one national project. */
export async function grantProjectStaff(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZGrantProjectStaffInput, opts.input);
  await needOperator(opts.db, actor);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    await loadNationalProject(tx, input.projectId);
    const [r] = await tx.select({ role: roleAssignment.role }).from(roleAssignment).where(and(eq(roleAssignment.userId, input.userId), eq(roleAssignment.role, "trainer"))).limit(1);
    if (!r) throw new AppError("badRequest", "not a staff account", { userId: ["只能授权实施院校的培训者账号"] });
    await tx.insert(nationalProjectStaff).values({ tenantId: actor.tenantId, ...input, grantedBy: actor.actorId }).onConflictDoNothing();
    await appendAudit(tx, actor, { action: "national.grantStaff", target: `nationalProject:${input.projectId}`, data: { userId: input.userId, classCode: input.classCode } });
    return { ok: true as const };
  });
}

/**
 * The operator adds an implementing university's staff member to one class: the platform trainer account with
 * that login, or — when the login is free — a new one with a temporary password (returned once, to hand over;
 * it must be changed at first sign-in). A login that belongs to an account without the trainer role is refused.
 */
export async function addNationalStaff(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZAddNationalStaffInput, opts.input);
  await needOperator(opts.db, actor);
  const existing = await opts.db.withTenant(actor.tenantId, async (tx) => (await tx.select({ id: user.id }).from(user).where(eq(user.login, input.login)).limit(1))[0]);
  // Hashed outside the transaction (it takes a moment), and only when an account is to be made.
  const fresh = existing ? null : { password: temporaryPassword(), id: randomUUID() };
  const passwordHash = fresh ? await hashPassword(fresh.password) : null;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    await loadNationalProject(tx, input.projectId);
    const [found] = await tx.select({ id: user.id }).from(user).where(eq(user.login, input.login)).limit(1).for("update");
    let userId: string;
    let password: string | null = null;
    if (found) {
      userId = found.id;
      const [r] = await tx.select({ role: roleAssignment.role }).from(roleAssignment).where(and(eq(roleAssignment.userId, userId), eq(roleAssignment.role, "trainer"))).limit(1);
      if (!r) throw new AppError("badRequest", "not a staff account", { login: ["该账号不是实施院校的培训者账号"] });
    } else {
      if (!fresh || !passwordHash) throw new AppError("conflict", `login ${input.login} changed meanwhile`);
      if (!input.displayName) throw new AppError("badRequest", "name needed", { displayName: ["新账号请填写姓名"] });
      userId = fresh.id;
      await tx.insert(user).values({ tenantId: actor.tenantId, id: userId, login: input.login, displayName: input.displayName, passwordHash, mustChangePassword: true });
      await tx.insert(roleAssignment).values({ tenantId: actor.tenantId, userId, role: "trainer" });
      password = fresh.password;
      await appendAudit(tx, actor, { action: "national.createStaff", target: `user:${userId}`, data: { login: input.login } });
    }
    await tx.insert(nationalProjectStaff).values({ tenantId: actor.tenantId, projectId: input.projectId, userId, classCode: input.classCode, grantedBy: actor.actorId }).onConflictDoNothing();
    await appendAudit(tx, actor, { action: "national.grantStaff", target: `nationalProject:${input.projectId}`, data: { userId, classCode: input.classCode } });
    return { userId, login: input.login, password };
  });
}

/** Takes one class of a national project away from a staff member (the account stays). */
export async function revokeNationalStaff(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZRevokeNationalStaffInput, opts.input);
  await needOperator(opts.db, actor);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const gone = await tx
      .delete(nationalProjectStaff)
      .where(and(eq(nationalProjectStaff.projectId, input.projectId), eq(nationalProjectStaff.userId, input.userId), eq(nationalProjectStaff.classCode, input.classCode)))
      .returning({ userId: nationalProjectStaff.userId });
    if (gone.length === 0) throw new AppError("notFound", `staff ${input.userId}`);
    await appendAudit(tx, actor, { action: "national.revokeStaff", target: `nationalProject:${input.projectId}`, data: { userId: input.userId, classCode: input.classCode } });
    return { ok: true as const };
  });
}

/** A national project's staff: each account with the classes it serves (the operator's view). */
export async function listNationalStaff(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZNationalProjectRef, opts.input);
  await needOperator(opts.db, actor);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    await loadNationalProject(tx, projectId);
    return tx
      .select({ userId: user.id, login: user.login, displayName: user.displayName, classCode: nationalProjectStaff.classCode })
      .from(nationalProjectStaff)
      .innerJoin(user, tenantEq(user.id, nationalProjectStaff.userId))
      .where(eq(nationalProjectStaff.projectId, projectId))
      .orderBy(asc(nationalProjectStaff.classCode), asc(user.login));
  });
}

/** The national projects and classes a staff account serves, with how many trainees each class has (its home card). */
export async function listMyNationalClasses(opts: { db: Database; actor: TActor }) {
  const { actor } = opts;
  const home = await opts.db.findTenant({ id: actor.tenantId });
  if (!home || home.kind !== "platform") return [];
  return opts.db.withTenant(actor.tenantId, (tx) =>
    tx
      .select({
        projectId: nationalProject.id,
        name: nationalProject.name,
        classCode: nationalProjectStaff.classCode,
        trainees: sql<number>`(select count(*)::int from ${nationalTrainee} t where t.project_id = ${nationalProject.id} and t.class_code = ${nationalProjectStaff.classCode} and t.state <> 'withdrawn')`,
      })
      .from(nationalProjectStaff)
      .innerJoin(nationalProject, tenantEq(nationalProject.id, nationalProjectStaff.projectId))
      .where(eq(nationalProjectStaff.userId, actor.actorId))
      .orderBy(desc(nationalProject.createdAt), asc(nationalProjectStaff.classCode)),
  );
}

/**
 * 学时认定 for one trainee: the operator, or the staff of the trainee's class, records the completion; the
 * trainee's home province gets a `trainingCompleted` message in the same transaction. Once only.
 */
export async function recordNationalCompletion(opts: { db: Database; actor: TActor; input: unknown; producer?: Producer }) {
  const { actor } = opts;
  const input = parseInput(ZRecordCompletionInput, opts.input);
  const home = await opts.db.findTenant({ id: actor.tenantId });
  if (!home || home.kind !== "platform") throw new AppError("notFound", `trainee ${input.traineeId}`);
  const out = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const [t] = await tx.select().from(nationalTrainee).where(eq(nationalTrainee.id, input.traineeId)).limit(1).for("update");
    if (!t) throw new AppError("notFound", `trainee ${input.traineeId}`);
    const classes = await staffClasses(tx, actor, t.projectId).catch(() => [] as string[]);
    if (classes !== "all" && !classes.includes(t.classCode)) throw new AppError("notFound", `trainee ${input.traineeId}`);
    if (t.state !== "enrolled") throw new AppError("nominationStateConflict", `trainee ${t.id} is ${t.state}`);
    const p = await loadNationalProject(tx, t.projectId);
    const hours = input.hours ?? Number(p.plannedHours);
    if (hours > Number(p.plannedHours)) throw new AppError("badRequest", "hours over plan", { hours: ["认定学时不能超过计划学时"] });
    // The attendance rule (decision 021, addendum): below the required days only the operator may complete, with a reason.
    if (input.exceptionReason && classes !== "all") throw new AppError("badRequest", "only the operator makes exceptions", { exceptionReason: ["只有项目办可以破例认定"] });
    const attended = (await attendedDays(tx, [t.id])).get(t.id) ?? 0;
    const short = attendanceShortfall(attended, p.requiredDays);
    if (short && !input.exceptionReason) {
      const why = `出勤 ${short.attended} 天，未达到要求的 ${short.required} 天`;
      throw new AppError("conflict", `trainee ${t.id} attended ${short.attended} of ${short.required} days`, { days: [classes === "all" ? `${why}；如确需认定，请填写破例原因` : why] });
    }
    const messageId = await sendFederationMessage(
      tx,
      actor,
      t.homeTenantId,
      { kind: "trainingCompleted", v: 1, projectId: p.id, ref: t.ref, title: p.name, hours, creditCategory: p.creditCategory as never, completedOn: input.completedOn },
      { subjectRef: p.id },
    );
    await tx.update(nationalTrainee).set({ state: "completed", hoursAwarded: String(hours), updatedAt: new Date() }).where(eq(nationalTrainee.id, t.id));
    await appendAudit(tx, actor, { action: "national.complete", target: `nationalTrainee:${t.id}`, data: { hours, messageId, attended, required: p.requiredDays, ...(short ? { exception: input.exceptionReason } : {}) } });
    return { messageId };
  });
  await afterFederationCommit(opts.producer, actor.tenantId, [out.messageId]);
  return out;
}

/** The operator's console page in one call: the projects with their provinces, the provinces to allocate to, the messages both ways. */
export async function readNationalConsole(opts: { db: Database; actor: TActor }) {
  const projects = await listNationalProjects(opts);
  const provinces = (await opts.db.listTenants()).filter((t) => t.status === "active").map((t) => ({ id: t.id, name: t.name, slug: t.slug }));
  const messages = await listFederationMessages({ ...opts, limit: 50 });
  return { projects, provinces, messages };
}
