import type { ServerBuild } from "@remix-run/node";
import { closeOnSignals } from "@yanxiu/services/lifecycle";
import { loadEnv } from "./server/env.ts";
import { createWebApp } from "./server/app.ts";

const env = loadEnv();
// @ts-expect-error the build exists only after `remix vite:build`
const build = (await import("./build/server/index.js")) as ServerBuild;
const web = await createWebApp(env, build);
const server = web.app.listen(env.PORT, "127.0.0.1", () => {
  console.log(`[web] listening on http://127.0.0.1:${env.PORT} (tenants at http://{slug}.${env.APP_DOMAIN}:${env.PORT})`);
});

closeOnSignals("web", async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await web.close();
});
