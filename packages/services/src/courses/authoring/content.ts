import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { ZUnitInput, type TUnitInput } from "@yanxiu/domain/courses";
import { AppError } from "@yanxiu/domain/errors";
import { appendAudit } from "../../audit/append.ts";
import type { Database, Tx } from "@yanxiu/db/client";
import { course, courseSection, courseUnit } from "@yanxiu/db/schema";
import type { TCourseActor, TCourseRow, TVersionRow } from "../common.ts";
import { fieldErrorsOf, findFile, frozenAsConflict, loadCourseForEdit, loadEditableVersion, mergeFieldErrors, parseDeep, requireId } from "./access.ts";

/**
 * Sections and units of the draft version. Every change runs in one transaction that first takes the
 * course's row lock and checks the version is still a draft; the database's freeze triggers are the
 * second line (their refusal becomes a conflict too).
 */

type TEditCtx = { tx: Tx; course: TCourseRow; version: TVersionRow };

async function editDraft<T>(db: Database, actor: TCourseActor, courseId: unknown, action: string, fn: (ctx: TEditCtx) => Promise<T>): Promise<T> {
  const id = requireId(courseId, "course");
  return frozenAsConflict(
    db.withTenant(actor.tenantId, async (tx) => {
      const c = await loadCourseForEdit(tx, actor, id, true);
      const version = await loadEditableVersion(tx, c);
      const out = await fn({ tx, course: c, version });
      await tx.update(course).set({ updatedAt: new Date() }).where(eq(course.id, c.id));
      await appendAudit(tx, actor, { action, target: `course:${c.id}`, data: { version: version.number } });
      return out;
    }),
  );
}

const ZTitle = z.string().trim().min(1, "请填写章节名称").max(100, "章节名称不超过 100 字");
const ZDirection = z.enum(["up", "down"]);

async function loadSection(tx: Tx, versionId: string, sectionId: unknown) {
  const id = requireId(sectionId, "section");
  const [s] = await tx.select().from(courseSection).where(and(eq(courseSection.versionId, versionId), eq(courseSection.id, id))).limit(1);
  if (!s) throw new AppError("notFound", `section ${id}`);
  return s;
}

async function loadUnit(tx: Tx, versionId: string, unitId: unknown) {
  const id = requireId(unitId, "unit");
  const [u] = await tx.select().from(courseUnit).where(and(eq(courseUnit.versionId, versionId), eq(courseUnit.id, id))).limit(1);
  if (!u) throw new AppError("notFound", `unit ${id}`);
  return u;
}

type TIn = Record<string, unknown>;
const asObj = (v: unknown): TIn => (v && typeof v === "object" ? (v as TIn) : {});

