import { and, eq, sql } from "drizzle-orm";
import { ZCriterion, type TCriterion, type TUnitKind } from "@yanxiu/domain/completion";
import type { Tx } from "@yanxiu/db/client";
import { courseUnit, courseVersion } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";

/** What completion needs of one unit of a version. */
export type TCompletionUnit = {
  id: string;
  kind: TUnitKind;
  title: string;
  required: boolean;
  criterion: TCriterion;
  /** Videos only: what played ranges are clipped to. */
  durationSeconds?: number;
};

export type TVersionUnits = { versionId: string; units: TCompletionUnit[]; byId: Map<string, TCompletionUnit> };

/**
 * A version's units, cached per process: once a version is published its units never change (the
 * freeze triggers of migration 0009 refuse it), so every progress event of a course can skip this read.
 * Versions not yet published (a draft, or one in review that may be sent back) are read every time. The cache is bounded; keys carry the tenant.
 */
const cache = new Map<string, TVersionUnits>();
const cacheLimit = 2000;

export async function versionUnits(tx: Tx, tenantId: string, versionId: string): Promise<TVersionUnits> {
  const key = `${tenantId}:${versionId}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const rows = await tx
    .select({
      id: courseUnit.id,
      kind: courseUnit.kind,
      title: courseUnit.title,
      required: courseUnit.required,
      criterion: courseUnit.criterion,
      config: courseUnit.config,
      frozen: sql<boolean>`${courseVersion.status} in ('published', 'superseded')`,
    })
    .from(courseUnit)
    .innerJoin(courseVersion, tenantEq(courseVersion.id, courseUnit.versionId))
    .where(and(eq(courseUnit.tenantId, tenantId), eq(courseUnit.versionId, versionId)))
    .orderBy(courseUnit.position);
  const units: TCompletionUnit[] = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    required: r.required,
    criterion: ZCriterion.parse(r.criterion),
    durationSeconds: r.kind === "video" ? Number((r.config as { durationSeconds?: number }).durationSeconds ?? 0) : undefined,
  }));
  const value = { versionId, units, byId: new Map(units.map((u) => [u.id, u])) };
  if (rows.length > 0 && rows.every((r) => r.frozen)) {
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
  }
  return value;
}
