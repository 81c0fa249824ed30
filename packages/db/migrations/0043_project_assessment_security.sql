-- Row-level security and grants for 考核 (decision 031; see 0001 for why they are hand-written). Items may be
-- edited and removed (removal only while unscored: the service checks); a score is updated, or deleted when it is
-- cleared (blank = not submitted). Every change is also an audit event with the score before and after.
ALTER TABLE "project_assessment_item" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_assessment_item" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_assessment_item"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "project_assessment_item" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "project_score" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_score" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_score"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "project_score" TO yanxiu_app;
