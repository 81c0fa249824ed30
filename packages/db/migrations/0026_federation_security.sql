-- Row-level security and grants for federation (see 0001 for why they are hand-written; decision 021).
-- The outbox belongs to the sender's tenant and the inbox to the receiver's: the worker reads one inside the
-- sender's withTenant and writes the other inside the receiver's, never both in one query, and the app role
-- keeps no way around the policies. The outbox changes state (pending → delivered | failed, attempts); the
-- inbox row is claimed first (its key is the dedup guard: a message is applied once), then its outcome written. National projects, their
-- quotas and trainees change state; a staff grant may be revoked (deleted).
ALTER TABLE "federation_outbox" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "federation_outbox" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "federation_outbox"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "federation_outbox" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "federation_inbox" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "federation_inbox" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "federation_inbox"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "federation_inbox" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "national_project" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "national_project" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "national_project"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "national_project" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "national_quota" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "national_quota" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "national_quota"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "national_quota" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "national_trainee" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "national_trainee" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "national_trainee"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "national_trainee" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "national_project_staff" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "national_project_staff" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "national_project_staff"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "national_project_staff" TO yanxiu_app;--> statement-breakpoint
-- A delivered message stays delivered: a late retry of a job cannot set it back to pending.
CREATE FUNCTION federation_outbox_state_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'delivered' AND NEW.state <> 'delivered' THEN
    RAISE EXCEPTION 'federation message % is delivered', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.payload IS DISTINCT FROM OLD.payload OR NEW.to_tenant_id IS DISTINCT FROM OLD.to_tenant_id OR NEW.kind IS DISTINCT FROM OLD.kind THEN
    RAISE EXCEPTION 'federation message % cannot be rewritten', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER federation_outbox_state BEFORE UPDATE ON "federation_outbox"
  FOR EACH ROW EXECUTE FUNCTION federation_outbox_state_guard();
