-- Row-level security and grants for 双师 co-teaching (see 0001 for why they are hand-written; decision 010).
-- Classrooms and the session's 学时 are written once when the session is created, never edited.
-- A class's poll answer is given once and never changed (its primary key is the guard).
-- The attendance sheet is saved again as the assistant corrects it (insert, then update).
ALTER TABLE "live_coteaching" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_coteaching" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_coteaching"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "live_coteaching" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "live_classroom" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_classroom" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_classroom"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "live_classroom" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "live_classroom_attendance" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_classroom_attendance" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_classroom_attendance"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "live_classroom_attendance" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "live_class_poll_answer" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_class_poll_answer" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_class_poll_answer"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "live_class_poll_answer" TO yanxiu_app;
