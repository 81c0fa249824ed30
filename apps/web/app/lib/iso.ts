/** A Date (or null) as an ISO string for loader data. */
export const iso = (d: Date | string | null | undefined): string | null => (d == null ? null : new Date(d).toISOString());
