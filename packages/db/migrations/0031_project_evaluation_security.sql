-- Row-level security and grants for briefs, questionnaires and reports (see 0001 for why they are hand-written;
-- decision 024). A brief may be deleted by its project's managers; a questionnaire changes state but is never
-- deleted; who answered and the answers are insert-only (nobody edits an anonymous response, and a respondent
-- row cannot be removed to answer twice); the report is replaced in place.
ALTER TABLE "project_brief" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_brief" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_brief"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "project_brief" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "questionnaire" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "questionnaire" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "questionnaire"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "questionnaire" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "questionnaire_respondent" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "questionnaire_respondent" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "questionnaire_respondent"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Who answered: its own columns only, not the system columns. A response and its respondent row are written in
-- one transaction, so they share a transaction id (xmin) and sit near each other on disk (ctid); with SELECT on the
-- whole table the app could join them on those. A column grant leaves xmin and ctid of this table unreadable.
GRANT SELECT ("tenant_id", "questionnaire_id", "user_id"), INSERT ON "questionnaire_respondent" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "questionnaire_response" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "questionnaire_response" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "questionnaire_response"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "questionnaire_response" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "project_report" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_report" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "project_report"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "project_report" TO yanxiu_app;--> statement-breakpoint
-- Once a questionnaire has left draft its questions are what the answers are tallied against: they never change
-- again, and it never returns to draft. The services refuse this first (questionsEditable); this guards any other path.
CREATE FUNCTION questionnaire_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state <> 'draft' AND (NEW.questions IS DISTINCT FROM OLD.questions OR NEW.state = 'draft') THEN
    RAISE EXCEPTION 'questionnaire % is %, its questions are fixed', OLD.id, OLD.state USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER questionnaire_frozen BEFORE UPDATE ON "questionnaire"
  FOR EACH ROW EXECUTE FUNCTION questionnaire_frozen_guard();
