import { loadEnv } from "./env.ts";
import { startWorker } from "./worker.ts";

const worker = await startWorker(loadEnv()).catch((e: Error) => {
  console.error(`[worker] cannot start: ${e.message}`);
  process.exit(1);
});

let closing = false;
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    if (closing) return;
    closing = true;
    console.log(`[worker] ${sig}: finishing running jobs`);
    worker.close().then(
      () => process.exit(0),
      (e: Error) => {
        console.error(`[worker] close failed: ${e.message}`);
        process.exit(1);
      },
    );
  });
}
