import { customType, timestamp } from "drizzle-orm/pg-core";

/**
 * Tenant-owned tables all follow one pattern: `tenant_id` NOT NULL, primary key (tenant_id, id),
 * every unique key and foreign key leading with tenant_id, and row-level security ENABLED and FORCED
 * with a policy on `app.tenant_id` (written in the SQL migration; drizzle-kit emits no FORCE).
 * `src/catalog.integration.test.ts` fails when a table breaks the pattern.
 */

export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** Raw bytes (Yjs updates and snapshots). */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });
