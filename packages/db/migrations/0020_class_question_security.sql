-- Row-level security and grants for classroom questions (see 0001 for why they are hand-written).
-- Asked (insert) and marked answered (update); never deleted by the app.
ALTER TABLE "live_class_question" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_class_question" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_class_question"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "live_class_question" TO yanxiu_app;
