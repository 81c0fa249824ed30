-- Row-level security and grants for the province administration tables (see 0001 for why they are hand-written).

ALTER TABLE "teacher_profile" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "teacher_profile" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "teacher_profile"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "teacher_profile" TO yanxiu_app;--> statement-breakpoint

-- History: never updated or deleted by the app.
ALTER TABLE "teacher_transfer" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "teacher_transfer" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "teacher_transfer"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "teacher_transfer" TO yanxiu_app;--> statement-breakpoint

ALTER TABLE "roster_import" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "roster_import" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "roster_import"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "roster_import" TO yanxiu_app;
