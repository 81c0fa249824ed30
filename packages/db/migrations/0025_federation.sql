CREATE TABLE "federation_inbox" (
	"tenant_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"from_tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"outcome" text NOT NULL,
	"subject_ref" text DEFAULT '' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "federation_inbox_tenant_id_message_id_pk" PRIMARY KEY("tenant_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "federation_outbox" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"to_tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text DEFAULT '' NOT NULL,
	"subject_ref" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "federation_outbox_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "federation_outbox_other_tenant_check" CHECK ("federation_outbox"."to_tenant_id" <> "federation_outbox"."tenant_id"),
	CONSTRAINT "federation_outbox_attempts_check" CHECK ("federation_outbox"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "national_project" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"form" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"planned_hours" numeric(6, 1) NOT NULL,
	"credit_category" text NOT NULL,
	"state" text DEFAULT 'published' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_project_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "national_project_dates_check" CHECK ("national_project"."ends_on" >= "national_project"."starts_on"),
	CONSTRAINT "national_project_hours_check" CHECK ("national_project"."planned_hours" > 0 and "national_project"."planned_hours" <= 1000)
);
--> statement-breakpoint
CREATE TABLE "national_project_staff" (
	"tenant_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"class_code" text NOT NULL,
	"granted_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_project_staff_tenant_id_project_id_user_id_class_code_pk" PRIMARY KEY("tenant_id","project_id","user_id","class_code")
);
--> statement-breakpoint
CREATE TABLE "national_quota" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"province_tenant_id" uuid NOT NULL,
	"seats" integer NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"message_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_quota_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "national_quota_province_key" UNIQUE("tenant_id","project_id","province_tenant_id"),
	CONSTRAINT "national_quota_seats_check" CHECK ("national_quota"."seats" >= 0)
);
--> statement-breakpoint
CREATE TABLE "national_trainee" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"home_tenant_id" uuid NOT NULL,
	"ref" uuid NOT NULL,
	"name" text NOT NULL,
	"school" text NOT NULL,
	"subject" text NOT NULL,
	"home_province" text NOT NULL,
	"state" text DEFAULT 'enrolled' NOT NULL,
	"class_code" text DEFAULT '' NOT NULL,
	"hours_awarded" numeric(6, 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_trainee_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "national_trainee_ref_key" UNIQUE("tenant_id","project_id","home_tenant_id","ref")
);
--> statement-breakpoint
ALTER TABLE "project_decision" ALTER COLUMN "actor_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "quota_allocation" ALTER COLUMN "created_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "training_project" ALTER COLUMN "created_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "training_project" ADD COLUMN "national_tenant_id" uuid;--> statement-breakpoint
ALTER TABLE "training_project" ADD COLUMN "national_project_id" uuid;--> statement-breakpoint
ALTER TABLE "federation_inbox" ADD CONSTRAINT "federation_inbox_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "federation_outbox" ADD CONSTRAINT "federation_outbox_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "federation_outbox" ADD CONSTRAINT "federation_outbox_tenant_id_created_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","created_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_project" ADD CONSTRAINT "national_project_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_project" ADD CONSTRAINT "national_project_tenant_id_created_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","created_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_project_staff" ADD CONSTRAINT "national_project_staff_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_project_staff" ADD CONSTRAINT "national_project_staff_tenant_id_project_id_national_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."national_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_project_staff" ADD CONSTRAINT "national_project_staff_tenant_id_user_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_quota" ADD CONSTRAINT "national_quota_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_quota" ADD CONSTRAINT "national_quota_tenant_id_project_id_national_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."national_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_trainee" ADD CONSTRAINT "national_trainee_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_trainee" ADD CONSTRAINT "national_trainee_tenant_id_project_id_national_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."national_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "federation_inbox_received_idx" ON "federation_inbox" USING btree ("tenant_id","received_at");--> statement-breakpoint
CREATE INDEX "federation_outbox_state_idx" ON "federation_outbox" USING btree ("tenant_id","state","created_at");--> statement-breakpoint
CREATE INDEX "federation_outbox_created_idx" ON "federation_outbox" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "national_project_staff_user_idx" ON "national_project_staff" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "national_trainee_class_idx" ON "national_trainee" USING btree ("tenant_id","project_id","class_code");--> statement-breakpoint
CREATE UNIQUE INDEX "training_project_national_idx" ON "training_project" USING btree ("tenant_id","national_project_id") WHERE "training_project"."national_project_id" is not null;--> statement-breakpoint
ALTER TABLE "training_project" ADD CONSTRAINT "training_project_national_check" CHECK (("training_project"."national_project_id" is null) = ("training_project"."national_tenant_id" is null));