import { and, asc, eq, inArray, ne, type SQL } from "drizzle-orm";
import { chinaDay } from "@yanxiu/domain/china-time";
import { AppError } from "@yanxiu/domain/errors";
import { ZNationalRollCallQuery, ZSaveNationalRollCallInput, ZSetNationalRequiredDaysInput, daysBetween } from "@yanxiu/domain/federation";
import type { Database } from "@yanxiu/db/client";
import { nationalAttendance, nationalProject, nationalTrainee } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import type { TActor } from "../org/scope.ts";
import { attendedDays, loadNationalProject, needOperator, staffClasses } from "./national-projects.ts";

/**
 * 按日点名 on the national side (decision 021, addendum): the implementing university's staff, for their classes,
 * or the operator (项目办), for any class, tick who was present on a day of the project. One row per trainee per
 * day (`national_attendance`); the count against the project's required days decides whether a completion may
 * be recorded (`recordNationalCompletion`).
 */

async function onPlatform(db: Database, actor: TActor, what: string) {
  const home = await db.findTenant({ id: actor.tenantId });
  if (!home || home.kind !== "platform") throw new AppError("notFound", what);
}

/**
 * The trainees a roll call is about: the project's, within the actor's classes, of the chosen class ("" = all
 * the actor may see, "-" = not yet in a class). A staff member asking for a class not theirs gets notFound.
 */
function rollCallScope(projectId: string, classes: "all" | string[], classCode: string): SQL[] {
  if (classes !== "all" && classCode !== "" && !classes.includes(classCode)) throw new AppError("notFound", `class ${classCode}`);
  const where: SQL[] = [eq(nationalTrainee.projectId, projectId)];
  if (classes !== "all") where.push(inArray(nationalTrainee.classCode, classes));
  if (classCode !== "") where.push(eq(nationalTrainee.classCode, classCode === "-" ? "" : classCode));
  return where;
}

/** The last day a roll call may be saved for: the project's end, or today (China) if earlier. */
const lastOpenDay = (endsOn: string, today: string) => (today < endsOn ? today : endsOn);

/**
 * One day's roll call: the trainees in scope (not withdrawn) with present/absent that day and each one's days
 * attended so far against the project's required days. No day given = today, kept within the project's dates;
 * no class given = the first class the actor may see ("" = every class, "-" = not yet in a class).
 */
export async function readNationalRollCall(opts: { db: Database; actor: TActor; input: unknown; now?: Date }) {
  const { actor } = opts;
  const query = parseInput(ZNationalRollCallQuery, opts.input);
  await onPlatform(opts.db, actor, `national project ${query.projectId}`);
  const today = chinaDay(opts.now);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const p = await loadNationalProject(tx, query.projectId);
    const classes = await staffClasses(tx, actor, p.id);
    const classCodes = [
      ...new Set(
        classes === "all"
          ? (await tx.selectDistinct({ c: nationalTrainee.classCode }).from(nationalTrainee).where(and(eq(nationalTrainee.projectId, p.id), ne(nationalTrainee.classCode, "")))).map((r) => r.c)
          : classes,
      ),
    ].sort((a, b) => a.localeCompare(b, "zh-CN"));
    const classCode = query.classCode ?? classCodes[0] ?? "";
    const where = rollCallScope(p.id, classes, classCode);
    const day = query.day ?? (today < p.startsOn ? p.startsOn : lastOpenDay(p.endsOn, today));
    if (day < p.startsOn || day > p.endsOn) throw new AppError("badRequest", "day outside the project", { day: ["日期须在项目起止日期内"] });
    const trainees = await tx
      .select({ id: nationalTrainee.id, name: nationalTrainee.name, school: nationalTrainee.school, province: nationalTrainee.homeProvince, classCode: nationalTrainee.classCode, state: nationalTrainee.state })
      .from(nationalTrainee)
      .where(and(...where, ne(nationalTrainee.state, "withdrawn")))
      .orderBy(asc(nationalTrainee.classCode), asc(nationalTrainee.name), asc(nationalTrainee.id));
    const ids = trainees.map((t) => t.id);
    const days = await attendedDays(tx, ids);
    const present = new Set(
      ids.length ? (await tx.select({ id: nationalAttendance.traineeId }).from(nationalAttendance).where(and(inArray(nationalAttendance.traineeId, ids), eq(nationalAttendance.day, day)))).map((r) => r.id) : [],
    );
    return {
      project: { id: p.id, requiredDays: p.requiredDays, startsOn: p.startsOn, endsOn: p.endsOn },
      day,
      lastDay: lastOpenDay(p.endsOn, today),
      classCode,
      classes: classCodes,
      canSave: p.state !== "closed" && day <= today,
      rows: trainees.map((t) => ({ ...t, present: present.has(t.id), attended: days.get(t.id) ?? 0 })),
    };
  });
}

