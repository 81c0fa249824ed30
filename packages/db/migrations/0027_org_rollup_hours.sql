CREATE TABLE "org_rollup_hours" (
	"tenant_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"month" date NOT NULL,
	"category" text NOT NULL,
	"hours" numeric(14, 1) DEFAULT '0' NOT NULL,
	CONSTRAINT "org_rollup_hours_tenant_id_org_unit_id_month_category_pk" PRIMARY KEY("tenant_id","org_unit_id","month","category")
);
--> statement-breakpoint
ALTER TABLE "org_rollup" ADD COLUMN "as_of" date;--> statement-breakpoint
ALTER TABLE "org_rollup" ADD COLUMN "assigned_enrollments" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "org_rollup" ADD COLUMN "assigned_completions" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "org_rollup" ADD COLUMN "backbone" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "org_rollup_hours" ADD CONSTRAINT "org_rollup_hours_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_rollup_hours" ADD CONSTRAINT "org_rollup_hours_tenant_id_org_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","org_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Issue 17 (numbers): rollups move with each award in its own transaction (as_of: the day they are judged
-- for); 学时 by unit, month and category for the dashboard; assigned-course completion and 骨干 counts.
ALTER TABLE "org_rollup_hours" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "org_rollup_hours" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "org_rollup_hours"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "org_rollup_hours" TO yanxiu_app;
