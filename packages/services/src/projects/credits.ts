import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { TAwardCategory } from "@yanxiu/domain/credits";
import { AppError } from "@yanxiu/domain/errors";
import { escapeLike } from "@yanxiu/domain/list-page";
import { projectCreditsJob } from "@yanxiu/domain/jobs";
import {
  creditCountsFor,
  projectAwardRef,
  recognitionDecision,
  splitHours,
  splitProblem,
  ZClearCreditExceptionInput,
  ZConfirmCreditsInput,
  ZCreditExceptionInput,
  ZProjectCreditsQuery,
  type TCreditException,
  type TSplitPart,
} from "@yanxiu/domain/project-credits";
import { completionCheck, passScore, type TAssessmentItemRule, type TCompletionReason } from "@yanxiu/domain/projects-running";
import type { Database, Tx } from "@yanxiu/db/client";
import { creditAward, enrollment, nomination, orgUnit, projectAssessmentItem, projectAttendance, projectCreditAward, projectCreditException, projectCreditRun, projectScore, teacherProfile, trainingProject, user } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { joinPerson, personColumns } from "../common/person.ts";
import { tenantEq } from "../common/tenant-join.ts";
import { chinaDay, currentPolicy, recomputeTeacherStatuses } from "../credits/status.ts";
import type { TActor } from "../org/scope.ts";
import type { Producer } from "../platform/queue.ts";
import { assessmentItemsOf, scoresOf } from "./assessment.ts";
import { completedCoursesOf, requiredCoursesOf } from "./project-courses.ts";
import { needManage } from "./common.ts";
import { loadRunningFor, loadTrainee, type TRunningContext } from "./running-common.ts";

/**
 * 学时认定 then 学时分发 (decision 027). The project's trainees who met its rules are proposed; its managers set
 * exceptions with reasons and confirm once, with the split of the planned 学时 across categories; the worker
 * then writes one ledger award per trainee and category (source `trainingProject`, the ledger's unique key
 * making every retry a no-op), recomputing each teacher's status and the rollups in the same transaction.
 * A trainee withdrawn (退出培训) before the worker's turn gets nothing; what was already written stays.
 */

/** States in which a project's 学时 may be confirmed: it has trainees and has not been withdrawn to a draft. */
const confirmableStates = new Set(["published", "running", "closed"]);

type TTraineeFacts = {
  nominationId: string;
  teacherId: string;
  name: string;
  teacherNo: string | null;
  school: string | null;
  attended: number;
  required: number;
  met: boolean;
  reasons: TCompletionReason[];
  total: number;
  /** 必修课程 (decision 036): how many of the project's required catalog courses this trainee completed. */
  courses: { done: number; of: number };
  exception: TCreditException | null;
};

/** What the rule reads of the project: its assessment items and its 必修 courses (read once per request). */
type TRuleInputs = { items: TAssessmentItemRule[]; requiredCourses: string[] };

async function ruleInputs(tx: Tx, projectId: string): Promise<TRuleInputs & { items: Awaited<ReturnType<typeof assessmentItemsOf>> }> {
  const items = await assessmentItemsOf(tx, projectId);
  const courses = await requiredCoursesOf(tx, projectId);
  return { items, requiredCourses: courses.map((c) => c.courseId) };
}

/** completionCheck (domain) is the rule; every reader of it (page rows, confirmation) calls it here. */
function checkOf(ctx: TRunningContext, rules: TRuleInputs, attended: number, scores: Record<string, number>, completed: ReadonlySet<string>) {
  return completionCheck({ requiredDays: ctx.project.requiredDays, attended, items: rules.items, scores, passPercent: ctx.project.passPercent, requiredCourses: rules.requiredCourses, completedCourses: completed });
}

