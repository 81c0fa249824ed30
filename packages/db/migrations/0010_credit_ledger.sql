CREATE TABLE "certificate" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"award_id" uuid NOT NULL,
	"teacher_id" uuid NOT NULL,
	"number" text NOT NULL,
	"verify_code" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"file_key" text,
	"issued_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "certificate_award_key" UNIQUE("tenant_id","award_id"),
	CONSTRAINT "certificate_number_key" UNIQUE("tenant_id","number"),
	CONSTRAINT "certificate_verify_code_key" UNIQUE("tenant_id","verify_code")
);
--> statement-breakpoint
CREATE TABLE "credit_award" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"teacher_id" uuid NOT NULL,
	"source" text NOT NULL,
	"source_ref" text NOT NULL,
	"title" text NOT NULL,
	"hours" numeric(8, 1) NOT NULL,
	"category" text NOT NULL,
	"organiser_level" text NOT NULL,
	"role" text DEFAULT 'participant' NOT NULL,
	"counts_for" date NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reverses_award_id" uuid,
	"reason" text,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_award_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "credit_award_source_key" UNIQUE("tenant_id","teacher_id","source","source_ref")
);
--> statement-breakpoint
CREATE TABLE "credit_policy" (
	"tenant_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_policy_tenant_id_version_pk" PRIMARY KEY("tenant_id","version")
);
--> statement-breakpoint
CREATE TABLE "external_award_request" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"teacher_id" uuid NOT NULL,
	"submitted_by" uuid NOT NULL,
	"title" text NOT NULL,
	"issuer" text NOT NULL,
	"certificate_no" text,
	"hours" numeric(8, 1) NOT NULL,
	"category" text NOT NULL,
	"organiser_level" text NOT NULL,
	"completed_on" date NOT NULL,
	"proof_file_id" uuid,
	"fingerprint" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"comment" text,
	"award_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "external_award_request_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "org_rollup" (
	"tenant_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"teachers" integer DEFAULT 0 NOT NULL,
	"rural_teachers" integer DEFAULT 0 NOT NULL,
	"enrollments" integer DEFAULT 0 NOT NULL,
	"completions" integer DEFAULT 0 NOT NULL,
	"hours_this_year" numeric(12, 1) DEFAULT '0' NOT NULL,
	"hours_this_cycle" numeric(12, 1) DEFAULT '0' NOT NULL,
	"teachers_on_pace" integer DEFAULT 0 NOT NULL,
	"rural_teachers_on_pace" integer DEFAULT 0 NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_rollup_tenant_id_org_unit_id_pk" PRIMARY KEY("tenant_id","org_unit_id")
);
--> statement-breakpoint
CREATE TABLE "progress_event" (
	"tenant_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"actor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "progress_event_tenant_id_event_id_pk" PRIMARY KEY("tenant_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "teacher_credit_status" (
	"tenant_id" uuid NOT NULL,
	"teacher_id" uuid NOT NULL,
	"cycle_start_year" integer NOT NULL,
	"cycle_hours" numeric(8, 1) DEFAULT '0' NOT NULL,
	"year_hours" numeric(8, 1) DEFAULT '0' NOT NULL,
	"year" integer NOT NULL,
	"on_pace" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teacher_credit_status_tenant_id_teacher_id_pk" PRIMARY KEY("tenant_id","teacher_id")
);
--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_tenant_id_award_id_credit_award_tenant_id_id_fk" FOREIGN KEY ("tenant_id","award_id") REFERENCES "public"."credit_award"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_award" ADD CONSTRAINT "credit_award_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_award" ADD CONSTRAINT "credit_award_tenant_id_teacher_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","teacher_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_award" ADD CONSTRAINT "credit_award_tenant_id_reverses_award_id_credit_award_tenant_id_id_fk" FOREIGN KEY ("tenant_id","reverses_award_id") REFERENCES "public"."credit_award"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_policy" ADD CONSTRAINT "credit_policy_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "external_award_request" ADD CONSTRAINT "external_award_request_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "external_award_request" ADD CONSTRAINT "external_award_request_tenant_id_teacher_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","teacher_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_rollup" ADD CONSTRAINT "org_rollup_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_rollup" ADD CONSTRAINT "org_rollup_tenant_id_org_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","org_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_event" ADD CONSTRAINT "progress_event_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_event" ADD CONSTRAINT "progress_event_tenant_id_enrollment_id_enrollment_tenant_id_id_fk" FOREIGN KEY ("tenant_id","enrollment_id") REFERENCES "public"."enrollment"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_credit_status" ADD CONSTRAINT "teacher_credit_status_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_credit_status" ADD CONSTRAINT "teacher_credit_status_tenant_id_teacher_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","teacher_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_award_teacher_idx" ON "credit_award" USING btree ("tenant_id","teacher_id","counts_for");--> statement-breakpoint
CREATE INDEX "external_award_request_status_idx" ON "external_award_request" USING btree ("tenant_id","status","created_at");--> statement-breakpoint
CREATE INDEX "external_award_request_fingerprint_idx" ON "external_award_request" USING btree ("tenant_id","teacher_id","fingerprint");--> statement-breakpoint
CREATE INDEX "progress_event_enrollment_unit_idx" ON "progress_event" USING btree ("tenant_id","enrollment_id","unit_id");