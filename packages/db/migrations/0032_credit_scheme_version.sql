CREATE TABLE "credit_scheme_version" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"effective_from" date NOT NULL,
	"scheme" jsonb NOT NULL,
	"template" text,
	"created_by" uuid,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_scheme_version_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "credit_scheme_version_number_key" UNIQUE("tenant_id","version"),
	CONSTRAINT "credit_scheme_version_status_check" CHECK ("credit_scheme_version"."status" in ('draft', 'published')),
	CONSTRAINT "credit_scheme_version_published_check" CHECK (("credit_scheme_version"."status" = 'published') = ("credit_scheme_version"."published_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "credit_scheme_version" ADD CONSTRAINT "credit_scheme_version_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_scheme_version_one_draft" ON "credit_scheme_version" USING btree ("tenant_id") WHERE status = 'draft';--> statement-breakpoint
-- Issue 17 (decision 025): credit scheme versions. Forced row-level security like every tenant table; the app
-- role may edit and discard a draft, but a published version is history: the trigger refuses any update or
-- delete of it (and turning a row back into a draft), whoever asks.
ALTER TABLE "credit_scheme_version" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "credit_scheme_version" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "credit_scheme_version"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "credit_scheme_version" TO yanxiu_app;--> statement-breakpoint
CREATE FUNCTION credit_scheme_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'a published credit scheme version is immutable' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER credit_scheme_version_immutable BEFORE UPDATE OR DELETE ON "credit_scheme_version"
  FOR EACH ROW EXECUTE FUNCTION credit_scheme_version_immutable();
