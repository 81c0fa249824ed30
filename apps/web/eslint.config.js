import { config } from "@yanxiu/eslint-config";

export default [
  ...config({ envFiles: ["server/env.ts", "e2e/support.ts", "bench/env.ts"] }),
  {
    // Decision 003: routes reach services through the load context; the Remix bundle imports their types only.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@yanxiu/services", "@yanxiu/services/*", "@yanxiu/db", "@yanxiu/db/*"], allowTypeImports: true, message: "Routes call context.services (decision 003): import only types from services and db." },
          ],
        },
      ],
    },
  },
];
