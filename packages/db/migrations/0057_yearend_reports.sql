CREATE TABLE "annual_report_schedule" (
	"tenant_id" uuid NOT NULL,
	"enabled" boolean NOT NULL,
	"day" integer NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "annual_report_schedule_tenant_id_pk" PRIMARY KEY("tenant_id"),
	CONSTRAINT "annual_report_schedule_day" CHECK ("annual_report_schedule"."day" between 1 and 31)
);
--> statement-breakpoint
CREATE TABLE "org_pace_snapshot" (
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"teachers" integer NOT NULL,
	"teachers_on_pace" integer NOT NULL,
	"rural_teachers" integer NOT NULL,
	"rural_teachers_on_pace" integer NOT NULL,
	"hours_this_year" numeric(14, 1) NOT NULL,
	"hours_this_cycle" numeric(14, 1) NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_pace_snapshot_tenant_id_year_org_unit_id_pk" PRIMARY KEY("tenant_id","year","org_unit_id"),
	CONSTRAINT "org_pace_snapshot_year" CHECK ("org_pace_snapshot"."year" between 2000 and 2100)
);
--> statement-breakpoint
ALTER TABLE "annual_report" ALTER COLUMN "actor_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "annual_report" ADD COLUMN "auto" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "annual_report_schedule" ADD CONSTRAINT "annual_report_schedule_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_report_schedule" ADD CONSTRAINT "annual_report_schedule_tenant_id_updated_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","updated_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_pace_snapshot" ADD CONSTRAINT "org_pace_snapshot_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_pace_snapshot" ADD CONSTRAINT "org_pace_snapshot_tenant_id_org_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","org_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "annual_report_auto_key" ON "annual_report" USING btree ("tenant_id","org_unit_id","year") WHERE auto;--> statement-breakpoint
ALTER TABLE "annual_report" ADD CONSTRAINT "annual_report_actor" CHECK ("annual_report"."auto" or "annual_report"."actor_id" is not null);