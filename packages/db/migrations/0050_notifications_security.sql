-- Row-level security and grants for 站内消息 (see 0001 for why they are hand-written; decision 034).
-- The policy keeps a tenant's notices to that tenant; that a person reads only their own is the service's
-- rule (every read and update filters on the actor). A written notice never changes but for being read:
-- the app may update read_at and no other column, and deletes nothing.
ALTER TABLE "notification" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "notification" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "notification"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "notification" TO yanxiu_app;--> statement-breakpoint
GRANT UPDATE ("read_at") ON "notification" TO yanxiu_app;
