-- Row-level security and grants for courses (see 0001 for why they are hand-written).
-- Evidence (check-ins, posts) is insert-only for the app role; content of a version that left draft is frozen by triggers.
ALTER TABLE "course_category" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "course_category" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "course_category"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "course_category" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "stored_file" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "stored_file" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "stored_file"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "stored_file" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "course" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "course" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "course"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "course" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "course_version" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "course_version" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "course_version"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "course_version" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "course_section" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "course_section" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "course_section"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "course_section" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "course_unit" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "course_unit" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "course_unit"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "course_unit" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "enrollment" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "enrollment" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "enrollment"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "enrollment" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "unit_progress" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "unit_progress" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "unit_progress"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "unit_progress" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "quiz_attempt" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "quiz_attempt" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "quiz_attempt"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "quiz_attempt" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "assignment_submission" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "assignment_submission" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "assignment_submission"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "assignment_submission" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "offline_check_in" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "offline_check_in" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "offline_check_in"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "offline_check_in" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "discussion_post" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "discussion_post" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "discussion_post"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "discussion_post" TO yanxiu_app;--> statement-breakpoint
-- A version's content may change only while the version is a draft: publishing freezes it for good.
CREATE FUNCTION course_content_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_status text;
  r record;
BEGIN
  r := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  SELECT status INTO v_status FROM course_version WHERE tenant_id = r.tenant_id AND id = r.version_id;
  IF v_status IS DISTINCT FROM 'draft' AND v_status IS NOT NULL THEN
    RAISE EXCEPTION 'course version % is %, its content is frozen', r.version_id, v_status USING ERRCODE = 'check_violation';
  END IF;
  RETURN r;
END $$;--> statement-breakpoint
CREATE TRIGGER course_section_frozen BEFORE INSERT OR UPDATE OR DELETE ON "course_section"
  FOR EACH ROW EXECUTE FUNCTION course_content_frozen_guard();--> statement-breakpoint
CREATE TRIGGER course_unit_frozen BEFORE INSERT OR UPDATE OR DELETE ON "course_unit"
  FOR EACH ROW EXECUTE FUNCTION course_content_frozen_guard();--> statement-breakpoint
-- A published version's facts never change; it may only be superseded by a newer one.
CREATE FUNCTION course_version_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status IN ('published', 'superseded') THEN
      RAISE EXCEPTION 'published course version % cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status IN ('published', 'superseded') AND
     (ROW(NEW.title, NEW.summary, NEW.cover_file_id, NEW.stages, NEW.subjects, NEW.category_id, NEW.institution_id, NEW.credit_hours,
          NEW.enrollment_mode, NEW.enroll_opens_at, NEW.enroll_closes_at, NEW.study_starts_at, NEW.study_ends_at, NEW.number, NEW.course_id, NEW.published_at)
      IS DISTINCT FROM
      ROW(OLD.title, OLD.summary, OLD.cover_file_id, OLD.stages, OLD.subjects, OLD.category_id, OLD.institution_id, OLD.credit_hours,
          OLD.enrollment_mode, OLD.enroll_opens_at, OLD.enroll_closes_at, OLD.study_starts_at, OLD.study_ends_at, OLD.number, OLD.course_id, OLD.published_at)
      OR NEW.status NOT IN ('published', 'superseded')) THEN
    RAISE EXCEPTION 'course version % is published and frozen', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER course_version_frozen BEFORE UPDATE OR DELETE ON "course_version"
  FOR EACH ROW EXECUTE FUNCTION course_version_frozen_guard();
