-- Row-level security and grants for bulk 学时 imports (see 0001 for why they are hand-written; decision 029).
-- An import row is never deleted: it is the record of which list put which awards in the ledger.
ALTER TABLE "hours_import" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "hours_import" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "hours_import"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "hours_import" TO yanxiu_app;
