import type { TSession, TSessionUser, TSessionValidation } from "@yanxiu/db/auth";

/** What server.ts hands every loader and action (types only: the browser bundle never sees the db). */
export type WebServices = {
  signIn(opts: { tenantId: string; input: unknown; ip: string }): Promise<{ token: string; session: TSession; userId: string }>;
  signOut(opts: { tenantId: string; token: string }): Promise<void>;
  validateSession(opts: { tenantId: string; token: string | null }): Promise<TSessionValidation>;
};

export type TRequestTenant = { id: string; slug: string; name: string; kind: "province" | "platform"; status: "active" | "suspended" };

export type WebLoadContext = {
  services: WebServices;
  tenant: TRequestTenant | null;
  user: TSessionUser | null;
  sessionToken: string | null;
  clientIp: string;
  cookieSecure: boolean;
  realtimePort: number;
};

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends WebLoadContext {}
}
