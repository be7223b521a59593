// Runs the browser code's unit tests (`npm test`): esbuild bundles each tests/*.test.ts with the TypeScript sources
// it imports into a temp folder, and Node's own test runner runs the bundles. No browser: the tests cover the logic
// that needs none (the feed, the reconnect policy, the console's token and topic checks and its preview's element rules, the dashboard's figures);
// tests/LiveWire.Web.Tests drives the real thing in Chromium.
import * as esbuild from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const tests = readdirSync(here).filter((name) => name.endsWith(".test.ts"));
const out = mkdtempSync(join(tmpdir(), "livewire-clientapp-tests-"));
try {
  await esbuild.build({
    entryPoints: tests.map((name) => join(here, name)),
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: ["node20"],
    sourcemap: "inline",
    logLevel: "warning",
  });
  const files = readdirSync(out).filter((name) => name.endsWith(".mjs")).map((name) => join(out, name));
  // Extra arguments go to node --test, e.g. `npm test -- --test-reporter=tap`.
  // In ClientApp, wherever npm was started: a test that reads a source file (index.d.ts) names it from here.
  const run = spawnSync(process.execPath, ["--enable-source-maps", "--test", ...process.argv.slice(2), ...files], { stdio: "inherit", cwd: join(here, "..") });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
