import { sql, type AnyColumn, type SQL } from "drizzle-orm";

/**
 * A text column in the order Chinese readers expect (拼音, by ICU's zh collation) rather than by code point, for
 * lists people sort by name or school. The database runs with locale C, so the collation is named per use.
 */
export const chineseOrder = (column: AnyColumn | SQL): SQL => sql`${column} collate "zh-x-icu"`;
