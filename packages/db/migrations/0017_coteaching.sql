CREATE TABLE "live_class_poll_answer" (
	"tenant_id" uuid NOT NULL,
	"poll_id" uuid NOT NULL,
	"classroom_id" uuid NOT NULL,
	"answered_by" uuid NOT NULL,
	"choice" integer,
	"counts" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_class_poll_answer_tenant_id_poll_id_classroom_id_pk" PRIMARY KEY("tenant_id","poll_id","classroom_id"),
	CONSTRAINT "live_class_poll_answer_one_check" CHECK (("live_class_poll_answer"."choice" is null) <> ("live_class_poll_answer"."counts" is null))
);
--> statement-breakpoint
CREATE TABLE "live_classroom" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"school_id" uuid NOT NULL,
	"grade" text NOT NULL,
	"class_name" text NOT NULL,
	"headcount" integer NOT NULL,
	"assistant_id" uuid NOT NULL,
	"roster" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_classroom_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "live_classroom_assistant_key" UNIQUE("tenant_id","session_id","assistant_id"),
	CONSTRAINT "live_classroom_position_key" UNIQUE("tenant_id","session_id","position"),
	CONSTRAINT "live_classroom_headcount_check" CHECK ("live_classroom"."headcount" between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "live_classroom_attendance" (
	"tenant_id" uuid NOT NULL,
	"classroom_id" uuid NOT NULL,
	"present_count" integer NOT NULL,
	"present_names" jsonb,
	"recorded_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_classroom_attendance_tenant_id_classroom_id_pk" PRIMARY KEY("tenant_id","classroom_id"),
	CONSTRAINT "live_classroom_attendance_present_check" CHECK ("live_classroom_attendance"."present_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "live_coteaching" (
	"tenant_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"credit_hours" numeric(3, 1) NOT NULL,
	"organiser_unit_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_coteaching_tenant_id_session_id_pk" PRIMARY KEY("tenant_id","session_id"),
	CONSTRAINT "live_coteaching_credit_hours_check" CHECK ("live_coteaching"."credit_hours" >= 0 and "live_coteaching"."credit_hours" <= 20)
);
--> statement-breakpoint
ALTER TABLE "progress_event" DROP CONSTRAINT "progress_event_subject_check";--> statement-breakpoint
ALTER TABLE "live_class_poll_answer" ADD CONSTRAINT "live_class_poll_answer_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_class_poll_answer" ADD CONSTRAINT "live_class_poll_answer_tenant_id_poll_id_live_poll_tenant_id_id_fk" FOREIGN KEY ("tenant_id","poll_id") REFERENCES "public"."live_poll"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_class_poll_answer" ADD CONSTRAINT "live_class_poll_answer_tenant_id_classroom_id_live_classroom_tenant_id_id_fk" FOREIGN KEY ("tenant_id","classroom_id") REFERENCES "public"."live_classroom"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_class_poll_answer" ADD CONSTRAINT "live_class_poll_answer_tenant_id_answered_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","answered_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_classroom" ADD CONSTRAINT "live_classroom_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_classroom" ADD CONSTRAINT "live_classroom_tenant_id_session_id_live_session_tenant_id_id_fk" FOREIGN KEY ("tenant_id","session_id") REFERENCES "public"."live_session"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_classroom" ADD CONSTRAINT "live_classroom_tenant_id_school_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","school_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_classroom" ADD CONSTRAINT "live_classroom_tenant_id_assistant_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","assistant_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_classroom_attendance" ADD CONSTRAINT "live_classroom_attendance_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_classroom_attendance" ADD CONSTRAINT "live_classroom_attendance_tenant_id_classroom_id_live_classroom_tenant_id_id_fk" FOREIGN KEY ("tenant_id","classroom_id") REFERENCES "public"."live_classroom"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_classroom_attendance" ADD CONSTRAINT "live_classroom_attendance_tenant_id_recorded_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","recorded_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_coteaching" ADD CONSTRAINT "live_coteaching_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_coteaching" ADD CONSTRAINT "live_coteaching_tenant_id_session_id_live_session_tenant_id_id_fk" FOREIGN KEY ("tenant_id","session_id") REFERENCES "public"."live_session"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_coteaching" ADD CONSTRAINT "live_coteaching_tenant_id_organiser_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","organiser_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_class_poll_answer_classroom_idx" ON "live_class_poll_answer" USING btree ("tenant_id","classroom_id");--> statement-breakpoint
CREATE INDEX "live_classroom_assistant_idx" ON "live_classroom" USING btree ("tenant_id","assistant_id");--> statement-breakpoint
ALTER TABLE "live_attendance" ADD CONSTRAINT "live_attendance_tenant_id_classroom_id_live_classroom_tenant_id_id_fk" FOREIGN KEY ("tenant_id","classroom_id") REFERENCES "public"."live_classroom"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "progress_event_coteaching_idx" ON "progress_event" USING btree ("tenant_id","actor_id") WHERE "progress_event"."kind" = 'coTeachingAttended';--> statement-breakpoint
ALTER TABLE "progress_event" ADD CONSTRAINT "progress_event_subject_check" CHECK (("progress_event"."enrollment_id" is not null and "progress_event"."unit_id" is not null) or ("progress_event"."kind" in ('studioAttended', 'coTeachingAttended') and "progress_event"."payload" ? 'liveSessionId'));