export async function addSection(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<{ sectionId: string }> {
  const input = asObj(opts.input);
  const title = parseDeep(z.object({ title: ZTitle }), { title: input.title }).title;
  return editDraft(opts.db, opts.actor, input.courseId, "course.addSection", async ({ tx, version }) => {
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${courseSection.position}), -1)::int + 1` })
      .from(courseSection)
      .where(eq(courseSection.versionId, version.id))) as [{ next: number }];
    const [row] = await tx.insert(courseSection).values({ tenantId: opts.actor.tenantId, versionId: version.id, position: next, title }).returning();
    return { sectionId: row!.id };
  });
}

export async function renameSection(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<void> {
  const input = asObj(opts.input);
  const title = parseDeep(z.object({ title: ZTitle }), { title: input.title }).title;
  await editDraft(opts.db, opts.actor, input.courseId, "course.renameSection", async ({ tx, version }) => {
    const s = await loadSection(tx, version.id, input.sectionId);
    await tx.update(courseSection).set({ title }).where(and(eq(courseSection.versionId, version.id), eq(courseSection.id, s.id)));
  });
}

/** Deletes a section and its units (of the draft only; published versions keep theirs). */
export async function deleteSection(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<void> {
  const input = asObj(opts.input);
  await editDraft(opts.db, opts.actor, input.courseId, "course.deleteSection", async ({ tx, version }) => {
    const s = await loadSection(tx, version.id, input.sectionId);
    await tx.delete(courseUnit).where(and(eq(courseUnit.versionId, version.id), eq(courseUnit.sectionId, s.id)));
    await tx.delete(courseSection).where(and(eq(courseSection.versionId, version.id), eq(courseSection.id, s.id)));
  });
}

/** Swaps a row's position with its neighbour in `rows` (already in order); at either end nothing moves. */
function neighbour<T extends { id: string; position: number }>(rows: T[], id: string, direction: "up" | "down"): [T, T] | null {
  const i = rows.findIndex((r) => r.id === id);
  const j = direction === "up" ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= rows.length) return null;
  return [rows[i]!, rows[j]!];
}

export async function moveSection(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<void> {
  const input = asObj(opts.input);
  const direction = parseDeep(ZDirection, input.direction, "direction");
  await editDraft(opts.db, opts.actor, input.courseId, "course.moveSection", async ({ tx, version }) => {
    const s = await loadSection(tx, version.id, input.sectionId);
    const rows = await tx.select().from(courseSection).where(eq(courseSection.versionId, version.id)).orderBy(asc(courseSection.position), asc(courseSection.id));
    // Renumber first so equal positions (never written by us, but cheap to tolerate) still swap.
    rows.forEach((r, i) => (r.position = i));
    const pair = neighbour(rows, s.id, direction);
    if (!pair) return;
    const [a, b] = pair;
    for (const r of rows) {
      const position = r.id === a.id ? b.position : r.id === b.id ? a.position : r.position;
      await tx.update(courseSection).set({ position }).where(and(eq(courseSection.versionId, version.id), eq(courseSection.id, r.id)));
    }
  });
}

/**
 * A unit as the trainer sent it → the validated unit. A video's config is `{ fileId }`: the duration is
 * taken from the stored file (this tenant's, purpose courseVideo); a document must be a courseDocument.
 */
async function parseUnit(tx: Tx, raw: unknown): Promise<TUnitInput> {
  const u = asObj(raw);
  const cfg = asObj(u.config);
  let fileErrors: Record<string, string[]> = {};
  let config: unknown = u.config;
  if (u.kind === "video") {
    const file = cfg.fileId ? await findFile(tx, cfg.fileId, "courseVideo") : null;
    if (cfg.fileId && !file) fileErrors = { "config.fileId": ["fileNotFound"] };
    else if (file && !file.durationSeconds) fileErrors = { "config.fileId": ["videoDurationUnknown"] };
    // The placeholder duration only lets the other fields be checked; a missing file is refused above.
    config = { fileId: cfg.fileId, durationSeconds: file?.durationSeconds ?? 1 };
  } else if (u.kind === "document") {
    if (cfg.fileId && !(await findFile(tx, cfg.fileId, "courseDocument"))) fileErrors = { "config.fileId": ["fileNotFound"] };
  }
  const r = ZUnitInput.safeParse({ ...u, config });
  const errors = mergeFieldErrors(r.success ? {} : fieldErrorsOf(r.error), fileErrors);
  if (!r.success || Object.keys(errors).length) throw new AppError("badRequest", "invalid unit", errors);
  return r.data;
}

function unitColumns(u: TUnitInput) {
  return { kind: u.kind, title: u.title, creditHours: String(u.creditHours), required: u.required, criterion: u.criterion, config: u.config };
}

export async function addUnit(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<{ unitId: string }> {
  const input = asObj(opts.input);
  return editDraft(opts.db, opts.actor, input.courseId, "course.addUnit", async ({ tx, version }) => {
    const s = await loadSection(tx, version.id, input.sectionId);
    const unit = await parseUnit(tx, input.unit);
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${courseUnit.position}), -1)::int + 1` })
      .from(courseUnit)
      .where(eq(courseUnit.versionId, version.id))) as [{ next: number }];
    const [row] = await tx
      .insert(courseUnit)
      .values({ tenantId: opts.actor.tenantId, versionId: version.id, sectionId: s.id, position: next, ...unitColumns(unit) })
      .returning({ id: courseUnit.id });
    return { unitId: row!.id };
  });
}

/** Rewrites a unit of the draft; its kind stays what it was (a different kind is a new unit). */
export async function updateUnit(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<void> {
  const input = asObj(opts.input);
  await editDraft(opts.db, opts.actor, input.courseId, "course.updateUnit", async ({ tx, version }) => {
    const existing = await loadUnit(tx, version.id, input.unitId);
    const unit = await parseUnit(tx, input.unit);
    if (unit.kind !== existing.kind) throw new AppError("badRequest", "kind cannot change", { kind: ["kindChanged"] });
    await tx
      .update(courseUnit)
      .set(unitColumns(unit))
      .where(and(eq(courseUnit.versionId, version.id), eq(courseUnit.id, existing.id)));
  });
}

export async function deleteUnit(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<void> {
  const input = asObj(opts.input);
  await editDraft(opts.db, opts.actor, input.courseId, "course.deleteUnit", async ({ tx, version }) => {
    const u = await loadUnit(tx, version.id, input.unitId);
    await tx.delete(courseUnit).where(and(eq(courseUnit.versionId, version.id), eq(courseUnit.id, u.id)));
  });
}

/** Moves a unit up or down within its section. */
export async function moveUnit(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<void> {
  const input = asObj(opts.input);
  const direction = parseDeep(ZDirection, input.direction, "direction");
  await editDraft(opts.db, opts.actor, input.courseId, "course.moveUnit", async ({ tx, version }) => {
    const u = await loadUnit(tx, version.id, input.unitId);
    const rows = await tx
      .select({ id: courseUnit.id, position: courseUnit.position })
      .from(courseUnit)
      .where(and(eq(courseUnit.versionId, version.id), eq(courseUnit.sectionId, u.sectionId)))
      .orderBy(asc(courseUnit.position), asc(courseUnit.id));
    const pair = neighbour(rows, u.id, direction);
    if (!pair) return;
    const [a, b] = pair;
    // Positions are unique per version (we write max+1), so a swap keeps the order total.
    await tx.update(courseUnit).set({ position: b.position }).where(and(eq(courseUnit.versionId, version.id), eq(courseUnit.id, a.id)));
    await tx.update(courseUnit).set({ position: a.position }).where(and(eq(courseUnit.versionId, version.id), eq(courseUnit.id, b.id)));
  });
}