/** Every trainee (approved nomination) of the project, by name, with days attended and any exception. */
async function traineeFacts(tx: Tx, ctx: TRunningContext, rules: TRuleInputs): Promise<TTraineeFacts[]> {
  const projectId = ctx.project.id;
  const q = tx
    .select({
      nominationId: nomination.id,
      teacherId: nomination.teacherId,
      ...personColumns,
      // Kept by project_attendance's triggers (one row per day), so no count over the attendance rows here.
      attended: nomination.attendedDays,
      exAward: projectCreditException.award,
      exHours: projectCreditException.hours,
      exReason: projectCreditException.reason,
    })
    .from(nomination)
    .$dynamic();
  const rows = await joinPerson(q, nomination.teacherId)
    .leftJoin(projectCreditException, tenantEq(projectCreditException.nominationId, nomination.id))
    .where(and(eq(nomination.projectId, projectId), eq(nomination.state, "approved")))
    .orderBy(asc(personColumns.name), asc(nomination.id));
  // completionCheck (domain) is the rule: days attended (projectProgress's count), the required items scored, the
  // total against the pass mark (decision 031), the 必修 courses completed (decision 036). The same function
  // decides the page, the confirmation and the trainee's own view.
  const scores = rules.items.length ? await scoresOf(tx, projectId) : new Map<string, Record<string, number>>();
  const completed = await completedCoursesOf(tx, projectId, rules.requiredCourses);
  return rows.map((r) => {
    const done = completed.get(r.nominationId) ?? new Set<string>();
    const check = checkOf(ctx, rules, r.attended, scores.get(r.nominationId) ?? {}, done);
    return {
      nominationId: r.nominationId,
      teacherId: r.teacherId,
      name: r.name,
      teacherNo: r.teacherNo,
      school: r.school,
      attended: r.attended,
      required: Math.max(0, ctx.project.requiredDays),
      met: check.met,
      reasons: check.reasons,
      total: check.total,
      courses: { done: rules.requiredCourses.length - check.coursesMissing.length, of: rules.requiredCourses.length },
      exception: r.exAward === null || r.exReason === null ? null : { award: r.exAward, hours: r.exHours === null ? null : Number(r.exHours), reason: r.exReason },
    };
  });
}

async function loadRun(tx: Tx, projectId: string) {
  const [run] = await tx.select().from(projectCreditRun).where(eq(projectCreditRun.projectId, projectId)).limit(1);
  return run ?? null;
}

function needConfirmable(ctx: TRunningContext): void {
  needManage(ctx);
  if (!confirmableStates.has(ctx.project.state)) throw new AppError("projectStateConflict", `project ${ctx.project.id} is ${ctx.project.state}`);
}

/**
 * The 学时认定 page: the proposal (or, once confirmed, what was confirmed and how far the worker is), counts for
 * the whole project, and one page of trainees filtered by `show` and a name or 教师编号.
 */
