CREATE TABLE "live_attendance" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"classroom_id" uuid,
	"joined_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	CONSTRAINT "live_attendance_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "live_chat_message" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"group_id" uuid,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_chat_message_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "live_doc_update" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"doc_key" text NOT NULL,
	"kind" text NOT NULL,
	"data" "bytea" NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_doc_update_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "live_group" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_group_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "live_participant" (
	"tenant_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text DEFAULT 'participant' NOT NULL,
	"muted" boolean DEFAULT false NOT NULL,
	"removed" boolean DEFAULT false NOT NULL,
	"group_id" uuid,
	"hand_raised_at" timestamp with time zone,
	"first_joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_participant_tenant_id_session_id_user_id_pk" PRIMARY KEY("tenant_id","session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "live_poll" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"question" text NOT NULL,
	"options" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "live_poll_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "live_poll_answer" (
	"tenant_id" uuid NOT NULL,
	"poll_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"option" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_poll_answer_tenant_id_poll_id_user_id_pk" PRIMARY KEY("tenant_id","poll_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "live_session" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text DEFAULT 'studio' NOT NULL,
	"studio_id" uuid,
	"activity_id" uuid,
	"course_id" uuid,
	"unit_id" uuid,
	"title" text NOT NULL,
	"host_id" uuid NOT NULL,
	"scheduled_start" timestamp with time zone NOT NULL,
	"scheduled_minutes" integer NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"slides_file_id" uuid,
	"slide_page" integer DEFAULT 1 NOT NULL,
	"breakouts_opened_at" timestamp with time zone,
	"attendance_queued_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_session_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "live_stroke" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"page" integer NOT NULL,
	"author_id" uuid NOT NULL,
	"data" jsonb NOT NULL,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_stroke_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "studio" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"host_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"stages" text[] DEFAULT '{}'::text[] NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "studio_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "studio_name_key" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "studio_activity" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"studio_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"date" date NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"credit_hours" numeric(5, 1) DEFAULT '0' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "studio_activity_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "studio_member" (
	"tenant_id" uuid NOT NULL,
	"studio_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "studio_member_tenant_id_studio_id_user_id_pk" PRIMARY KEY("tenant_id","studio_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "studio_output" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"studio_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"authors" text DEFAULT '' NOT NULL,
	"file_id" uuid,
	"activity_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "studio_output_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "studio_post" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"studio_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"parent_id" uuid,
	"title" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "studio_post_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "studio_resource" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"studio_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"is_case" boolean DEFAULT false NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"visibility" text DEFAULT 'members' NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "studio_resource_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "live_attendance" ADD CONSTRAINT "live_attendance_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_attendance" ADD CONSTRAINT "live_attendance_tenant_id_session_id_live_session_tenant_id_id_fk" FOREIGN KEY ("tenant_id","session_id") REFERENCES "public"."live_session"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_chat_message" ADD CONSTRAINT "live_chat_message_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_chat_message" ADD CONSTRAINT "live_chat_message_tenant_id_session_id_live_session_tenant_id_id_fk" FOREIGN KEY ("tenant_id","session_id") REFERENCES "public"."live_session"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_doc_update" ADD CONSTRAINT "live_doc_update_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_doc_update" ADD CONSTRAINT "live_doc_update_tenant_id_session_id_live_session_tenant_id_id_fk" FOREIGN KEY ("tenant_id","session_id") REFERENCES "public"."live_session"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_group" ADD CONSTRAINT "live_group_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_group" ADD CONSTRAINT "live_group_tenant_id_session_id_live_session_tenant_id_id_fk" FOREIGN KEY ("tenant_id","session_id") REFERENCES "public"."live_session"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_participant" ADD CONSTRAINT "live_participant_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_participant" ADD CONSTRAINT "live_participant_tenant_id_session_id_live_session_tenant_id_id_fk" FOREIGN KEY ("tenant_id","session_id") REFERENCES "public"."live_session"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_participant" ADD CONSTRAINT "live_participant_tenant_id_user_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_poll" ADD CONSTRAINT "live_poll_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_poll" ADD CONSTRAINT "live_poll_tenant_id_session_id_live_session_tenant_id_id_fk" FOREIGN KEY ("tenant_id","session_id") REFERENCES "public"."live_session"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_poll_answer" ADD CONSTRAINT "live_poll_answer_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_poll_answer" ADD CONSTRAINT "live_poll_answer_tenant_id_poll_id_live_poll_tenant_id_id_fk" FOREIGN KEY ("tenant_id","poll_id") REFERENCES "public"."live_poll"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_session" ADD CONSTRAINT "live_session_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_session" ADD CONSTRAINT "live_session_tenant_id_studio_id_studio_tenant_id_id_fk" FOREIGN KEY ("tenant_id","studio_id") REFERENCES "public"."studio"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_session" ADD CONSTRAINT "live_session_tenant_id_activity_id_studio_activity_tenant_id_id_fk" FOREIGN KEY ("tenant_id","activity_id") REFERENCES "public"."studio_activity"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_session" ADD CONSTRAINT "live_session_tenant_id_course_id_course_tenant_id_id_fk" FOREIGN KEY ("tenant_id","course_id") REFERENCES "public"."course"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_session" ADD CONSTRAINT "live_session_tenant_id_host_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","host_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_session" ADD CONSTRAINT "live_session_tenant_id_slides_file_id_stored_file_tenant_id_id_fk" FOREIGN KEY ("tenant_id","slides_file_id") REFERENCES "public"."stored_file"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_stroke" ADD CONSTRAINT "live_stroke_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_stroke" ADD CONSTRAINT "live_stroke_tenant_id_session_id_live_session_tenant_id_id_fk" FOREIGN KEY ("tenant_id","session_id") REFERENCES "public"."live_session"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio" ADD CONSTRAINT "studio_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio" ADD CONSTRAINT "studio_tenant_id_host_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","host_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio" ADD CONSTRAINT "studio_tenant_id_org_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","org_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_activity" ADD CONSTRAINT "studio_activity_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_activity" ADD CONSTRAINT "studio_activity_tenant_id_studio_id_studio_tenant_id_id_fk" FOREIGN KEY ("tenant_id","studio_id") REFERENCES "public"."studio"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_member" ADD CONSTRAINT "studio_member_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_member" ADD CONSTRAINT "studio_member_tenant_id_studio_id_studio_tenant_id_id_fk" FOREIGN KEY ("tenant_id","studio_id") REFERENCES "public"."studio"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_member" ADD CONSTRAINT "studio_member_tenant_id_user_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_output" ADD CONSTRAINT "studio_output_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_output" ADD CONSTRAINT "studio_output_tenant_id_studio_id_studio_tenant_id_id_fk" FOREIGN KEY ("tenant_id","studio_id") REFERENCES "public"."studio"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_output" ADD CONSTRAINT "studio_output_tenant_id_file_id_stored_file_tenant_id_id_fk" FOREIGN KEY ("tenant_id","file_id") REFERENCES "public"."stored_file"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_output" ADD CONSTRAINT "studio_output_tenant_id_activity_id_studio_activity_tenant_id_id_fk" FOREIGN KEY ("tenant_id","activity_id") REFERENCES "public"."studio_activity"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_post" ADD CONSTRAINT "studio_post_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_post" ADD CONSTRAINT "studio_post_tenant_id_studio_id_studio_tenant_id_id_fk" FOREIGN KEY ("tenant_id","studio_id") REFERENCES "public"."studio"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_post" ADD CONSTRAINT "studio_post_tenant_id_author_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","author_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_post" ADD CONSTRAINT "studio_post_tenant_id_parent_id_studio_post_tenant_id_id_fk" FOREIGN KEY ("tenant_id","parent_id") REFERENCES "public"."studio_post"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_resource" ADD CONSTRAINT "studio_resource_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_resource" ADD CONSTRAINT "studio_resource_tenant_id_studio_id_studio_tenant_id_id_fk" FOREIGN KEY ("tenant_id","studio_id") REFERENCES "public"."studio"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_resource" ADD CONSTRAINT "studio_resource_tenant_id_file_id_stored_file_tenant_id_id_fk" FOREIGN KEY ("tenant_id","file_id") REFERENCES "public"."stored_file"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_attendance_user_idx" ON "live_attendance" USING btree ("tenant_id","session_id","user_id","joined_at");--> statement-breakpoint
CREATE INDEX "live_chat_session_idx" ON "live_chat_message" USING btree ("tenant_id","session_id","created_at");--> statement-breakpoint
CREATE INDEX "live_doc_update_idx" ON "live_doc_update" USING btree ("tenant_id","session_id","doc_key","created_at");--> statement-breakpoint
CREATE INDEX "live_group_session_idx" ON "live_group" USING btree ("tenant_id","session_id","position");--> statement-breakpoint
CREATE INDEX "live_poll_session_idx" ON "live_poll" USING btree ("tenant_id","session_id","created_at");--> statement-breakpoint
CREATE INDEX "live_session_studio_idx" ON "live_session" USING btree ("tenant_id","studio_id","scheduled_start");--> statement-breakpoint
CREATE INDEX "live_session_unit_idx" ON "live_session" USING btree ("tenant_id","course_id","unit_id");--> statement-breakpoint
CREATE INDEX "live_stroke_page_idx" ON "live_stroke" USING btree ("tenant_id","session_id","page","created_at");--> statement-breakpoint
CREATE INDEX "studio_org_idx" ON "studio" USING btree ("tenant_id","org_unit_id");--> statement-breakpoint
CREATE INDEX "studio_activity_date_idx" ON "studio_activity" USING btree ("tenant_id","studio_id","date");--> statement-breakpoint
CREATE INDEX "studio_member_user_idx" ON "studio_member" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "studio_output_idx" ON "studio_output" USING btree ("tenant_id","studio_id","created_at");--> statement-breakpoint
CREATE INDEX "studio_post_idx" ON "studio_post" USING btree ("tenant_id","studio_id","created_at");--> statement-breakpoint
CREATE INDEX "studio_resource_idx" ON "studio_resource" USING btree ("tenant_id","studio_id","created_at");