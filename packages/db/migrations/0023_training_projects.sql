CREATE TABLE "nomination" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"allocation_id" uuid NOT NULL,
	"nominating_unit_id" uuid NOT NULL,
	"teacher_id" uuid NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text DEFAULT 'reviewing' NOT NULL,
	"awaiting_unit_id" uuid,
	"replaces_id" uuid,
	"last_reason" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nomination_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "nomination_awaiting_check" CHECK (("nomination"."state" = 'reviewing') = ("nomination"."awaiting_unit_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "project_decision" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"nomination_id" uuid,
	"allocation_id" uuid,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"at_unit_id" uuid,
	"actor_id" uuid NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_decision_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "quota_allocation" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"parent_id" uuid,
	"quota_key" text DEFAULT '' NOT NULL,
	"seats" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quota_allocation_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "quota_allocation_unit_key" UNIQUE("tenant_id","project_id","org_unit_id","quota_key"),
	CONSTRAINT "quota_allocation_seats_check" CHECK ("quota_allocation"."seats" >= 0)
);
--> statement-breakpoint
CREATE TABLE "training_project" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"owner_unit_id" uuid NOT NULL,
	"level" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"form" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"planned_hours" numeric(6, 1) NOT NULL,
	"credit_category" text NOT NULL,
	"organiser_level" text NOT NULL,
	"target_roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"subjects" text[] DEFAULT '{}'::text[] NOT NULL,
	"stages" text[] DEFAULT '{}'::text[] NOT NULL,
	"capacity" integer DEFAULT 0 NOT NULL,
	"enrolment_mode" text NOT NULL,
	"needs_approval" boolean DEFAULT false NOT NULL,
	"required_days" integer DEFAULT 0 NOT NULL,
	"quota_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"info_form" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_project_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "training_project_dates_check" CHECK ("training_project"."ends_on" >= "training_project"."starts_on"),
	CONSTRAINT "training_project_hours_check" CHECK ("training_project"."planned_hours" > 0 and "training_project"."planned_hours" <= 1000),
	CONSTRAINT "training_project_capacity_check" CHECK ("training_project"."capacity" >= 0),
	CONSTRAINT "training_project_days_check" CHECK ("training_project"."required_days" between 0 and 366)
);
--> statement-breakpoint
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_tenant_id_project_id_training_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."training_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_tenant_id_allocation_id_quota_allocation_tenant_id_id_fk" FOREIGN KEY ("tenant_id","allocation_id") REFERENCES "public"."quota_allocation"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_tenant_id_nominating_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","nominating_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_tenant_id_awaiting_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","awaiting_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_tenant_id_teacher_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","teacher_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_tenant_id_replaces_id_nomination_tenant_id_id_fk" FOREIGN KEY ("tenant_id","replaces_id") REFERENCES "public"."nomination"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_decision" ADD CONSTRAINT "project_decision_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_decision" ADD CONSTRAINT "project_decision_tenant_id_project_id_training_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."training_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_decision" ADD CONSTRAINT "project_decision_tenant_id_nomination_id_nomination_tenant_id_id_fk" FOREIGN KEY ("tenant_id","nomination_id") REFERENCES "public"."nomination"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_decision" ADD CONSTRAINT "project_decision_tenant_id_allocation_id_quota_allocation_tenant_id_id_fk" FOREIGN KEY ("tenant_id","allocation_id") REFERENCES "public"."quota_allocation"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_decision" ADD CONSTRAINT "project_decision_tenant_id_at_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","at_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_decision" ADD CONSTRAINT "project_decision_tenant_id_actor_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","actor_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_allocation" ADD CONSTRAINT "quota_allocation_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_allocation" ADD CONSTRAINT "quota_allocation_tenant_id_project_id_training_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."training_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_allocation" ADD CONSTRAINT "quota_allocation_tenant_id_org_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","org_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_allocation" ADD CONSTRAINT "quota_allocation_tenant_id_parent_id_quota_allocation_tenant_id_id_fk" FOREIGN KEY ("tenant_id","parent_id") REFERENCES "public"."quota_allocation"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_project" ADD CONSTRAINT "training_project_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_project" ADD CONSTRAINT "training_project_tenant_id_owner_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","owner_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_project" ADD CONSTRAINT "training_project_tenant_id_created_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","created_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "nomination_project_idx" ON "nomination" USING btree ("tenant_id","project_id","created_at");--> statement-breakpoint
CREATE INDEX "nomination_allocation_idx" ON "nomination" USING btree ("tenant_id","allocation_id","state");--> statement-breakpoint
CREATE INDEX "nomination_awaiting_idx" ON "nomination" USING btree ("tenant_id","project_id","awaiting_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "nomination_teacher_idx" ON "nomination" USING btree ("tenant_id","project_id","teacher_id") WHERE "nomination"."state" in ('reviewing', 'approved', 'withdrawn');--> statement-breakpoint
CREATE UNIQUE INDEX "nomination_replaces_idx" ON "nomination" USING btree ("tenant_id","replaces_id") WHERE "nomination"."replaces_id" is not null;--> statement-breakpoint
CREATE INDEX "project_decision_project_idx" ON "project_decision" USING btree ("tenant_id","project_id","occurred_at");--> statement-breakpoint
CREATE INDEX "project_decision_nomination_idx" ON "project_decision" USING btree ("tenant_id","nomination_id","occurred_at");--> statement-breakpoint
CREATE INDEX "quota_allocation_parent_idx" ON "quota_allocation" USING btree ("tenant_id","parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quota_allocation_root_idx" ON "quota_allocation" USING btree ("tenant_id","project_id") WHERE "quota_allocation"."parent_id" is null;--> statement-breakpoint
CREATE INDEX "training_project_owner_idx" ON "training_project" USING btree ("tenant_id","owner_unit_id");--> statement-breakpoint
CREATE INDEX "training_project_created_idx" ON "training_project" USING btree ("tenant_id","created_at");