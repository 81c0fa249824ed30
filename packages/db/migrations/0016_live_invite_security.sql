-- Row-level security and grants for live session invitations (see 0001 for why they are hand-written).
-- Invitations are added and revoked (deleted); never edited.
ALTER TABLE "live_invite" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_invite" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_invite"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "live_invite" TO yanxiu_app;
