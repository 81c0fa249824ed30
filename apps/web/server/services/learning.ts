import type { LearningServices } from "../../app/services/learning.ts";
import type { TServiceDeps } from "./deps.ts";

export function createLearningServices(deps: TServiceDeps): LearningServices {
  void deps;
  return {};
}
