// `npm run lint`: ESLint's recommended rules for all browser code, typescript-eslint's strict ones for the
// TypeScript (shared/, the tests). The bundles and the packed dist/ are build output, not sources.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/", "node_modules/"] },
  js.configs.recommended,
  {
    files: ["**/*.js", "**/*.ts"],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.strict],
  },
  {
    files: ["*.mjs", "tests/**"],
    languageOptions: { globals: globals.node },
  },
);
