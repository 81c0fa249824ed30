ALTER TABLE "audit_event" ADD COLUMN "org_path" text;--> statement-breakpoint
CREATE INDEX "audit_event_tenant_path_idx" ON "audit_event" USING btree ("tenant_id","org_path" text_pattern_ops);