ALTER TABLE "nomination" ADD COLUMN "class_id" uuid;--> statement-breakpoint
ALTER TABLE "nomination" ADD COLUMN "round" smallint;--> statement-breakpoint
ALTER TABLE "project_class" ADD COLUMN "cap" integer;--> statement-breakpoint
ALTER TABLE "project_class" ADD COLUMN "min_size" integer;--> statement-breakpoint
ALTER TABLE "project_class" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "project_class_plan" ADD COLUMN "two_round" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "project_class_plan" ADD COLUMN "round1_opens" date;--> statement-breakpoint
ALTER TABLE "project_class_plan" ADD COLUMN "round1_closes" date;--> statement-breakpoint
ALTER TABLE "project_class_plan" ADD COLUMN "round2_opens" date;--> statement-breakpoint
ALTER TABLE "project_class_plan" ADD COLUMN "round2_closes" date;--> statement-breakpoint
CREATE INDEX "nomination_class_idx" ON "nomination" USING btree ("tenant_id","class_id","state") WHERE "nomination"."class_id" is not null;--> statement-breakpoint
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_round_check" CHECK ("nomination"."round" is null or "nomination"."round" in (1, 2));--> statement-breakpoint
ALTER TABLE "project_class" ADD CONSTRAINT "project_class_cap_check" CHECK (("project_class"."cap" is null or "project_class"."cap" between 1 and 1000) and ("project_class"."min_size" is null or "project_class"."min_size" between 0 and "project_class"."cap"));--> statement-breakpoint
ALTER TABLE "project_class_plan" ADD CONSTRAINT "project_class_plan_rounds_check" CHECK (not "project_class_plan"."two_round" or ("project_class_plan"."round1_opens" <= "project_class_plan"."round1_closes" and "project_class_plan"."round1_closes" < "project_class_plan"."round2_opens" and "project_class_plan"."round2_opens" <= "project_class_plan"."round2_closes"));