CREATE TABLE "project_assessment_item" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"max_score" integer DEFAULT 100 NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"due_on" date,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_assessment_item_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "project_assessment_item_max_check" CHECK ("project_assessment_item"."max_score" between 1 and 1000),
	CONSTRAINT "project_assessment_item_name_check" CHECK (length("project_assessment_item"."name") between 1 and 40)
);
--> statement-breakpoint
CREATE TABLE "project_score" (
	"tenant_id" uuid NOT NULL,
	"nomination_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"score" numeric(5, 1) NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_score_tenant_id_nomination_id_item_id_pk" PRIMARY KEY("tenant_id","nomination_id","item_id"),
	CONSTRAINT "project_score_range_check" CHECK ("project_score"."score" >= 0 and "project_score"."score" <= 1000)
);
--> statement-breakpoint
ALTER TABLE "nomination" ADD COLUMN "attended_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "training_project" ADD COLUMN "pass_percent" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "project_assessment_item" ADD CONSTRAINT "project_assessment_item_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_assessment_item" ADD CONSTRAINT "project_assessment_item_tenant_id_project_id_training_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."training_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_assessment_item" ADD CONSTRAINT "project_assessment_item_tenant_id_created_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","created_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_assessment_item" ADD CONSTRAINT "project_assessment_item_tenant_id_updated_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","updated_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_score" ADD CONSTRAINT "project_score_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_score" ADD CONSTRAINT "project_score_tenant_id_nomination_id_nomination_tenant_id_id_fk" FOREIGN KEY ("tenant_id","nomination_id") REFERENCES "public"."nomination"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_score" ADD CONSTRAINT "project_score_tenant_id_item_id_project_assessment_item_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."project_assessment_item"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_score" ADD CONSTRAINT "project_score_tenant_id_project_id_training_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."training_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_score" ADD CONSTRAINT "project_score_tenant_id_updated_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","updated_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_assessment_item_project_idx" ON "project_assessment_item" USING btree ("tenant_id","project_id");--> statement-breakpoint
CREATE INDEX "project_score_project_idx" ON "project_score" USING btree ("tenant_id","project_id");--> statement-breakpoint
CREATE INDEX "project_score_item_idx" ON "project_score" USING btree ("tenant_id","item_id");--> statement-breakpoint
ALTER TABLE "training_project" ADD CONSTRAINT "training_project_pass_check" CHECK ("training_project"."pass_percent" between 0 and 100);