export { createOrgUnit } from "./create-org-unit.ts";
export { deactivateOrgUnit } from "./deactivate-org-unit.ts";
export { listOrgChildren, type TOrgNode } from "./list-org-children.ts";
export { moveOrgUnit } from "./move-org-unit.ts";
export { renameOrgUnit } from "./rename-org-unit.ts";
export { inScope, loadUnitFor, underPath, type TActor } from "./scope.ts";
export { searchOrgUnits } from "./search-org-units.ts";
