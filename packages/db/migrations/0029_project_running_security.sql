-- Row-level security and grants for running training projects (decision 023; see 0001 for why they are hand-written).
-- Classes are re-formed (an automatic split replaces the unpublished list) and trainees move or leave (退出培训), so
-- classes and memberships may be deleted; mentors are added and removed; a session without check-ins may be
-- removed; an attendance day marked by mistake is unmarked. The plan row is updated, never deleted.
ALTER TABLE "project_class_plan" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_class_plan" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_class_plan"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "project_class_plan" TO yanxiu_app;
ALTER TABLE "project_class" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_class" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_class"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "project_class" TO yanxiu_app;
ALTER TABLE "project_class_member" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_class_member" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_class_member"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "project_class_member" TO yanxiu_app;
ALTER TABLE "project_class_mentor" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_class_mentor" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_class_mentor"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "project_class_mentor" TO yanxiu_app;
ALTER TABLE "project_session" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_session" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_session"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "project_session" TO yanxiu_app;
ALTER TABLE "project_attendance" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_attendance" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_attendance"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "project_attendance" TO yanxiu_app;
