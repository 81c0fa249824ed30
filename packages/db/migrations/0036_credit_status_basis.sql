CREATE TABLE "credit_status_basis" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"scheme_version" integer,
	"policy_version" integer NOT NULL,
	"credit_year" integer NOT NULL,
	"computed_on" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_status_basis" ADD CONSTRAINT "credit_status_basis_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;