/**
 * Saves a day's roll call in one transaction: each trainee the form showed ends up present or not on that day
 * (marking twice is one row; unmarking an absent one changes nothing). The day must be within the project's
 * dates and not after today (China). Only trainees in training (enrolled) change: a withdrawn or completed
 * trainee whose mark would change is refused. A trainee outside the actor's classes, the chosen class, the
 * project or the tenant is notFound. One audit row lists what changed.
 */
export async function saveNationalRollCall(opts: { db: Database; actor: TActor; input: unknown; now?: Date }) {
  const { actor } = opts;
  const input = parseInput(ZSaveNationalRollCallInput, opts.input);
  await onPlatform(opts.db, actor, `national project ${input.projectId}`);
  const today = chinaDay(opts.now);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const p = await loadNationalProject(tx, input.projectId);
    const classes = await staffClasses(tx, actor, p.id);
    const where = rollCallScope(p.id, classes, input.classCode);
    if (p.state === "closed") throw new AppError("projectStateConflict", `national project ${p.id} is closed`);
    if (input.day < p.startsOn || input.day > p.endsOn) throw new AppError("badRequest", "day outside the project", { day: ["日期须在项目起止日期内"] });
    if (input.day > today) throw new AppError("badRequest", "day in the future", { day: ["不能为今天以后的日期点名"] });
    const ids = [...new Set(input.traineeIds)];
    if (ids.length === 0) return { day: input.day, marked: 0, unmarked: 0 };
    // Locked: a completion recorded meanwhile (which counts these days) waits for this roll call, or it waits for that.
    const trainees = await tx
      .select({ id: nationalTrainee.id, name: nationalTrainee.name, state: nationalTrainee.state })
      .from(nationalTrainee)
      .where(and(...where, inArray(nationalTrainee.id, ids)))
      .orderBy(asc(nationalTrainee.id))
      .for("update");
    if (trainees.length !== ids.length) throw new AppError("notFound", "trainee not in this roll call");
    const was = new Set(
      (await tx.select({ id: nationalAttendance.traineeId }).from(nationalAttendance).where(and(inArray(nationalAttendance.traineeId, ids), eq(nationalAttendance.day, input.day)))).map((r) => r.id),
    );
    const want = new Set(input.present);
    const changing = trainees.filter((t) => want.has(t.id) !== was.has(t.id));
    const frozen = changing.find((t) => t.state !== "enrolled");
    if (frozen) {
      const why = frozen.state === "withdrawn" ? `${frozen.name} 已退出培训，不能点名` : `${frozen.name} 已认定学时，出勤不再修改`;
      throw new AppError("nominationStateConflict", `trainee ${frozen.id} is ${frozen.state}`, { present: [why] });
    }
    const marked = changing.filter((t) => want.has(t.id)).map((t) => t.id);
    const unmarked = changing.filter((t) => !want.has(t.id)).map((t) => t.id);
    if (marked.length) {
      await tx
        .insert(nationalAttendance)
        .values(marked.map((traineeId) => ({ tenantId: actor.tenantId, traineeId, day: input.day, recordedBy: actor.actorId })))
        .onConflictDoNothing();
    }
    if (unmarked.length) await tx.delete(nationalAttendance).where(and(inArray(nationalAttendance.traineeId, unmarked), eq(nationalAttendance.day, input.day)));
    if (changing.length) {
      await appendAudit(tx, actor, { action: "national.rollCall", target: `nationalProject:${p.id}`, data: { day: input.day, classCode: input.classCode, marked, unmarked } });
    }
    return { day: input.day, marked: marked.length, unmarked: unmarked.length };
  });
}

/** The operator changes how many days of concentrated study a national project requires (0 = no rule). */
export async function setNationalRequiredDays(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZSetNationalRequiredDaysInput, opts.input);
  await needOperator(opts.db, actor);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const p = await loadNationalProject(tx, input.projectId, { lock: true });
    if (p.state === "closed") throw new AppError("projectStateConflict", `national project ${p.id} is closed`);
    if (input.requiredDays > daysBetween(p.startsOn, p.endsOn)) throw new AppError("badRequest", "more days than the project has", { requiredDays: ["要求出勤天数不能超过项目的天数"] });
    await tx.update(nationalProject).set({ requiredDays: input.requiredDays, updatedAt: new Date() }).where(eq(nationalProject.id, p.id));
    await appendAudit(tx, actor, { action: "national.requiredDays", target: `nationalProject:${p.id}`, data: { from: p.requiredDays, to: input.requiredDays } });
    return { requiredDays: input.requiredDays };
  });
}
