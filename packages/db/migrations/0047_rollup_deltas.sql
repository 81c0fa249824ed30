CREATE TABLE "org_rollup_delta" (
	"tenant_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"hours_this_year" numeric(12, 1) DEFAULT '0' NOT NULL,
	"hours_this_cycle" numeric(12, 1) DEFAULT '0' NOT NULL,
	"teachers_on_pace" integer DEFAULT 0 NOT NULL,
	"rural_teachers_on_pace" integer DEFAULT 0 NOT NULL,
	"completions" integer DEFAULT 0 NOT NULL,
	"enrollments" integer DEFAULT 0 NOT NULL,
	"assigned_completions" integer DEFAULT 0 NOT NULL,
	"assigned_enrollments" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_rollup_hours_delta" (
	"tenant_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"month" date NOT NULL,
	"category" text NOT NULL,
	"hours" numeric(14, 1) NOT NULL
);
--> statement-breakpoint
CREATE INDEX "org_rollup_delta_unit_idx" ON "org_rollup_delta" USING btree ("tenant_id","org_unit_id");--> statement-breakpoint
CREATE INDEX "org_rollup_hours_delta_unit_idx" ON "org_rollup_hours_delta" USING btree ("tenant_id","org_unit_id","month");