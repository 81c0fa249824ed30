/**
 * Page weight (issue 15): the JavaScript and CSS a browser loads for the teacher's home and the course player,
 * in KB as sent gzipped (level 9, what a compressing proxy sends), read from the production build the `bench`
 * script makes just before. What a page loads is what Remix's browser manifest lists for it: the client entry
 * and its imports, then each matched route's module and imports (the root, then the page), deduplicated.
 *
 * Baseline, in the same run: the framework floor, the client entry alone (React, React DOM, Remix's runtime),
 * which every page pays. The budget this bench holds (exit code 1 when broken) is per page, over that floor.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { z } from "zod";

const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../build/client");

const ZRouteEntry = z.object({ module: z.string(), imports: z.array(z.string()).optional(), css: z.array(z.string()).optional() });
const ZManifest = z.object({ entry: ZRouteEntry, routes: z.record(z.string(), ZRouteEntry) });

function readManifest() {
  const assets = path.join(clientDir, "assets");
  const file = fs.readdirSync(assets).find((f) => /^manifest-[\w-]+\.js$/.test(f));
  if (!file) throw new Error(`no Remix browser manifest in ${assets}: run \`remix vite:build\` first`);
  const text = fs.readFileSync(path.join(assets, file), "utf8");
  return ZManifest.parse(JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)));
}

const gz = new Map<string, { raw: number; gzip: number }>();
function sizeOf(url: string) {
  let s = gz.get(url);
  if (!s) {
    const buf = fs.readFileSync(path.join(clientDir, url));
    s = { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
    gz.set(url, s);
  }
  return s;
}

function weigh(files: Iterable<string>) {
  let raw = 0;
  let gzip = 0;
  for (const f of new Set(files)) {
    const s = sizeOf(f);
    raw += s.raw;
    gzip += s.gzip;
  }
  return { raw, gzip };
}

const manifest = readManifest();
const entryJs = [manifest.entry.module, ...(manifest.entry.imports ?? [])];
function pageAssets(routeIds: string[]) {
  const js = [...entryJs];
  const css: string[] = [...(manifest.entry.css ?? [])];
  for (const id of routeIds) {
    const r = manifest.routes[id];
    if (!r) throw new Error(`route ${id} is not in the manifest`);
    js.push(r.module, ...(r.imports ?? []));
    css.push(...(r.css ?? []));
  }
  return { js, css };
}

// The root's stylesheets are <link>ed from its `links` export (not in the manifest's css): the built files.
const rootCss = fs.readdirSync(path.join(clientDir, "assets")).filter((f) => f.endsWith(".css")).map((f) => `/assets/${f}`);

const kb = (n: number) => (n / 1024).toFixed(1);
const floor = weigh(entryJs);
const pages: { name: string; routes: string[]; budgetKb: number }[] = [
  { name: "teacher home (/)", routes: ["root", "routes/_index"], budgetKb: 300 },
  { name: "course player (/learn/:course/:unit)", routes: ["root", "routes/learn.$courseId.$unitId"], budgetKb: 300 },
];

console.log(`page weight, gzip -9 (raw in brackets)`);
console.log(`  baseline: framework floor (client entry)      JS ${kb(floor.gzip)} KB (${kb(floor.raw)} KB)`);
let over = false;
for (const p of pages) {
  const { js, css } = pageAssets(p.routes);
  const w = weigh(js);
  const c = weigh([...css, ...rootCss]);
  const extra = w.gzip - floor.gzip;
  const ok = extra / 1024 <= p.budgetKb;
  if (!ok) over = true;
  console.log(
    `  ${p.name.padEnd(44)} JS ${kb(w.gzip)} KB (${kb(w.raw)} KB) = floor + ${kb(extra)} KB [budget ${p.budgetKb} KB over the floor: ${ok ? "held" : "BROKEN"}]; CSS ${kb(c.gzip)} KB (${kb(c.raw)} KB)`,
  );
}
process.exit(over ? 1 : 0);