export async function projectCredits(opts: { db: Database; actor: TActor; query: unknown; today?: string }) {
  const { actor } = opts;
  const query = parseInput(ZProjectCreditsQuery, opts.query);
  const today = opts.today ?? chinaDay();
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, query.projectId);
    if (!ctx.runs) throw new AppError("notFound", `project ${query.projectId}: credits`);
    const p = ctx.project;
    const planned = Number(p.plannedHours);
    // The run with its confirmer's name: one statement.
    const [runRow] = await tx
      .select({ run: projectCreditRun, confirmer: user.displayName })
      .from(projectCreditRun)
      .leftJoin(user, tenantEq(user.id, projectCreditRun.confirmedBy))
      .where(eq(projectCreditRun.projectId, p.id))
      .limit(1);
    const run = runRow?.run ?? null;
    const rules = await ruleInputs(tx, p.id);
    const { items } = rules;
    // The counts, the filtered page and the page's own facts in SQL, in one statement over one row per trainee
    // (decisions 031 and 036): `met` is completionCheck's rule written as SQL (days ≥ required, every required
    // item scored, the total in tenths ≥ the pass score when there are items, every 必修 course completed) — the
    // rows shown are decided again by completionCheck itself from the facts returned, and the integration tests
    // hold the two to the same answers. Before the confirmation a trainee's decision is recognitionDecision's (the
    // exception, else the rule); after it, their project_credit_award row.
    const required = Math.max(0, p.requiredDays);
    const requiredItems = items.filter((i) => i.required).length;
    const passTenths = Math.round(passScore(items, p.passPercent) * 10);
    const courseIds = JSON.stringify(rules.requiredCourses);
    const facts = sql`
      with s as (
        select sc.nomination_id, sum(round(sc.score * 10))::int as tenths, count(*) filter (where i.required)::int as required_scored
        from ${projectScore} sc
        join ${projectAssessmentItem} i on i.tenant_id = sc.tenant_id and i.id = sc.item_id
        where sc.project_id = ${p.id}
        group by sc.nomination_id
      ), c as (
        select n.id as nomination_id, count(distinct e.course_id)::int as done
        from ${nomination} n
        join ${enrollment} e on e.tenant_id = n.tenant_id and e.teacher_id = n.teacher_id
        where n.project_id = ${p.id} and n.state = 'approved' and e.status = 'completed'
          and e.course_id = any(array(select jsonb_array_elements_text(${courseIds}::jsonb))::uuid[])
        group by n.id
      ), f as (
        select n.id, n.teacher_id, coalesce(tp.name, u.display_name) as name, tp.teacher_no, o.name as school, n.attended_days,
          coalesce(c.done, 0) as courses_done,
          (n.attended_days >= ${required} and coalesce(s.required_scored, 0) = ${requiredItems} and (${items.length} = 0 or coalesce(s.tenths, 0) >= ${passTenths})
            and coalesce(c.done, 0) = ${rules.requiredCourses.length}) as met,
          e.award as ex_award, e.hours as ex_hours, e.reason as ex_reason, a.nomination_id as awarded_id, a.hours as awarded_hours, a.state as awarded_state
        from ${nomination} n
        join ${user} u on u.tenant_id = n.tenant_id and u.id = n.teacher_id
        left join ${teacherProfile} tp on tp.tenant_id = n.tenant_id and tp.user_id = n.teacher_id
        left join ${orgUnit} o on o.tenant_id = tp.tenant_id and o.id = tp.school_id
        left join s on s.nomination_id = n.id
        left join c on c.nomination_id = n.id
        left join ${projectCreditException} e on e.tenant_id = n.tenant_id and e.nomination_id = n.id
        left join ${projectCreditAward} a on a.tenant_id = n.tenant_id and a.nomination_id = n.id
        where n.project_id = ${p.id} and n.state = 'approved'
      ), d as (
        select f.*,
          case when ${Boolean(run)} then f.awarded_id is not null else coalesce(f.ex_award, f.met) end as award,
          case
            when ${Boolean(run)} then coalesce(f.awarded_hours, 0)
            when f.ex_award is not null then case when f.ex_award then least(${planned}, coalesce(f.ex_hours, ${planned})) else 0 end
            when f.met then ${planned}
            else 0
          end as hours
        from f
      )`;
    const needle = query.q ? `%${escapeLike(query.q)}%` : null;
    const shownWhere = sql`(${query.show} = 'all' or (${query.show} = 'met' and d.met) or (${query.show} = 'notMet' and not d.met) or (${query.show} = 'exception' and d.ex_award is not null)
        or (${query.show} = 'coursesMissing' and d.courses_done < ${rules.requiredCourses.length}))
      and (${needle}::text is null or d.name ilike ${needle} or d.teacher_no ilike ${needle})`;
    type TPageRow = {
      id: string; teacher_id: string; name: string; teacher_no: string | null; school: string | null; attended_days: number; met: boolean;
      ex_award: boolean | null; ex_hours: string | null; ex_reason: string | null; awarded_id: string | null; awarded_hours: string | null; awarded_state: string | null;
      scores: Record<string, string | number> | null; done: string[] | null;
    };
    // One statement: `d` is read by both the counts and the page, so Postgres computes it once; the page carries
    // each trainee's scores and completed 必修 courses, so no second round trip reads them.
    const [agg] = await tx.execute<{ trainees: number; met: number; exceptions: number; to_award: number; tenths: number; shown: number; withdrawn: number; rows: TPageRow[] }>(sql`${facts},
      agg as (
        select count(*)::int as trainees, count(*) filter (where d.met)::int as met, count(*) filter (where d.ex_award is not null)::int as exceptions,
          count(*) filter (where d.award)::int as to_award, coalesce(sum(round(d.hours * 10)), 0)::int as tenths,
          count(*) filter (where ${shownWhere})::int as shown
        from d
      ), pg as (
        select d.* from d where ${shownWhere} order by d.name, d.id limit ${query.size} offset ${(query.page - 1) * query.size}
      ), pr as (
        select pg.*,
          (select json_object_agg(sc.item_id, sc.score) from ${projectScore} sc where sc.tenant_id = ${actor.tenantId}::uuid and sc.nomination_id = pg.id) as scores,
          (select json_agg(distinct e.course_id) from ${enrollment} e where e.tenant_id = ${actor.tenantId}::uuid and e.teacher_id = pg.teacher_id and e.status = 'completed'
             and e.course_id = any(array(select jsonb_array_elements_text(${courseIds}::jsonb))::uuid[])) as done
        from pg
      )
      select agg.*,
        (select count(*)::int from ${nomination} w where w.project_id = ${p.id} and w.state = 'withdrawn') as withdrawn,
        coalesce((select json_agg(pr order by pr.name, pr.id) from pr), '[]'::json) as rows
      from agg`);
    const rows = (agg?.rows ?? []).map((r) => {
      const scores = Object.fromEntries(Object.entries(r.scores ?? {}).map(([k, v]) => [k, Number(v)]));
      const check = checkOf(ctx, rules, r.attended_days, scores, new Set(r.done ?? []));
      const exception: TCreditException | null = r.ex_award === null || r.ex_reason === null ? null : { award: r.ex_award, hours: r.ex_hours === null ? null : Number(r.ex_hours), reason: r.ex_reason };
      const decision = run ? { award: r.awarded_id !== null, hours: r.awarded_hours === null ? 0 : Number(r.awarded_hours) } : recognitionDecision(check.met, exception, planned);
      return {
        nominationId: r.id,
        name: r.name,
        teacherNo: r.teacher_no,
        school: r.school,
        attended: r.attended_days,
        required,
        met: check.met,
        reasons: check.reasons,
        total: check.total,
        courses: { done: rules.requiredCourses.length - check.coursesMissing.length, of: rules.requiredCourses.length },
        exception,
        decision,
        state: (r.awarded_state ?? null) as (typeof projectCreditAward.$inferSelect)["state"] | null,
      };
    });
    const counts = {
      trainees: agg?.trainees ?? 0,
      met: agg?.met ?? 0,
      exceptions: agg?.exceptions ?? 0,
      toAward: agg?.to_award ?? 0,
      hours: (agg?.tenths ?? 0) / 10,
      withdrawn: agg?.withdrawn ?? 0,
    };
    return {
      project: { id: p.id, name: p.name, plannedHours: planned, creditCategory: p.creditCategory as TAwardCategory, organiserLevel: p.organiserLevel, requiredDays: p.requiredDays, endsOn: p.endsOn, state: p.state },
      assessment: { items: items.length, required: requiredItems, maxTotal: items.reduce((s, i) => s + i.maxScore, 0), passPercent: p.passPercent, passScore: passScore(items, p.passPercent) },
      requiredCourses: rules.requiredCourses.length,
      ended: today >= p.endsOn,
      canConfirm: ctx.manages && confirmableStates.has(p.state) && !run,
      canManage: ctx.manages,
      run: run
        ? {
            split: run.split as TSplitPart[],
            countsFor: run.countsFor,
            total: run.total,
            awarded: run.awarded,
            skipped: run.skipped,
            confirmedAt: run.confirmedAt,
            confirmedBy: runRow?.confirmer ?? null,
            finishedAt: run.finishedAt,
          }
        : null,
      counts,
      query,
      total: agg?.shown ?? 0,
      rows,
    };
  });
}

