import { openFile, storeUpload } from "@yanxiu/services/media";
import type { MediaServices } from "../../app/services/media.ts";
import type { TServiceDeps } from "./deps.ts";

export function createMediaServices(deps: TServiceDeps): MediaServices {
  const { db, files } = deps;
  return {
    storeUpload: (opts) => storeUpload({ ...opts, db, files }),
    openFile: (opts) => openFile({ ...opts, db, files }),
  };
}
