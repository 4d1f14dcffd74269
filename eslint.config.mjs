// The dependency direction of docs/architecture is enforced here, not in prose:
//   common/  <- scim/  <- simulator/, engine/  <- harness/  <- test/, bench/
// simulator/ and engine/ never import each other or harness/; common/ and scim/ import no sibling above them.
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
  { ignores: ["node_modules/**", "scimlab-report/**", "test-artifacts/**", "coverage/**", "console/static/vendor/**"] },
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
    files: ["**/*.test.ts", "test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
