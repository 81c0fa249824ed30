import type { CreditsServices } from "../../app/services/credits.ts";
import type { TServiceDeps } from "./deps.ts";

export function createCreditsServices(deps: TServiceDeps): CreditsServices {
  void deps;
  return {};
}
