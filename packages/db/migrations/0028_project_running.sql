CREATE TABLE "project_attendance" (
	"tenant_id" uuid NOT NULL,
	"nomination_id" uuid NOT NULL,
	"day" date NOT NULL,
	"project_id" uuid NOT NULL,
	"session_id" uuid,
	"method" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_attendance_tenant_id_nomination_id_day_pk" PRIMARY KEY("tenant_id","nomination_id","day"),
	CONSTRAINT "project_attendance_code_check" CHECK ("project_attendance"."method" = 'manual' or "project_attendance"."session_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "project_class" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"head_teacher_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_class_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "project_class_name_key" UNIQUE("tenant_id","project_id","name")
);
--> statement-breakpoint
CREATE TABLE "project_class_member" (
	"tenant_id" uuid NOT NULL,
	"nomination_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_class_member_tenant_id_nomination_id_pk" PRIMARY KEY("tenant_id","nomination_id")
);
--> statement-breakpoint
CREATE TABLE "project_class_mentor" (
	"tenant_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"added_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_class_mentor_tenant_id_class_id_user_id_pk" PRIMARY KEY("tenant_id","class_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "project_class_plan" (
	"tenant_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"implementing_unit_id" uuid,
	"class_size" integer,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_class_plan_tenant_id_project_id_pk" PRIMARY KEY("tenant_id","project_id"),
	CONSTRAINT "project_class_plan_size_check" CHECK ("project_class_plan"."class_size" is null or "project_class_plan"."class_size" between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "project_session" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"starts_at" text NOT NULL,
	"ends_at" text NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"ref_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_session_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "project_session_clock_check" CHECK ("project_session"."starts_at" ~ '^[0-2][0-9]:[0-5][0-9]$' and "project_session"."ends_at" ~ '^[0-2][0-9]:[0-5][0-9]$' and "project_session"."ends_at" > "project_session"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "project_attendance" ADD CONSTRAINT "project_attendance_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_attendance" ADD CONSTRAINT "project_attendance_tenant_id_nomination_id_nomination_tenant_id_id_fk" FOREIGN KEY ("tenant_id","nomination_id") REFERENCES "public"."nomination"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_attendance" ADD CONSTRAINT "project_attendance_tenant_id_project_id_training_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."training_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_attendance" ADD CONSTRAINT "project_attendance_tenant_id_session_id_project_session_tenant_id_id_fk" FOREIGN KEY ("tenant_id","session_id") REFERENCES "public"."project_session"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_attendance" ADD CONSTRAINT "project_attendance_tenant_id_recorded_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","recorded_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class" ADD CONSTRAINT "project_class_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class" ADD CONSTRAINT "project_class_tenant_id_project_id_training_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."training_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class" ADD CONSTRAINT "project_class_tenant_id_head_teacher_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","head_teacher_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class_member" ADD CONSTRAINT "project_class_member_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class_member" ADD CONSTRAINT "project_class_member_tenant_id_nomination_id_nomination_tenant_id_id_fk" FOREIGN KEY ("tenant_id","nomination_id") REFERENCES "public"."nomination"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class_member" ADD CONSTRAINT "project_class_member_tenant_id_project_id_training_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."training_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class_member" ADD CONSTRAINT "project_class_member_tenant_id_class_id_project_class_tenant_id_id_fk" FOREIGN KEY ("tenant_id","class_id") REFERENCES "public"."project_class"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class_mentor" ADD CONSTRAINT "project_class_mentor_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class_mentor" ADD CONSTRAINT "project_class_mentor_tenant_id_class_id_project_class_tenant_id_id_fk" FOREIGN KEY ("tenant_id","class_id") REFERENCES "public"."project_class"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class_mentor" ADD CONSTRAINT "project_class_mentor_tenant_id_user_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class_mentor" ADD CONSTRAINT "project_class_mentor_tenant_id_project_id_training_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."training_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class_mentor" ADD CONSTRAINT "project_class_mentor_tenant_id_added_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","added_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class_plan" ADD CONSTRAINT "project_class_plan_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class_plan" ADD CONSTRAINT "project_class_plan_tenant_id_project_id_training_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."training_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class_plan" ADD CONSTRAINT "project_class_plan_tenant_id_implementing_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","implementing_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_class_plan" ADD CONSTRAINT "project_class_plan_tenant_id_published_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","published_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_session" ADD CONSTRAINT "project_session_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_session" ADD CONSTRAINT "project_session_tenant_id_project_id_training_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."training_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_session" ADD CONSTRAINT "project_session_tenant_id_created_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","created_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_attendance_project_idx" ON "project_attendance" USING btree ("tenant_id","project_id","day");--> statement-breakpoint
CREATE INDEX "project_class_member_class_idx" ON "project_class_member" USING btree ("tenant_id","class_id");--> statement-breakpoint
CREATE INDEX "project_class_member_project_idx" ON "project_class_member" USING btree ("tenant_id","project_id");--> statement-breakpoint
CREATE INDEX "project_class_mentor_project_idx" ON "project_class_mentor" USING btree ("tenant_id","project_id");--> statement-breakpoint
CREATE INDEX "project_session_day_idx" ON "project_session" USING btree ("tenant_id","project_id","day");