import { closeOnSignals } from "@yanxiu/services/lifecycle";
import { loadEnv } from "./env.ts";
import { startRealtime } from "./server.ts";

const server = await startRealtime(loadEnv()).catch((e: Error) => {
  console.error(`[realtime] cannot start: ${e.message}`);
  process.exit(1);
});
closeOnSignals("realtime", () => server.close());
