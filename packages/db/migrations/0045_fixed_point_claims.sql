CREATE TABLE "fixed_point_claim" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"teacher_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"title_key" text NOT NULL,
	"happened_on" date NOT NULL,
	"description" text NOT NULL,
	"scheme_version" integer NOT NULL,
	"scheme_key" text NOT NULL,
	"unit" text NOT NULL,
	"value" numeric(8, 1) NOT NULL,
	"yearly_cap" numeric(8, 1),
	"chain" text[] NOT NULL,
	"step_unit_ids" uuid[] NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"acting_unit_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"last_reason" text,
	"award_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fixed_point_claim_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "fixed_point_claim_step_check" CHECK ("fixed_point_claim"."step" >= 0 and "fixed_point_claim"."step" < cardinality("fixed_point_claim"."step_unit_ids") and cardinality("fixed_point_claim"."chain") = cardinality("fixed_point_claim"."step_unit_ids"))
);
--> statement-breakpoint
CREATE TABLE "fixed_point_claim_file" (
	"tenant_id" uuid NOT NULL,
	"claim_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"file_id" uuid NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fixed_point_claim_file_tenant_id_claim_id_round_file_id_pk" PRIMARY KEY("tenant_id","claim_id","round","file_id")
);
--> statement-breakpoint
CREATE TABLE "fixed_point_decision" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"claim_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"step" integer NOT NULL,
	"action" text NOT NULL,
	"level" text NOT NULL,
	"for_unit_id" uuid NOT NULL,
	"acting_unit_id" uuid,
	"actor_id" uuid NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fixed_point_decision_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "credit_award" ADD COLUMN "fixed_point" text;--> statement-breakpoint
ALTER TABLE "fixed_point_claim" ADD CONSTRAINT "fixed_point_claim_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_point_claim" ADD CONSTRAINT "fixed_point_claim_tenant_id_teacher_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","teacher_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_point_claim" ADD CONSTRAINT "fixed_point_claim_tenant_id_acting_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","acting_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_point_claim" ADD CONSTRAINT "fixed_point_claim_tenant_id_award_id_credit_award_tenant_id_id_fk" FOREIGN KEY ("tenant_id","award_id") REFERENCES "public"."credit_award"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_point_claim_file" ADD CONSTRAINT "fixed_point_claim_file_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_point_claim_file" ADD CONSTRAINT "fixed_point_claim_file_tenant_id_claim_id_fixed_point_claim_tenant_id_id_fk" FOREIGN KEY ("tenant_id","claim_id") REFERENCES "public"."fixed_point_claim"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_point_claim_file" ADD CONSTRAINT "fixed_point_claim_file_tenant_id_file_id_stored_file_tenant_id_id_fk" FOREIGN KEY ("tenant_id","file_id") REFERENCES "public"."stored_file"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_point_decision" ADD CONSTRAINT "fixed_point_decision_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_point_decision" ADD CONSTRAINT "fixed_point_decision_tenant_id_claim_id_fixed_point_claim_tenant_id_id_fk" FOREIGN KEY ("tenant_id","claim_id") REFERENCES "public"."fixed_point_claim"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_point_decision" ADD CONSTRAINT "fixed_point_decision_tenant_id_for_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","for_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_point_decision" ADD CONSTRAINT "fixed_point_decision_tenant_id_acting_unit_id_org_unit_tenant_id_id_fk" FOREIGN KEY ("tenant_id","acting_unit_id") REFERENCES "public"."org_unit"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_point_decision" ADD CONSTRAINT "fixed_point_decision_tenant_id_actor_id_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","actor_id") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fixed_point_claim_title_key" ON "fixed_point_claim" USING btree ("tenant_id","teacher_id","kind","title_key") WHERE "fixed_point_claim"."status" in ('pending', 'approved');--> statement-breakpoint
CREATE INDEX "fixed_point_claim_queue_idx" ON "fixed_point_claim" USING btree ("tenant_id","acting_unit_id","created_at") WHERE "fixed_point_claim"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "fixed_point_claim_teacher_idx" ON "fixed_point_claim" USING btree ("tenant_id","teacher_id","created_at");--> statement-breakpoint
CREATE INDEX "fixed_point_claim_file_file_idx" ON "fixed_point_claim_file" USING btree ("tenant_id","file_id");--> statement-breakpoint
CREATE INDEX "fixed_point_decision_claim_idx" ON "fixed_point_decision" USING btree ("tenant_id","claim_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "fixed_point_decision_step_key" ON "fixed_point_decision" USING btree ("tenant_id","claim_id","round","step") WHERE "fixed_point_decision"."action" in ('pass', 'return', 'reject');