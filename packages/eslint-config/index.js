// Shared lint rules. Besides style, they hold the architecture in place:
// - nothing imports from apps/* (apps are leaves);
// - packages/domain imports zod and itself only, and touches no I/O globals;
// - process.env is read in one env.ts per app or package;
// - the layers import downwards only: domain <- db <- services <- apps, and ui sees neither db nor services.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const noAppImports = {
  patterns: [
    { group: ["@yanxiu/web", "@yanxiu/web/*", "@yanxiu/realtime", "@yanxiu/realtime/*", "@yanxiu/worker", "@yanxiu/worker/*"], message: "Nothing imports from apps/*: move shared code into a package." },
    { regex: "(^|/)apps/", message: "Nothing imports from apps/*: move shared code into a package." },
  ],
};

/** What each layer may not import (besides apps, which nobody imports). */
const layerBans = {
  db: [{ group: ["@yanxiu/services", "@yanxiu/services/*", "@yanxiu/ui", "@yanxiu/ui/*"], message: "packages/db is persistence only: it imports domain, never services or ui." }],
  services: [{ group: ["@yanxiu/ui", "@yanxiu/ui/*"], message: "packages/services holds business rules and adapters: it imports db and domain, never ui." }],
  ui: [{ group: ["@yanxiu/db", "@yanxiu/db/*", "@yanxiu/services", "@yanxiu/services/*"], message: "packages/ui is presentation: it may import domain types, never db or services." }],
};

/** @param {{ domain?: boolean, layer?: "db" | "services" | "ui", envFiles?: string[] }} [opts] */
export function config(opts = {}) {
  const envFiles = opts.envFiles ?? ["**/env.ts"];
  return tseslint.config(
    { ignores: ["**/build/**", "**/node_modules/**", "**/.cache/**", "**/migrations/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
      rules: {
        "no-restricted-imports": ["error", { patterns: [...noAppImports.patterns, ...(opts.layer ? layerBans[opts.layer] : [])] }],
        "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
        "no-restricted-syntax": [
          "error",
          { selector: "MemberExpression[object.name='process'][property.name='env']", message: "Read process.env only in env.ts (a zod schema) and import from it." },
        ],
      },
    },
    { files: envFiles, rules: { "no-restricted-syntax": "off" } },
    ...(opts.domain
      ? [
          {
            files: ["**/*.ts"],
            ignores: ["**/*.test.ts"],
            rules: {
              "no-restricted-imports": [
                "error",
                {
                  patterns: [
                    ...noAppImports.patterns,
                    { regex: "^(?!zod$|\\.{1,2}/)", message: "packages/domain has no I/O: it may import zod and its own files only." },
                  ],
                },
              ],
              "no-restricted-globals": [
                "error",
                ...["process", "fetch", "XMLHttpRequest", "WebSocket", "localStorage", "sessionStorage", "document", "window", "require", "Buffer"].map(
                  (name) => ({ name, message: "packages/domain has no I/O." }),
                ),
              ],
            },
          },
        ]
      : []),
  );
}

export default config();
