/**
 * The drizzle schema, one file per bounded context under `schema/`, re-exported here so that the client,
 * drizzle-kit and the services import one module.
 */
/*
 * Tenant-owned tables all follow one pattern: `tenant_id` NOT NULL, primary key (tenant_id, id),
 * every unique key and foreign key leading with tenant_id, and row-level security ENABLED and FORCED
 * with a policy on `app.tenant_id` (written in the SQL migration; drizzle-kit emits no FORCE).
 * `src/catalog.integration.test.ts` fails when a table breaks the pattern.
 */
export * from "./schema/tenancy.ts";
export * from "./schema/people.ts";
export * from "./schema/courses.ts";
export * from "./schema/credits.ts";
export * from "./schema/studios.ts";
export * from "./schema/live.ts";
export * from "./schema/projects.ts";
export * from "./schema/project-running.ts";
export * from "./schema/project-credits.ts";
export * from "./schema/federation.ts";
export * from "./schema/project-evaluation.ts";
export * from "./schema/notifications.ts";
