-- Row-level security and grants for 按日点名 on the national side (decision 021, addendum; see 0001 for why they are
-- hand-written). A day marked by mistake is unmarked (the row deleted; the audit keeps who and when); a row is never
-- updated.
ALTER TABLE "national_attendance" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "national_attendance" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "national_attendance"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "national_attendance" TO yanxiu_app;