/** Sets (or replaces) one trainee's exception; only before the confirmation, by the project's managers. */
export async function setCreditException(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZCreditExceptionInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId, { lock: true });
    needConfirmable(ctx);
    if (await loadRun(tx, ctx.project.id)) throw new AppError("conflict", `project ${ctx.project.id}: 学时 already confirmed`);
    await loadTrainee(tx, ctx.project.id, input.nominationId);
    const planned = Number(ctx.project.plannedHours);
    if (input.hours !== undefined && input.hours > planned) throw new AppError("badRequest", "hours over plan", { hours: [`认定学时不能超过计划学时 ${planned}`] });
    const hours = input.award && input.hours !== undefined && input.hours < planned ? String(input.hours) : null;
    const row = { award: input.award, hours, reason: input.reason, setBy: actor.actorId, setAt: new Date() };
    await tx
      .insert(projectCreditException)
      .values({ tenantId: actor.tenantId, nominationId: input.nominationId, projectId: ctx.project.id, ...row })
      .onConflictDoUpdate({ target: [projectCreditException.tenantId, projectCreditException.nominationId], set: row });
    await appendAudit(tx, actor, {
      action: "projects.credits.exception",
      target: `nomination:${input.nominationId}`,
      orgPath: ctx.ownerPath,
      data: { award: input.award, hours: hours === null ? undefined : Number(hours), reason: input.reason },
    });
    return { nominationId: input.nominationId, award: input.award, hours: hours === null ? null : Number(hours) };
  });
}

