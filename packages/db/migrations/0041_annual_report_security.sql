-- Row-level security and grants for the annual quality report (see 0001 for why they are hand-written; decision 030).
-- A request is never deleted: it records who asked for which province's, city's or county's report.
ALTER TABLE "annual_report" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "annual_report" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "annual_report"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "annual_report" TO yanxiu_app;
