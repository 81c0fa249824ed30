ALTER TABLE "roster_import" ADD COLUMN "created_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "roster_import" ADD COLUMN "updated_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "roster_import" ADD COLUMN "unchanged_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "roster_import" ADD COLUMN "notes" text[] DEFAULT '{}'::text[] NOT NULL;