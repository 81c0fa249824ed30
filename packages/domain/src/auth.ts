import { z } from "zod";

export const ZLogin = z
  .string()
  .trim()
  .min(1, "required")
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, "login")
  // Logins are case-insensitive: stored and compared in lower case.
  .transform((s) => s.toLowerCase());

export const ZSignInInput = z.object({
  login: ZLogin,
  password: z.string().min(1, "required").max(256),
  redirectTo: z.string().max(512).optional(),
});
export type TSignInInput = z.infer<typeof ZSignInInput>;

/** Sessions: 30 days, renewed when less than 15 remain (Lucia's sliding expiry). */
export const sessionPolicy = {
  lifetimeMs: 30 * 24 * 60 * 60 * 1000,
  renewWithinMs: 15 * 24 * 60 * 60 * 1000,
  cookieName: "yx_session",
} as const;

/** Sign-in throttling: failures allowed within the window before the account or IP is held off. */
export const throttlePolicy = {
  windowSeconds: 15 * 60,
  maxFailuresPerAccount: 5,
  maxFailuresPerIp: 30,
} as const;

/** Only same-site relative paths may be redirected to after sign-in (no open redirects). */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
