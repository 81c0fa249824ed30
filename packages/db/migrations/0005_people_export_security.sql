-- Row-level security and grants for people exports (see 0001 for why they are hand-written).
ALTER TABLE "people_export" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "people_export" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "people_export"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "people_export" TO yanxiu_app;