/** Takes one trainee's exception away (the proposal applies again); only before the confirmation. */
export async function clearCreditException(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZClearCreditExceptionInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId, { lock: true });
    needConfirmable(ctx);
    if (await loadRun(tx, ctx.project.id)) throw new AppError("conflict", `project ${ctx.project.id}: 学时 already confirmed`);
    const gone = await tx
      .delete(projectCreditException)
      .where(and(eq(projectCreditException.projectId, ctx.project.id), eq(projectCreditException.nominationId, input.nominationId)))
      .returning({ id: projectCreditException.nominationId });
    if (gone.length === 0) throw new AppError("notFound", `exception ${input.nominationId}`);
    await appendAudit(tx, actor, { action: "projects.credits.exceptionCleared", target: `nomination:${input.nominationId}`, orgPath: ctx.ownerPath });
    return { nominationId: input.nominationId };
  });
}

const insertChunk = 1000;

/**
 * 确认认定: once per project. Fixes each trainee's 学时 (the proposal with the exceptions) and the split, then
 * hands the writing to the worker (after the commit); the page follows its progress.
 */
export async function confirmProjectCredits(opts: { db: Database; actor: TActor; input: unknown; producer?: Producer; today?: string }) {
  const { actor } = opts;
  const input = parseInput(ZConfirmCreditsInput, opts.input);
  const today = opts.today ?? chinaDay();
  const out = await opts.db.withTenant(actor.tenantId, async (tx) => {
    // The project's row lock: a second confirmation (or an exception set meanwhile) waits, then sees this one.
    const ctx = await loadRunningFor(tx, actor, input.projectId, { lock: true });
    needConfirmable(ctx);
    if (await loadRun(tx, ctx.project.id)) throw new AppError("conflict", `project ${ctx.project.id}: 学时 already confirmed`);
    const planned = Number(ctx.project.plannedHours);
    const problem = splitProblem(input.split, planned);
    if (problem) throw new AppError("badRequest", "split", { split: [problem] });
    const facts = await traineeFacts(tx, ctx, await ruleInputs(tx, ctx.project.id));
    const awards = facts.flatMap((f) => {
      const d = recognitionDecision(f.met, f.exception, planned);
      return d.award ? [{ f, hours: d.hours }] : [];
    });
    const countsFor = creditCountsFor(ctx.project.endsOn, today);
    await tx.insert(projectCreditRun).values({
      tenantId: actor.tenantId,
      projectId: ctx.project.id,
      split: input.split,
      countsFor,
      total: awards.length,
      confirmedBy: actor.actorId,
      finishedAt: awards.length === 0 ? new Date() : null,
    });
    for (let i = 0; i < awards.length; i += insertChunk) {
      await tx.insert(projectCreditAward).values(
        awards.slice(i, i + insertChunk).map(({ f, hours }) => ({
          tenantId: actor.tenantId,
          nominationId: f.nominationId,
          projectId: ctx.project.id,
          teacherId: f.teacherId,
          hours: String(hours),
          reason: f.exception?.reason ?? null,
        })),
      );
    }
    const hours = awards.reduce((s, a) => s + Math.round(a.hours * 10), 0) / 10;
    await appendAudit(tx, actor, {
      action: "projects.credits.confirm",
      target: `project:${ctx.project.id}`,
      orgPath: ctx.ownerPath,
      data: { trainees: awards.length, hours, split: input.split, countsFor, exceptions: facts.filter((f) => f.exception).length },
    });
    return { projectId: ctx.project.id, total: awards.length, hours, countsFor };
  });
  if (out.total > 0) await enqueue(opts.producer, actor.tenantId, out.projectId, "confirm");
  return out;
}

