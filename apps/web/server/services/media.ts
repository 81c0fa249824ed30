import type { MediaServices } from "../../app/services/media.ts";
import type { TServiceDeps } from "./deps.ts";

export function createMediaServices(deps: TServiceDeps): MediaServices {
  void deps;
  return {};
}
