// The dependency direction of docs/architecture is enforced here, not in prose:
//   common/  <- scim/  <- simulator/, engine/  <- harness/  <- test/, bench/
//   common/  <- console/server, console/shared  <- engine/console, simulator/console
// simulator/ and engine/ never import each other or harness/; common/ and scim/ import no sibling above them.
// The console's server side sits beside common/: it may see engine and simulator types, never their code.
// The console's browser code (console/app) is bundled for the browser: types from both sides, and the
// engine's pure OData filter compiler (so the logs page builds exactly what the engine parses).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";

const forbid = (...folders) => ({
  "no-restricted-imports": [
    "error",
    {
      patterns: folders.map((folder) => ({
        group: [`**/${folder}`, `**/${folder}/**`, `../${folder}/*`, `../../${folder}/*`],
        message: `this folder may not import ${folder}/ (see the dependency direction in README.md, "Architecture")`,
      })),
    },
  ],
});

export default tseslint.config(
  { ignores: ["node_modules/**", "scimlab-report/**", "test-artifacts/**", "coverage/**", "console/static/vendor/**", "test/fixtures/conformance/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.mjs"],
    plugins: { "import-x": importX },
    settings: { "import-x/resolver": { node: { extensions: [".ts", ".mjs", ".js"] } } },
    rules: {
      "import-x/no-cycle": ["error", { maxDepth: 12, ignoreExternal: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": [
        "error",
        { selector: "TSInterfaceDeclaration[id.name=/^I[A-Z]/]", message: "no I-prefixed interfaces (house style)" },
      ],
    },
  },
  { files: ["common/**/*.ts"], rules: forbid("scim", "simulator", "engine", "harness", "test", "bench") },
  { files: ["scim/**/*.ts"], rules: forbid("simulator", "engine", "harness", "test", "bench") },
  { files: ["simulator/**/*.ts"], rules: forbid("engine", "harness", "test", "bench") },
  { files: ["engine/**/*.ts"], rules: forbid("simulator", "harness", "test", "bench") },
  { files: ["harness/**/*.ts"], rules: forbid("test", "bench") },
  {
    files: ["console/server/**/*.ts", "console/shared/**/*.ts"],
    rules: {
      ...forbid("harness", "test", "bench", "scim"),
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: ["engine", "simulator"].map((folder) => ({
            group: [`**/${folder}/**`],
            allowTypeImports: true,
            message: `the console's server side may import only types from ${folder}/`,
          })),
        },
      ],
    },
  },
  {
    files: ["console/app/**/*.ts"],
    rules: {
      ...forbid("harness", "test", "bench"),
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            // Anchored at the repository root: console/app has engine/ and simulator/ folders of its own.
            { group: ["../../simulator/**", "../../../simulator/**"], allowTypeImports: true, message: "browser code may import only types from simulator/" },
            {
              regex: "^(\\.\\./){2,3}engine/(?!logs/log-filter$)",
              allowTypeImports: true,
              message: "browser code may import only types from engine/ (and its log filter compiler)",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.test.ts", "test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
