import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../migrations");

export type ClusterRoles = {
  database: string;
  owner: { name: string; password: string };
  app: { name: string; password: string };
  platform: { name: string; password: string };
};

/** Role names are fixed: the grants in the migrations name them. Passwords come from the environment. */
export const ownerRole = "yanxiu_owner";
export const appRole = "yanxiu_app";
/** The platform console's login: it may only run the platform_* functions (docs/decisions/017-platform-role.md). */
export const platformRole = "yanxiu_platform";

function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * As a superuser: create the owner role (owns the schema and runs migrations), the app role (NOSUPERUSER,
 * NOBYPASSRLS, owns nothing), the platform console's role (the same, and granted only EXECUTE on the
 * platform_* functions by the migrations) and the database. Safe to run again: it only creates what is
 * missing, and resets the three passwords to the given ones.
 */
export async function prepareCluster(superuserUrl: string, opts: { database: string; ownerPassword: string; appPassword: string; platformPassword: string }) {
  const sql = postgres(superuserUrl, { max: 1, onnotice: () => {} });
  try {
    for (const [role, pw, attrs] of [
      [ownerRole, opts.ownerPassword, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE"],
      [appRole, opts.appPassword, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB"],
      [platformRole, opts.platformPassword, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB"],
    ] as const) {
      const exists = await sql`select 1 from pg_roles where rolname = ${role}`;
      const verb = exists.length ? "ALTER" : "CREATE";
      await sql.unsafe(`${verb} ROLE ${quoteIdent(role)} WITH ${attrs} PASSWORD '${pw.replace(/'/g, "''")}'`);
    }
    const db = await sql`select 1 from pg_database where datname = ${opts.database}`;
    if (!db.length) await sql.unsafe(`CREATE DATABASE ${quoteIdent(opts.database)} OWNER ${quoteIdent(ownerRole)}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  // The public schema belongs to the owner, so only it can create tables there.
  const inDb = postgres(withDatabase(superuserUrl, opts.database), { max: 1, onnotice: () => {} });
  try {
    await inDb.unsafe(`ALTER SCHEMA public OWNER TO ${quoteIdent(ownerRole)}`);
    await inDb.unsafe(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  } finally {
    await inDb.end({ timeout: 5 });
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

/** Applies pending migrations as the owner role. */
export async function runMigrations(ownerUrl: string): Promise<void> {
  const client = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
}
