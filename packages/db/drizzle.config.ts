import { defineConfig } from "drizzle-kit";

// Only `generate` uses this (no database needed); migrations are applied by src/migrate.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema.ts",
  out: "./migrations",
});
