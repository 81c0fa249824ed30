import { z } from "zod";

/** A tenant's slug is its sub-domain: `hunan` in `hunan.localhost`. */
export const ZTenantSlug = z
  .string()
  .min(2)
  .max(32)
  .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, "slug: lower-case letters, digits and hyphens");

/** GB/T 2260 province code (two digits); the platform tenant uses 00. */
export const ZTenantCode = z.string().regex(/^\d{2}$/);

export const tenantStatuses = ["active", "suspended"] as const;
export const ZTenantStatus = z.enum(tenantStatuses);
export type TTenantStatus = z.infer<typeof ZTenantStatus>;

export const tenantKinds = ["province", "platform"] as const;
export type TTenantKind = (typeof tenantKinds)[number];

export type THostResolution =
  | { kind: "platform" }
  | { kind: "tenant"; slug: string }
  | { kind: "unknown" };

/**
 * Which tenant a Host header names. `{slug}.{appDomain}` is a province; the bare app domain is the
 * platform operator's host; anything else (another domain, nested sub-domains, a bad slug) is unknown.
 * The port is ignored.
 */
export function resolveHost(host: string | null | undefined, appDomain: string): THostResolution {
  if (!host) return { kind: "unknown" };
  const name = host.trim().toLowerCase().replace(/:\d+$/, "");
  const domain = appDomain.toLowerCase();
  if (name === domain) return { kind: "platform" };
  if (!name.endsWith(`.${domain}`)) return { kind: "unknown" };
  const slug = name.slice(0, -(domain.length + 1));
  if (!ZTenantSlug.safeParse(slug).success) return { kind: "unknown" };
  return { kind: "tenant", slug };
}

/** The realtime room every socket of one tenant joins. Room names always carry the tenant id. */
export function tenantRoom(tenantId: string): string {
  return `tenant:${tenantId}`;
}

/** What the platform operator fills in to open a province: the tenant and its first province admin. */
export const ZCreateTenantInput = z
  .object({
    slug: ZTenantSlug.refine((s) => s !== "platform" && s !== "www", "reserved"),
    name: z.string().trim().min(2, "required").max(40, "tooLong"),
    code: ZTenantCode,
    adminLogin: z
      .string()
      .trim()
      .min(1, "required")
      .max(64)
      .regex(/^[A-Za-z0-9._@-]+$/, "login")
      .transform((s) => s.toLowerCase()),
    adminName: z.string().trim().min(1, "required").max(40, "tooLong"),
  })
  .strict();

export const ZSetTenantStatusInput = z.object({ tenantId: z.uuid("notFound"), status: ZTenantStatus }).strict();