async function enqueue(producer: Producer | undefined, tenantId: string, projectId: string, why: string) {
  // A lost enqueue (Redis away at this moment) is not lost work: the page offers 继续发放 while rows are pending.
  await producer?.add(projectCreditsJob, { v: 1, tenantId, projectId }, { jobId: `project-credits-${projectId}-${why}-${Date.now()}` }).catch(() => undefined);
}

/**
 * The safety net for a lost credit job (a crash, or Redis away, right after the confirmation or 继续发放):
 * every confirmation of every tenant still unfinished `olderThanSeconds` after it was confirmed is queued
 * again. The sweep's job id is fixed per project and removed when done, so at most one waits per project;
 * a job that runs beside a live one costs nothing (awardProjectCredits takes its rows with SKIP LOCKED).
 * `tenantIds` narrows it (tests). Returns the projects queued.
 */
export async function enqueueUnfinishedProjectCredits(opts: { db: Database; producer: Producer; olderThanSeconds?: number; tenantIds?: ReadonlySet<string> }): Promise<{ tenantId: string; projectId: string }[]> {
  const older = opts.olderThanSeconds ?? 300;
  const queued: { tenantId: string; projectId: string }[] = [];
  for (const t of await opts.db.listTenants()) {
    if (opts.tenantIds && !opts.tenantIds.has(t.id)) continue;
    const runs = await opts.db.withTenant(t.id, (tx) =>
      tx
        .select({ projectId: projectCreditRun.projectId })
        .from(projectCreditRun)
        .where(and(sql`${projectCreditRun.finishedAt} is null`, lt(projectCreditRun.confirmedAt, sql`now() - make_interval(secs => ${older})`)))
        .limit(1000),
    );
    for (const r of runs) {
      await opts.producer.add(projectCreditsJob, { v: 1, tenantId: t.id, projectId: r.projectId }, { jobId: `project-credits-${r.projectId}-sweep`, removeOnComplete: true, removeOnFail: true });
      queued.push({ tenantId: t.id, projectId: r.projectId });
    }
  }
  return queued;
}

/** 继续发放: queues the writing again for a confirmation whose rows are still pending (say the first job was lost). */
export async function resumeProjectCredits(opts: { db: Database; actor: TActor; input: unknown; producer?: Producer }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZClearCreditExceptionInput.pick({ projectId: true }), opts.input);
  const run = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, projectId);
    needManage(ctx);
    const r = await loadRun(tx, ctx.project.id);
    if (!r) throw new AppError("notFound", `project ${projectId}: no confirmation`);
    if (r.finishedAt) throw new AppError("conflict", `project ${projectId}: 学时 already written`);
    return r;
  });
  await enqueue(opts.producer, actor.tenantId, run.projectId, "resume");
  return { projectId: run.projectId };
}

/**
 * The worker's part: writes the pending trainees of a confirmation into the ledger, `batchSize` per transaction
 * (rows taken with SKIP LOCKED, so two workers never write the same trainee), until none is left; then marks the
 * confirmation finished. Returns what this call wrote.
 */
