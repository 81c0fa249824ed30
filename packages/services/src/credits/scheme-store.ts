import { and, asc, eq, lte } from "drizzle-orm";
import { schemeInEffect, ZCreditScheme, type TCreditScheme, type TCreditUnit } from "@yanxiu/domain/credit-scheme";
import type { Tx } from "@yanxiu/db/client";
import { creditSchemeVersion } from "@yanxiu/db/schema";

/** Which stored version a figure was computed under. */
export type TSchemeRef = { id: string; version: number; key: string; name: string; unit: TCreditUnit; effectiveFrom: string };

export type TStoredScheme = { ref: TSchemeRef; scheme: TCreditScheme };

/**
 * Published versions parsed once per process, by row id: a published row never changes (a trigger refuses
 * any UPDATE or DELETE of it), and every award reads the scheme in effect, so parsing it each time was a
 * full ZCreditScheme parse per award. Bounded: a process that has seen more versions than this starts over.
 */
const parsedPublished = new Map<string, TStoredScheme>();
const parsedPublishedMax = 1000;

const stored = (r: { id: string; scheme: unknown }): TStoredScheme => {
  const hit = parsedPublished.get(r.id);
  if (hit) return hit;
  // Written only after ZCreditScheme accepted it; parsed again so a row edited by hand cannot feed the engine garbage.
  const scheme = ZCreditScheme.parse(r.scheme);
  const v: TStoredScheme = { ref: { id: r.id, version: scheme.version, key: scheme.key, name: scheme.name, unit: scheme.unit, effectiveFrom: scheme.effectiveFrom }, scheme };
  if (parsedPublished.size >= parsedPublishedMax) parsedPublished.clear();
  parsedPublished.set(r.id, v);
  return v;
};

/** The tenant's published versions that have started by `day` (or all of them), oldest first. */
export async function publishedSchemes(tx: Tx, day?: string): Promise<TStoredScheme[]> {
  const rows = await tx
    .select({ id: creditSchemeVersion.id, scheme: creditSchemeVersion.scheme })
    .from(creditSchemeVersion)
    .where(and(eq(creditSchemeVersion.status, "published"), day ? lte(creditSchemeVersion.effectiveFrom, day) : undefined))
    .orderBy(asc(creditSchemeVersion.version));
  return rows.map(stored);
}

/** Of published rows (id and scheme) read by the caller, the one in effect on `day`, or null. */
export function schemeInEffectAmong(rows: readonly { id: string; scheme: unknown }[], day: string): TStoredScheme | null {
  const all = rows.map(stored);
  const s = schemeInEffect(all.map((v) => v.scheme), day);
  return s ? all.find((v) => v.scheme.version === s.version)! : null;
}

/** The published version in effect on `day` (`schemeInEffect`), or null when the tenant has none then. */
export async function schemeInEffectOn(tx: Tx, day: string): Promise<TStoredScheme | null> {
  const all = await publishedSchemes(tx, day);
  const s = schemeInEffect(all.map((v) => v.scheme), day);
  return s ? all.find((v) => v.scheme.version === s.version)! : null;
}
