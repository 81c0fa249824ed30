import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { defaultCourseCategories } from "@yanxiu/domain/courses";
import { AppError } from "@yanxiu/domain/errors";
import { appendAudit } from "../../audit/append.ts";
import type { Database, Tx } from "@yanxiu/db/client";
import { courseCategory, orgUnit } from "@yanxiu/db/schema";
import { parseInput } from "../../common/parse-input.ts";
import { canAuthor, canReview, holds, type TCourseActor } from "../common.ts";
import { institutionKinds } from "./access.ts";

export type TCategory = { id: string; name: string };
export type TInstitution = { id: string; name: string; kind: (typeof institutionKinds)[number] };

/** The tenant's categories in order; the defaults are written the first time anyone asks. */
export async function categoriesOf(tx: Tx, tenantId: string): Promise<TCategory[]> {
  const rows = await tx.select({ id: courseCategory.id, name: courseCategory.name }).from(courseCategory).orderBy(asc(courseCategory.position), asc(courseCategory.name));
  if (rows.length > 0) return rows;
  await tx
    .insert(courseCategory)
    .values(defaultCourseCategories.map((name, position) => ({ tenantId, name, position })))
    .onConflictDoNothing();
  return tx.select({ id: courseCategory.id, name: courseCategory.name }).from(courseCategory).orderBy(asc(courseCategory.position), asc(courseCategory.name));
}

export async function listCategories(opts: { db: Database; actor: TCourseActor }): Promise<TCategory[]> {
  return opts.db.withTenant(opts.actor.tenantId, (tx) => categoriesOf(tx, opts.actor.tenantId));
}

/** Who may add a category: administrators (the list is shared by the whole province). */
export function canManageCategories(actor: TCourseActor): boolean {
  return holds(actor, "provinceAdmin", "orgAdmin");
}

const ZAddCategory = z.object({ name: z.string().trim().min(1, "请填写分类名称").max(20, "分类名称不超过 20 字") }).strict();

export async function addCategory(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<TCategory> {
  const { actor } = opts;
  if (!canManageCategories(actor)) throw new AppError("forbidden", "only administrators add categories");
  const input = parseInput(ZAddCategory, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    await categoriesOf(tx, actor.tenantId);
    const [{ next }] = (await tx.select({ next: sql<number>`coalesce(max(${courseCategory.position}), -1)::int + 1` }).from(courseCategory)) as [{ next: number }];
    const [row] = await tx.insert(courseCategory).values({ tenantId: actor.tenantId, name: input.name, position: next }).onConflictDoNothing().returning();
    if (!row) throw new AppError("badRequest", "category exists", { name: ["categoryTaken"] });
    await appendAudit(tx, actor, { action: "courseCategory.add", target: `courseCategory:${row.id}`, data: { name: row.name } });
    return { id: row.id, name: row.name };
  });
}

export async function institutionsOf(tx: Tx): Promise<TInstitution[]> {
  return tx
    .select({ id: orgUnit.id, name: orgUnit.name, kind: orgUnit.kind })
    .from(orgUnit)
    .where(and(inArray(orgUnit.kind, [...institutionKinds]), eq(orgUnit.status, "active")))
    .orderBy(asc(orgUnit.name)) as Promise<TInstitution[]>;
}

/** The development centres and training institutions a course may be offered by (for the facts form). */
export async function listInstitutions(opts: { db: Database; actor: TCourseActor }): Promise<TInstitution[]> {
  if (!canAuthor(opts.actor) && !canReview(opts.actor)) throw new AppError("forbidden", "not an author");
  return opts.db.withTenant(opts.actor.tenantId, (tx) => institutionsOf(tx));
}

/** What the new-course form needs in one call. */
export async function getCourseFormOptions(opts: { db: Database; actor: TCourseActor }) {
  const { actor } = opts;
  if (!canAuthor(actor)) throw new AppError("forbidden", "not an author");
  return opts.db.withTenant(actor.tenantId, async (tx) => ({
    categories: await categoriesOf(tx, actor.tenantId),
    institutions: await institutionsOf(tx),
    canAddCategory: canManageCategories(actor),
  }));
}
