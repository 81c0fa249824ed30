import { z } from "zod";

/** The groups of audit actions the log filters by (an action matches its group's prefix: "account" → "account.create"). */
export const auditActionGroups = ["signIn", "signIn.failed", "signOut", "account", "orgUnit", "roster", "people", "course", "credits", "studios", "coteaching", "tenant"] as const;
export type TAuditActionGroup = (typeof auditActionGroups)[number];

export const auditPageSizes = [20, 50, 100] as const;

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date").refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "date");
/** Search text without control characters (NUL, CR, LF …); it is searched as typed, never as a pattern. */
function isPlainSearchText(s: string): boolean {
  for (const c of s) if (c.charCodeAt(0) < 32) return false;
  return true;
}
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * The audit log's filters and page, as they stand in the page's URL: the action group, a person (login or name,
 * also the login a failed sign-in tried), a range of days in China time (both ends included) and the page.
 */
export const ZAuditQuery = z
  .object({
    action: z.preprocess(blankToUndefined, z.enum(auditActionGroups).optional()),
    person: z.preprocess(blankToUndefined, z.string().trim().min(1).max(64).refine(isPlainSearchText, "text").optional()),
    from: z.preprocess(blankToUndefined, ZDay.optional()),
    to: z.preprocess(blankToUndefined, ZDay.optional()),
    page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(1000).default(1)),
    size: z.preprocess(blankToUndefined, z.coerce.number().pipe(z.union(auditPageSizes.map((n) => z.literal(n)) as [z.ZodLiteral<20>, z.ZodLiteral<50>, z.ZodLiteral<100>])).default(50)),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "dateOrder" });
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

/** The instants that bound a range of China-time days: [start of `from`, start of the day after `to`). */
export function chinaDayBounds(q: { from?: string; to?: string }): { since?: Date; until?: Date } {
  const at = (day: string) => new Date(`${day}T00:00:00+08:00`);
  return {
    since: q.from ? at(q.from) : undefined,
    until: q.to ? new Date(at(q.to).getTime() + 24 * 3600 * 1000) : undefined,
  };
}
