-- Row-level security and grants for studios and live sessions (see 0001 for why they are hand-written).
-- Discussion posts, poll answers and breakout groups are insert-only for the app role; chat deletion is a mark;
-- document updates may be deleted only when folded into a snapshot.
ALTER TABLE "studio" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "studio" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "studio"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "studio" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "studio_member" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "studio_member" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "studio_member"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "studio_member" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "studio_activity" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "studio_activity" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "studio_activity"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "studio_activity" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "studio_resource" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "studio_resource" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "studio_resource"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "studio_resource" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "studio_post" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "studio_post" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "studio_post"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "studio_post" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "studio_output" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "studio_output" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "studio_output"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "studio_output" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "live_session" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_session" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_session"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "live_session" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "live_participant" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_participant" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_participant"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "live_participant" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "live_attendance" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_attendance" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_attendance"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "live_attendance" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "live_group" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_group" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_group"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "live_group" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "live_chat_message" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_chat_message" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_chat_message"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "live_chat_message" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "live_poll" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_poll" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_poll"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "live_poll" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "live_poll_answer" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_poll_answer" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_poll_answer"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "live_poll_answer" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "live_stroke" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_stroke" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_stroke"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "live_stroke" TO yanxiu_app;--> statement-breakpoint
ALTER TABLE "live_doc_update" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "live_doc_update" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "live_doc_update"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "live_doc_update" TO yanxiu_app;
