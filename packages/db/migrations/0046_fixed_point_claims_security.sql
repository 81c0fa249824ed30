-- Row-level security and grants for 定额项目申报 (see 0001 for why they are hand-written; decision 032).
-- A claim is updated as it moves along its chain, never deleted; its evidence files and its trail are
-- append-only (a resubmission adds the new round's files beside the old ones).
ALTER TABLE "fixed_point_claim" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "fixed_point_claim" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "fixed_point_claim"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "fixed_point_claim" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "fixed_point_claim_file" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "fixed_point_claim_file" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "fixed_point_claim_file"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "fixed_point_claim_file" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "fixed_point_decision" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "fixed_point_decision" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "fixed_point_decision"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "fixed_point_decision" TO yanxiu_app;
