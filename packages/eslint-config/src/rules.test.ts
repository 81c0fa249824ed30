import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { config } from "../index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

async function ruleIds(code: string, file: string, opts: Parameters<typeof config>[0] = {}) {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config(opts) });
  const [res] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return res!.messages.map((m) => m.ruleId);
}

describe("architecture lint rules", () => {
  it("nothing may import from an app", async () => {
    expect(await ruleIds(`import { x } from "@yanxiu/web/server";\nexport const y = x;\n`, "packages/db/src/a.ts")).toContain("no-restricted-imports");
    expect(await ruleIds(`import { x } from "../../apps/worker/src/worker.ts";\nexport const y = x;\n`, "packages/db/src/a.ts")).toContain("no-restricted-imports");
  });

  it("packages/domain may import zod and its own files only", async () => {
    const domain = { domain: true };
    expect(await ruleIds(`import fs from "node:fs";\nexport const y = fs;\n`, "packages/domain/src/a.ts", domain)).toContain("no-restricted-imports");
    expect(await ruleIds(`import { x } from "@yanxiu/db/client";\nexport const y = x;\n`, "packages/domain/src/a.ts", domain)).toContain("no-restricted-imports");
    expect(await ruleIds(`import { z } from "zod";\nimport { y } from "./b.ts";\nexport const v = [z, y];\n`, "packages/domain/src/a.ts", domain)).toEqual([]);
  });

  it("packages/domain touches no I/O globals", async () => {
    expect(await ruleIds(`export const f = () => fetch("http://x");\n`, "packages/domain/src/a.ts", { domain: true })).toContain("no-restricted-globals");
  });

  it("the layers import downwards only: db never imports services, services never ui, ui neither db nor services", async () => {
    const bad = (spec: string) => `import { x } from "${spec}";\nexport const y = x;\n`;
    expect(await ruleIds(bad("@yanxiu/services/people"), "packages/db/src/a.ts", { layer: "db" })).toContain("no-restricted-imports");
    expect(await ruleIds(bad("@yanxiu/ui/shell"), "packages/services/src/a.ts", { layer: "services" })).toContain("no-restricted-imports");
    expect(await ruleIds(bad("@yanxiu/db/client"), "packages/ui/src/a.ts", { layer: "ui" })).toContain("no-restricted-imports");
    expect(await ruleIds(bad("@yanxiu/services/credits"), "packages/ui/src/a.ts", { layer: "ui" })).toContain("no-restricted-imports");
    expect(await ruleIds(bad("@yanxiu/db/schema"), "packages/services/src/a.ts", { layer: "services" })).toEqual([]);
    expect(await ruleIds(bad("@yanxiu/domain/errors"), "packages/db/src/a.ts", { layer: "db" })).toEqual([]);
  });

  it("process.env is read only in env.ts", async () => {
    expect(await ruleIds(`export const u = process.env.DATABASE_URL;\n`, "apps/worker/src/worker.ts")).toContain("no-restricted-syntax");
    expect(await ruleIds(`export const u = process.env.DATABASE_URL;\n`, "apps/worker/src/env.ts")).toEqual([]);
  });
});
