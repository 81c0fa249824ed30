import type { Job } from "bullmq";
import type { TWorkerDeps } from "./deps.ts";

/** STUB: the certificate job handler (issue 5). Replaced by the real one; it fails every job so none is lost silently. */
export function createCertificateHandler(deps: TWorkerDeps) {
  return async (job: Job) => {
    void deps;
    throw new Error(`${job.name}: not implemented yet`);
  };
}
