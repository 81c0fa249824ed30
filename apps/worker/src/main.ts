import { closeOnSignals } from "@yanxiu/services/lifecycle";
import { loadEnv } from "./env.ts";
import { startWorker } from "./worker.ts";

const worker = await startWorker(loadEnv()).catch((e: Error) => {
  console.error(`[worker] cannot start: ${e.message}`);
  process.exit(1);
});
// Running jobs finish before the process exits.
closeOnSignals("worker", () => worker.close());
