import { readRollup, requestRollup } from "@yanxiu/services/rollups";
import type { RollupsServices } from "../../app/services/rollups.ts";
import type { TServiceDeps } from "./deps.ts";

export function createRollupsServices(deps: TServiceDeps): RollupsServices {
  const { db, producer } = deps;
  return {
    read: (opts) => readRollup({ ...opts, db }),
    request: (opts) => requestRollup({ ...opts, producer }),
  };
}
