import type { ServerBuild } from "@remix-run/node";
import { loadEnv } from "./server/env.ts";
import { createWebApp } from "./server/app.ts";

const env = loadEnv();
// @ts-expect-error the build exists only after `remix vite:build`
const build = (await import("./build/server/index.js")) as ServerBuild;
const web = await createWebApp(env, build);
const server = web.app.listen(env.PORT, "127.0.0.1", () => {
  console.log(`[web] listening on http://127.0.0.1:${env.PORT} (tenants at http://{slug}.${env.APP_DOMAIN}:${env.PORT})`);
});

let closing = false;
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    if (closing) return;
    closing = true;
    server.close(() => {
      void web.close().then(() => process.exit(0));
    });
    server.closeAllConnections();
  });
}
