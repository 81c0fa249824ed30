CREATE TABLE "national_attendance" (
	"tenant_id" uuid NOT NULL,
	"trainee_id" uuid NOT NULL,
	"day" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_attendance_tenant_id_trainee_id_day_pk" PRIMARY KEY("tenant_id","trainee_id","day")
);
--> statement-breakpoint
ALTER TABLE "national_project" ADD COLUMN "required_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "national_attendance" ADD CONSTRAINT "national_attendance_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_attendance" ADD CONSTRAINT "national_attendance_tenant_id_trainee_id_national_trainee_tenant_id_id_fk" FOREIGN KEY ("tenant_id","trainee_id") REFERENCES "public"."national_trainee"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_attendance" ADD CONSTRAINT "national_attendance_tenant_id_recorded_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","recorded_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_project" ADD CONSTRAINT "national_project_required_days_check" CHECK ("national_project"."required_days" >= 0 and "national_project"."required_days" <= 366);