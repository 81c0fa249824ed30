import type { TRole } from "./roles.ts";

/**
 * Who may do what where in the org tree. One function decides it and every route uses it.
 *
 * A role is granted at an org unit and applies to everything under it. Org units carry a materialised
 * path of ids from the root (`/province/city/county/`), so "under" is a prefix test. A grant without an
 * org unit (a province admin made before the tree existed) covers the whole tenant.
 */
export type TGrant = { role: TRole; orgUnitId: string | null; orgPath: string | null };

export const adminRoles = ["provinceAdmin", "orgAdmin"] as const satisfies readonly TRole[];

export type TAction =
  /** See the unit, its subtree and the people in it. */
  | "org.view"
  /** Add a unit below. */
  | "org.createChild"
  /** Rename, move, deactivate the unit itself. */
  | "org.edit"
  | "people.view"
  | "people.edit"
  | "people.import"
  | "people.export"
  | "audit.view";

/** Actions on the unit itself that would let an admin change or escape their own scope. */
const structural: ReadonlySet<TAction> = new Set(["org.edit"]);

function isAdmin(g: TGrant): boolean {
  return (adminRoles as readonly TRole[]).includes(g.role);
}

/** The subtrees a person administers: paths, or "all" for the whole tenant. */
export function adminScope(grants: readonly TGrant[]): "all" | string[] {
  const admin = grants.filter(isAdmin);
  if (admin.some((g) => g.orgPath === null)) return "all";
  const paths = admin.map((g) => g.orgPath!).sort((a, b) => a.length - b.length);
  // Drop paths already inside a wider one.
  return paths.filter((p, i) => !paths.slice(0, i).some((q) => p.startsWith(q)));
}

/**
 * May a person with these grants do `action` on the unit at `targetPath` (or on people in it)?
 * Inside the scope: everything. At the root of one's own scope: everything but structural edits, so a
 * county admin cannot rename, move or deactivate their own county (a province admin at the root is the
 * exception: nobody above them). Outside: nothing.
 */
export function can(grants: readonly TGrant[], action: TAction, targetPath: string): boolean {
  for (const g of grants) {
    if (!isAdmin(g)) continue;
    if (g.orgPath === null) return true;
    if (!targetPath.startsWith(g.orgPath)) continue;
    if (targetPath !== g.orgPath) return true;
    if (!structural.has(action)) return true;
    if (g.role === "provinceAdmin" && g.orgPath.split("/").filter(Boolean).length === 1) return true;
  }
  return false;
}

/** Moving a unit needs the right to edit it and to add children under its new parent, and no cycle. */
export function canMove(grants: readonly TGrant[], unitPath: string, newParentPath: string): boolean {
  if (newParentPath.startsWith(unitPath)) return false;
  return can(grants, "org.edit", unitPath) && can(grants, "org.createChild", newParentPath);
}

/** Whether someone may open the administration pages at all. */
export function isAdministrator(grants: readonly TGrant[]): boolean {
  return grants.some(isAdmin);
}
