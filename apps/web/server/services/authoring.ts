import type { AuthoringServices } from "../../app/services/authoring.ts";
import type { TServiceDeps } from "./deps.ts";

export function createAuthoringServices(deps: TServiceDeps): AuthoringServices {
  void deps;
  return {};
}
