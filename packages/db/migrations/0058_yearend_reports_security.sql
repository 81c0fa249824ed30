-- Row-level security and grants for the year-end reports (see 0001 for why they are hand-written; decision 038).
-- The on-pace history is written by the worker (and computed on demand by a reader of a closed year): the
-- app inserts and replaces a year's rows, never edits them in place. The schedule is one row per province.
ALTER TABLE "org_pace_snapshot" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "org_pace_snapshot" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "org_pace_snapshot"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "org_pace_snapshot" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "annual_report_schedule" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "annual_report_schedule" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "annual_report_schedule"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "annual_report_schedule" TO yanxiu_app;
