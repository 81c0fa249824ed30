-- Row-level security and grants for the stored statuses' basis (see 0001 for why they are hand-written;
-- decision 025, addendum): one row per tenant, written by whoever recomputes every status.
ALTER TABLE "credit_status_basis" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "credit_status_basis" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "credit_status_basis"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "credit_status_basis" TO yanxiu_app;
