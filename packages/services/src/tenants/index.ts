import { resolveHost } from "@yanxiu/domain/tenant";
import type { Database, TenantRow } from "@yanxiu/db/client";

export type { TenantRow };

/** The tenant a request's Host names, or null when the host is unknown or names no tenant. */
export async function findTenantByHost(opts: {
  db: Database;
  host: string | null | undefined;
  appDomain: string;
}): Promise<TenantRow | null> {
  const r = resolveHost(opts.host, opts.appDomain);
  if (r.kind === "unknown") return null;
  if (r.kind === "platform") return opts.db.findTenant({ kind: "platform" });
  return opts.db.findTenant({ slug: r.slug });
}
