CREATE TABLE "project_credit_award" (
	"tenant_id" uuid NOT NULL,
	"nomination_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"teacher_id" uuid NOT NULL,
	"hours" numeric(8, 1) NOT NULL,
	"reason" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "project_credit_award_tenant_id_nomination_id_pk" PRIMARY KEY("tenant_id","nomination_id"),
	CONSTRAINT "project_credit_award_hours_check" CHECK ("project_credit_award"."hours" > 0),
	CONSTRAINT "project_credit_award_done_check" CHECK (("project_credit_award"."state" = 'pending') = ("project_credit_award"."done_at" is null))
);
--> statement-breakpoint
CREATE TABLE "project_credit_exception" (
	"tenant_id" uuid NOT NULL,
	"nomination_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"award" boolean NOT NULL,
	"hours" numeric(8, 1),
	"reason" text NOT NULL,
	"set_by" uuid NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_credit_exception_tenant_id_nomination_id_pk" PRIMARY KEY("tenant_id","nomination_id"),
	CONSTRAINT "project_credit_exception_hours_check" CHECK ("project_credit_exception"."hours" is null or ("project_credit_exception"."award" and "project_credit_exception"."hours" > 0))
);
--> statement-breakpoint
CREATE TABLE "project_credit_run" (
	"tenant_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"split" jsonb NOT NULL,
	"counts_for" date NOT NULL,
	"total" integer NOT NULL,
	"awarded" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"confirmed_by" uuid NOT NULL,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "project_credit_run_tenant_id_project_id_pk" PRIMARY KEY("tenant_id","project_id"),
	CONSTRAINT "project_credit_run_counts_check" CHECK ("project_credit_run"."total" >= 0 and "project_credit_run"."awarded" >= 0 and "project_credit_run"."skipped" >= 0 and "project_credit_run"."awarded" + "project_credit_run"."skipped" <= "project_credit_run"."total")
);
--> statement-breakpoint
ALTER TABLE "project_credit_award" ADD CONSTRAINT "project_credit_award_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_credit_award" ADD CONSTRAINT "project_credit_award_tenant_id_nomination_id_nomination_tenant_id_id_fk" FOREIGN KEY ("tenant_id","nomination_id") REFERENCES "public"."nomination"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_credit_award" ADD CONSTRAINT "project_credit_award_tenant_id_project_id_project_credit_run_tenant_id_project_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."project_credit_run"("tenant_id","project_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_credit_award" ADD CONSTRAINT "project_credit_award_tenant_id_teacher_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","teacher_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_credit_exception" ADD CONSTRAINT "project_credit_exception_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_credit_exception" ADD CONSTRAINT "project_credit_exception_tenant_id_nomination_id_nomination_tenant_id_id_fk" FOREIGN KEY ("tenant_id","nomination_id") REFERENCES "public"."nomination"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_credit_exception" ADD CONSTRAINT "project_credit_exception_tenant_id_project_id_training_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."training_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_credit_exception" ADD CONSTRAINT "project_credit_exception_tenant_id_set_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","set_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_credit_run" ADD CONSTRAINT "project_credit_run_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_credit_run" ADD CONSTRAINT "project_credit_run_tenant_id_project_id_training_project_tenant_id_id_fk" FOREIGN KEY ("tenant_id","project_id") REFERENCES "public"."training_project"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_credit_run" ADD CONSTRAINT "project_credit_run_tenant_id_confirmed_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","confirmed_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_credit_award_pending_idx" ON "project_credit_award" USING btree ("tenant_id","project_id","state");--> statement-breakpoint
CREATE INDEX "project_credit_exception_project_idx" ON "project_credit_exception" USING btree ("tenant_id","project_id");