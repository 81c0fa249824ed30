-- Row-level security and grants for completion and the credit ledger (see 0001 for why they are hand-written).
-- The event table and the ledger are append-only for the app role: it may insert and read, never update or delete.
ALTER TABLE "progress_event" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "progress_event" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "progress_event"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "progress_event" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "credit_award" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "credit_award" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "credit_award"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "credit_award" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "certificate" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "certificate" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "certificate"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "certificate" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "credit_policy" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "credit_policy" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "credit_policy"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "credit_policy" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "external_award_request" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "external_award_request" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "external_award_request"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "external_award_request" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "teacher_credit_status" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "teacher_credit_status" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "teacher_credit_status"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "teacher_credit_status" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "org_rollup" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "org_rollup" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "org_rollup"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "org_rollup" TO yanxiu_app;
