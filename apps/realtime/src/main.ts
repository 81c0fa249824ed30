import { loadEnv } from "./env.ts";
import { startRealtime } from "./server.ts";

const server = await startRealtime(loadEnv()).catch((e: Error) => {
  console.error(`[realtime] cannot start: ${e.message}`);
  process.exit(1);
});

let closing = false;
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
