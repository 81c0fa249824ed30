-- Row-level security for every tenant-owned table, FORCED so that even the table owner is subject to it,
-- and the grants of the app role (NOSUPERUSER, NOBYPASSRLS, owns nothing; created by infra before migrating).
-- drizzle-kit emits neither FORCE nor grants, so they live here. A new tenant table needs the same three
-- lines in its own migration; src/catalog.integration.test.ts fails until it has them.

GRANT USAGE ON SCHEMA public TO yanxiu_app;--> statement-breakpoint
GRANT SELECT ON "tenant" TO yanxiu_app;--> statement-breakpoint

ALTER TABLE "org_unit" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "org_unit" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "org_unit"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "org_unit" TO yanxiu_app;--> statement-breakpoint

ALTER TABLE "user" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "user" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "user"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "user" TO yanxiu_app;--> statement-breakpoint

ALTER TABLE "role_assignment" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "role_assignment" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "role_assignment"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "role_assignment" TO yanxiu_app;--> statement-breakpoint

ALTER TABLE "session" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "session" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "session"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "session" TO yanxiu_app;--> statement-breakpoint

-- Append-only: no UPDATE or DELETE for the app.
ALTER TABLE "audit_event" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "audit_event" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "audit_event"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "audit_event" TO yanxiu_app;
