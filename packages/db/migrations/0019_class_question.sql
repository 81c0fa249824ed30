CREATE TABLE "live_class_question" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"classroom_id" uuid NOT NULL,
	"body" text NOT NULL,
	"asked_by" uuid NOT NULL,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_class_question_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "live_class_question_body_check" CHECK (char_length("live_class_question"."body") between 1 and 500)
);
--> statement-breakpoint
ALTER TABLE "live_class_question" ADD CONSTRAINT "live_class_question_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_class_question" ADD CONSTRAINT "live_class_question_tenant_id_classroom_id_live_classroom_tenant_id_id_fk" FOREIGN KEY ("tenant_id","classroom_id") REFERENCES "public"."live_classroom"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_class_question" ADD CONSTRAINT "live_class_question_tenant_id_asked_by_user_tenant_id_id_fk" FOREIGN KEY ("tenant_id","asked_by") REFERENCES "public"."user"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_class_question_classroom_idx" ON "live_class_question" USING btree ("tenant_id","classroom_id","created_at");