-- Row-level security and grants for training projects (see 0001 for why they are hand-written; decision 019).
-- Projects, allocations and nominations change state (insert, then update); none is deleted by the app: an
-- allocation no longer wanted is set to 0 seats, a nomination ends as replaced or withdrawn.
-- The decision trail is insert-only.
ALTER TABLE "training_project" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "training_project" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "training_project"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "training_project" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "quota_allocation" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "quota_allocation" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "quota_allocation"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "quota_allocation" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "nomination" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "nomination" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "nomination"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "nomination" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "project_decision" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_decision" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_decision"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "project_decision" TO yanxiu_app;--> statement-breakpoint
-- Once a project is published, what the ledger and the nominations rely on is fixed: planned 学时, their
-- category and organiser level, the owner and level, how people enrol, the 信息表 and the quota keys. A state
-- never goes back to draft from published or later. The services refuse these edits first (projectEditRefusal);
-- this is the guard for any other path.
CREATE FUNCTION training_project_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state IN ('published', 'running', 'closed') AND (
       ROW(NEW.planned_hours, NEW.credit_category, NEW.organiser_level, NEW.owner_unit_id, NEW.level, NEW.enrolment_mode, NEW.info_form, NEW.quota_keys)
       IS DISTINCT FROM
       ROW(OLD.planned_hours, OLD.credit_category, OLD.organiser_level, OLD.owner_unit_id, OLD.level, OLD.enrolment_mode, OLD.info_form, OLD.quota_keys)
       OR NEW.state IN ('draft', 'pendingApproval')) THEN
    RAISE EXCEPTION 'training project % is %, its planned hours and enrolment rules are fixed', OLD.id, OLD.state USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER training_project_frozen BEFORE UPDATE ON "training_project"
  FOR EACH ROW EXECUTE FUNCTION training_project_frozen_guard();