export async function awardProjectCredits(opts: { db: Database; tenantId: string; projectId: string; batchSize?: number; today?: string }) {
  const { tenantId, projectId } = opts;
  const batchSize = opts.batchSize ?? 200;
  let awarded = 0;
  let skipped = 0;
  for (;;) {
    const n = await opts.db.withTenant(tenantId, async (tx) => {
      const [run] = await tx.select().from(projectCreditRun).where(eq(projectCreditRun.projectId, projectId)).limit(1);
      if (!run) throw new AppError("notFound", `project ${projectId}: no confirmation`);
      const rows = await tx
        .select()
        .from(projectCreditAward)
        .where(and(eq(projectCreditAward.projectId, projectId), eq(projectCreditAward.state, "pending")))
        .orderBy(asc(projectCreditAward.nominationId))
        .limit(batchSize)
        .for("update", { skipLocked: true });
      if (rows.length === 0) {
        await tx
          .update(projectCreditRun)
          .set({ finishedAt: new Date() })
          .where(and(eq(projectCreditRun.projectId, projectId), sql`${projectCreditRun.finishedAt} is null`, sql`${projectCreditRun.awarded} + ${projectCreditRun.skipped} = ${projectCreditRun.total}`));
        return 0;
      }
      const [p] = await tx
        .select({ name: trainingProject.name, organiserLevel: trainingProject.organiserLevel })
        .from(trainingProject)
        .where(eq(trainingProject.id, projectId))
        .limit(1);
      const states = new Map(
        (await tx.select({ id: nomination.id, state: nomination.state }).from(nomination).where(inArray(nomination.id, rows.map((r) => r.nominationId)))).map((s) => [s.id, s.state]),
      );
      const days = new Map(
        (
          await tx
            .select({ id: projectAttendance.nominationId, n: sql<number>`count(distinct ${projectAttendance.day})::int` })
            .from(projectAttendance)
            .where(inArray(projectAttendance.nominationId, rows.map((r) => r.nominationId)))
            .groupBy(projectAttendance.nominationId)
        ).map((d) => [d.id, d.n]),
      );
      const policy = (await currentPolicy(tx, opts.today)).rules;
      const split = run.split as TSplitPart[];
      // 退出培训 after the confirmation stops the credit that was not yet written (decision 020).
      const skippedIds = rows.filter((r) => states.get(r.nominationId) !== "approved").map((r) => r.nominationId);
      const awarding = rows.filter((r) => states.get(r.nominationId) === "approved");
      // The batch's ledger rows in one statement; the ledger's unique key makes a row already there a no-op.
      const ledgerRows = awarding.flatMap((r) =>
        splitHours(Number(r.hours), split).map((part) => ({
          tenantId,
          teacherId: r.teacherId,
          source: "trainingProject" as const,
          sourceRef: projectAwardRef(projectId, part.category),
          title: p!.name,
          hours: String(part.hours),
          category: part.category,
          organiserLevel: p!.organiserLevel,
          countsFor: run.countsFor,
          evidence: [{ kind: "project", projectId, attendedDays: days.get(r.nominationId) ?? 0 }],
          reason: r.reason,
          actorId: run.confirmedBy,
        })),
      );
      const landed = ledgerRows.length
        ? await tx
            .insert(creditAward)
            .values(ledgerRows)
            .onConflictDoNothing()
            .returning({ teacherId: creditAward.teacherId, hours: creditAward.hours, category: creditAward.category, countsFor: creditAward.countsFor })
        : [];
      // Every teacher whose ledger grew: status and rollups in this transaction, a few statements for the batch.
      await recomputeTeacherStatuses(tx, { tenantId, teacherIds: landed.map((l) => l.teacherId), policy, today: opts.today, landed });
      const done = new Date();
      if (skippedIds.length) {
        await tx.update(projectCreditAward).set({ state: "skipped", doneAt: done }).where(inArray(projectCreditAward.nominationId, skippedIds));
      }
      if (awarding.length) {
        await tx
          .update(projectCreditAward)
          .set({ state: "awarded", doneAt: done })
          .where(inArray(projectCreditAward.nominationId, awarding.map((r) => r.nominationId)));
      }
      const a = awarding.length;
      const s = skippedIds.length;
      await tx
        .update(projectCreditRun)
        .set({ awarded: sql`${projectCreditRun.awarded} + ${a}`, skipped: sql`${projectCreditRun.skipped} + ${s}` })
        .where(eq(projectCreditRun.projectId, projectId));
      await appendAudit(tx, { tenantId, actorId: null }, { action: "credits.projectAwards", target: `project:${projectId}`, data: { awarded: a, skipped: s } });
      awarded += a;
      skipped += s;
      return rows.length;
    });
    if (n === 0) break;
  }
  return { awarded, skipped };
}
