-- Row-level security and grants for 学时认定 (see 0001 for why they are hand-written; decision 027). Exceptions
-- are edited and removed until the confirmation; the confirmation and the per-trainee rows are never deleted
-- (the worker moves a row from pending to awarded or skipped, and counts on the run).
ALTER TABLE "project_credit_exception" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_credit_exception" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_credit_exception"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "project_credit_exception" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "project_credit_run" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_credit_run" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_credit_run"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "project_credit_run" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "project_credit_award" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_credit_award" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_credit_award"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "project_credit_award" TO yanxiu_app;--> statement-breakpoint
-- Once written, a trainee's confirmed hours and their reason never change; only the worker's state moves on.
CREATE FUNCTION project_credit_award_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.hours IS DISTINCT FROM OLD.hours OR NEW.reason IS DISTINCT FROM OLD.reason OR NEW.teacher_id IS DISTINCT FROM OLD.teacher_id
     OR NEW.project_id IS DISTINCT FROM OLD.project_id OR (OLD.state <> 'pending' AND NEW.state IS DISTINCT FROM OLD.state) THEN
    RAISE EXCEPTION 'project_credit_award is fixed once confirmed' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER project_credit_award_guard BEFORE UPDATE ON "project_credit_award" FOR EACH ROW EXECUTE FUNCTION project_credit_award_guard();
