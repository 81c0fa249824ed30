export { hashPassword, verifyPassword } from "./password.ts";
export {
  createSession,
  generateSessionToken,
  invalidateSession,
  invalidateUserSessions,
  loadGrants,
  sessionIdFromToken,
  validateSessionToken,
  type TSession,
  type TSessionUser,
  type TSessionValidation,
} from "./session.ts";
export { signIn, type SignInOptions } from "./sign-in.ts";
export { changePassword, ZChangePasswordInput } from "./change-password.ts";
export { signInAudited } from "./sign-in-audited.ts";
export { signOut } from "./sign-out.ts";
