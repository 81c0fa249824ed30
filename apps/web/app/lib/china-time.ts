/**
 * A `datetime-local` value has no zone; the province's time is China's (UTC+8 all year), so it is read as
 * such whatever the server's zone. Anything else passes through for the schema to judge.
 */
export function chinaLocalDateTime(v: unknown): unknown {
  return typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00+08:00` : v;
}

/** A China wall-clock time on a day (`YYYY-MM-DD`, `HH:MM`) as an instant, or null for a malformed day. */
export function chinaDayAt(day: string, time: string): Date | null {
  const d = new Date(`${day}T${time}:00+08:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** An instant as people in the province read it (China's wall clock, 24-hour), or `none` when there is none. */
export function chinaDateTime(v: Date | string | null | undefined, none = "—"): string {
  return v ? new Date(v).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }) : none;
}
