import { sql } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { z } from "zod";
import { AppError } from "@yanxiu/domain/errors";
import * as schema from "./schema.ts";

type DrizzleDb = PostgresJsDatabase<typeof schema>;
/** A transaction whose `app.tenant_id` is set: the only handle app code gets on tenant data. */
export type Tx = Parameters<Parameters<DrizzleDb["transaction"]>[0]>[0];

export type TenantRow = typeof schema.tenant.$inferSelect;

export interface Database {
  /**
   * Runs `fn` in a transaction that first sets `app.tenant_id` (a bound parameter, transaction-local),
   * so every query in it sees only that tenant's rows under row-level security.
   */
  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** The tenant table is not tenant-owned (it is how a tenant is found); the app role may only read it. */
  findTenant(by: { slug: string } | { id: string } | { kind: "platform" }): Promise<TenantRow | null>;
  /** Every province tenant, for the platform console. */
  listTenants(): Promise<TenantRow[]>;
  /**
   * The province tenants with rollup deltas waiting to be folded (decision 033): one round trip, each
   * tenant probed under its own row-level security (the `rollup_deltas_pending` function), ids only.
   */
  tenantsWithRollupDeltas(): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const ZUuid = z.uuid();

export function createDatabase(url: string, opts: { max?: number; appName?: string } = {}): Database {
  const client = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    connection: { application_name: opts.appName ?? "yanxiu" },
  });
  const db: DrizzleDb = drizzle(client, { schema });

  return {
    async withTenant(tenantId, fn) {
      if (!ZUuid.safeParse(tenantId).success) throw new AppError("tenantNotFound", "tenant id is not a uuid");
      return db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
        return fn(tx);
      });
    },
    async findTenant(by) {
      const t = schema.tenant;
      let where;
      if ("slug" in by) where = sql`${t.slug} = ${by.slug} and ${t.kind} = 'province'`;
      else if ("id" in by) {
        if (!ZUuid.safeParse(by.id).success) return null;
        where = sql`${t.id} = ${by.id}`;
      } else where = sql`${t.kind} = 'platform'`;
      // There is one platform tenant (slug "platform"); tests may add platform-kind tenants of their own, which
      // must never answer for the platform host.
      const rows = await db
        .select()
        .from(t)
        .where(where)
        .orderBy(sql`(${t.slug} = 'platform') desc`, t.createdAt, t.id)
        .limit(1);
      return rows[0] ?? null;
    },
    async listTenants() {
      return db.select().from(schema.tenant).where(sql`${schema.tenant.kind} = 'province'`).orderBy(schema.tenant.code);
    },
    async tenantsWithRollupDeltas() {
      const rows = await client<{ id: string }[]>`
        select rollup_deltas_pending(array(select id from tenant where kind = 'province' order by id))::text as id`;
      return rows.map((r) => r.id);
    },
    async ping() {
      await client`select 1`;
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

/**
 * `db` with its withTenant running in the caller's open transaction `tx` (already set to `tenantId`) instead
 * of opening one: a read made of several service reads (a home page) then costs one transaction, one
 * BEGIN/set_config/COMMIT, instead of one per part. Another tenant is refused, never read in this one.
 */
export function sharingTransaction(db: Database, tx: Tx, tenantId: string): Database {
  return {
    ...db,
    async withTenant(id, fn) {
      if (id !== tenantId) throw new AppError("forbidden", "a shared transaction is for one tenant");
      return fn(tx);
    },
  };
}

/**
 * The platform console's connection, as `yanxiu_platform`: the only role that may run the platform_*
 * SECURITY DEFINER functions, the two writes to the tenant table (neither the app role nor PUBLIC may;
 * docs/decisions/017-platform-role.md). It can do nothing else: no table is granted to it.
 */
export interface PlatformDatabase {
  createProvinceTenant(values: { slug: string; name: string; code: string }): Promise<string>;
  setTenantStatus(id: string, status: "active" | "suspended"): Promise<boolean>;
  close(): Promise<void>;
}

export function createPlatformDatabase(url: string, opts: { max?: number; appName?: string } = {}): PlatformDatabase {
  const client = postgres(url, { max: opts.max ?? 2, onnotice: () => {}, connection: { application_name: opts.appName ?? "yanxiu-platform" } });
  return {
    async createProvinceTenant(v) {
      try {
        const rows = await client<{ id: string }[]>`select platform_create_tenant(${v.slug}, ${v.name}, ${v.code}) as id`;
        return rows[0]!.id;
      } catch (e) {
        if ((e as { code?: string }).code === "23505") throw new AppError("conflict", "slug taken", { slug: ["slugTaken"] });
        throw e;
      }
    },
    async setTenantStatus(id, status) {
      if (!ZUuid.safeParse(id).success) return false;
      const rows = await client<{ ok: boolean | null }[]>`select platform_set_tenant_status(${id}::uuid, ${status}) as ok`;
      return rows[0]?.ok === true;
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

export interface OwnerDatabase extends Database {
  /** Creates or updates a tenant by slug. Only the owner role may write the tenant table. */
  upsertTenant(values: {
    slug: string;
    name: string;
    code: string;
    kind?: "province" | "platform";
    status?: "active" | "suspended";
  }): Promise<TenantRow>;
}

/**
 * A connection as the owner role, for migrations, seeding and tests. The owner is subject to the
 * forced row-level security too, so tenant data still goes through withTenant.
 */
export function createOwnerDatabase(url: string, opts: { max?: number } = {}): OwnerDatabase {
  const base = createDatabase(url, { max: opts.max ?? 4, appName: "yanxiu-owner" });
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const db: DrizzleDb = drizzle(client, { schema });
  return {
    ...base,
    async upsertTenant(values) {
      const rows = await db
        .insert(schema.tenant)
        .values(values)
        .onConflictDoUpdate({
          target: schema.tenant.slug,
          set: { name: values.name, code: values.code, ...(values.status ? { status: values.status } : {}) },
        })
        .returning();
      return rows[0]!;
    },
    async close() {
      await Promise.all([base.close(), client.end({ timeout: 5 })]);
    },
  };
}

/**
 * `COPY <target> FROM STDIN` inside the caller's transaction (so `app.tenant_id` and row-level security
 * apply as to any other statement in it), fed from `lines`: rows in COPY's text format, each ending in
 * "\n" (see `copyText`). For bulk loads (the roster import stages 100,000 rows with it); `target` is SQL
 * written by the caller, never user input.
 */
export async function copyInto(tx: Tx, target: string, lines: Iterable<string> | AsyncIterable<string>): Promise<void> {
  // drizzle keeps the transaction's postgres.js handle on its session; postgres.js streams COPY from it.
  const client = (tx as unknown as { session: { client: postgres.TransactionSql } }).session.client;
  const writable = await client.unsafe(`copy ${target} from stdin`).writable();
  await pipeline(Readable.from(lines), writable);
}

/** One value in COPY's text format: \N for null, and the characters COPY gives a meaning escaped. */
export function copyText(v: string | number | boolean | null): string {
  if (v === null) return "\\N";
  if (typeof v !== "string") return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}
