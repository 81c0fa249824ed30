CREATE TABLE "roster_import" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"actor_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_key" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total_rows" integer,
	"checked_rows" integer DEFAULT 0 NOT NULL,
	"written_rows" integer DEFAULT 0 NOT NULL,
	"rejected_rows" integer DEFAULT 0 NOT NULL,
	"report_key" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "roster_import_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "teacher_profile" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"teacher_no" text NOT NULL,
	"name" text NOT NULL,
	"gender" text NOT NULL,
	"phone" text NOT NULL,
	"email" text,
	"school_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"stages" text[] DEFAULT '{}'::text[] NOT NULL,
	"subjects" text[] DEFAULT '{}'::text[] NOT NULL,
	"title" text,
	"backbone_level" text,
	"rural" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teacher_profile_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id"),
	CONSTRAINT "teacher_profile_teacher_no_key" UNIQUE("tenant_id","teacher_no")
);
--> statement-breakpoint
CREATE TABLE "teacher_transfer" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"from_school_id" uuid,
	"to_school_id" uuid NOT NULL,
	"actor_id" uuid,
	"moved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teacher_transfer_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
DROP INDEX "org_unit_tenant_path_idx";--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "target" text;--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "ip" text;--> statement-breakpoint
ALTER TABLE "org_unit" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "roster_import" ADD CONSTRAINT "roster_import_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_profile" ADD CONSTRAINT "teacher_profile_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_profile" ADD CONSTRAINT "teacher_profile_tenant_id_user_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_profile" ADD CONSTRAINT "teacher_profile_tenant_id_school_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","school_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_transfer" ADD CONSTRAINT "teacher_transfer_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teacher_transfer" ADD CONSTRAINT "teacher_transfer_tenant_id_user_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "roster_import_created_idx" ON "roster_import" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "teacher_profile_path_name_idx" ON "teacher_profile" USING btree ("tenant_id","org_path" text_pattern_ops,"name","user_id");--> statement-breakpoint
CREATE INDEX "teacher_profile_name_idx" ON "teacher_profile" USING btree ("tenant_id","name","user_id");--> statement-breakpoint
CREATE INDEX "teacher_profile_phone_idx" ON "teacher_profile" USING btree ("tenant_id","phone");--> statement-breakpoint
CREATE INDEX "teacher_transfer_user_idx" ON "teacher_transfer" USING btree ("tenant_id","user_id","moved_at");--> statement-breakpoint
CREATE INDEX "org_unit_tenant_name_idx" ON "org_unit" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "org_unit_tenant_path_idx" ON "org_unit" USING btree ("tenant_id","path" text_pattern_ops);