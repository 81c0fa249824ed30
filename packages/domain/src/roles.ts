import { z } from "zod";

export const roles = ["platformOperator", "provinceAdmin", "orgAdmin", "reviewer", "trainer", "masterTeacher", "teacher"] as const;
export const ZRole = z.enum(roles);
export type TRole = z.infer<typeof ZRole>;

/** The role that decides which home page a person sees, when they hold several. */
export function primaryRole(held: readonly TRole[]): TRole {
  for (const r of roles) if (held.includes(r)) return r;
  return "teacher";
}
