/**
 * China's wall clock (UTC+8 all year, no daylight saving), written without Intl so that it is the same
 * whatever the server's zone and ICU data: the day an award counts for, the times in an export.
 */
const chinaOffsetMs = 8 * 3600_000;

/** The day in China (YYYY-MM-DD) at an instant: the day an award counts for and the year totals are about. */
export function chinaDay(at: Date = new Date()): string {
  return new Date(at.getTime() + chinaOffsetMs).toISOString().slice(0, 10);
}

/** An instant as China's wall clock for a spreadsheet cell: "YYYY-MM-DD HH:MM:SS", or to the minute. */
export function chinaTime(at: Date, to: "second" | "minute" = "second"): string {
  return new Date(at.getTime() + chinaOffsetMs)
    .toISOString()
    .slice(0, to === "second" ? 19 : 16)
    .replace("T", " ");
}
