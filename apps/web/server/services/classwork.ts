import type { ClassworkServices } from "../../app/services/classwork.ts";
import type { TServiceDeps } from "./deps.ts";

export function createClassworkServices(deps: TServiceDeps): ClassworkServices {
  void deps;
  return {
    // STUB until the classwork work lands.
    async unitPanel() {
      return null;
    },
  };
}
