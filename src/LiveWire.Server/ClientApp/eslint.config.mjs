// `npm run lint`: ESLint's recommended rules, and typescript-eslint's strict ones for the TypeScript: all browser
// code (shared/ and the apps) and the tests. The bundles and the packed dist/ are build output, not sources.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/", "node_modules/"] },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.strict],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ["*.mjs", "tests/**"],
    languageOptions: { globals: globals.node },
  },
);
