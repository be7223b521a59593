// Bundles LiveWire's browser code into ../wwwroot, where the Server serves it.
//
//   npm run build          rebuild the bundles in ../wwwroot (commit them)
//   npm run check          rebuild into a temp folder and fail when ../wwwroot differs
//   npm pack               (prepack: --package) the widget as @livewire/widget into dist/: livewire.js for a
//                          script tag (the same bundle as ../wwwroot/livewire.js), livewire.mjs (ES module), the css
//
// `npm run build` also writes the script-tag bundle's Subresource Integrity hash (sha384) into the <script> tags of
// README.md here and of the repository's README.md.
//
// Each entry folder gives one script, from its index.ts (esbuild strips the types; `npm run typecheck` checks them),
// and one stylesheet when it has index.css. The bundles are committed, so `dotnet run` needs no npm;
// tests/LiveWire.Web.Tests runs `npm run check` to keep them current.
import * as esbuild from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wwwroot = join(here, "..", "wwwroot");

/** entry folder -> bundle name in wwwroot */
const entries = {
  widget: "livewire",
  newsroom: "newsroom",
  dashboard: "dashboard",
};

function entryPoints() {
  const points = [];
  for (const [folder, name] of Object.entries(entries)) {
    for (const file of ["index.ts", "index.css"]) {
      const source = join(here, folder, file);
      if (existsSync(source)) {
        points.push({ in: source, out: name });
      }
    }
  }
  return points;
}

const options = {
  bundle: true,
  minify: true,
  platform: "browser",
  target: ["es2020"],
  legalComments: "eof",
  logLevel: "warning",
  charset: "utf8",
};

async function build(outdir, points = entryPoints()) {
  await esbuild.build({
    ...options,
    entryPoints: points,
    outdir,
    format: "iife",
  });
  return points.map((p) => `${p.out}.${p.in.endsWith(".css") ? "css" : "js"}`);
}

/** The `integrity` attribute of a script tag that loads `file`. */
function integrity(file) {
  return `sha384-${createHash("sha384").update(readFileSync(file)).digest("base64")}`;
}

/** Puts the script-tag bundle's hash into every `integrity="sha384-…"` of the READMEs that show the tag. */
function writeIntegrity() {
  const hash = integrity(join(wwwroot, "livewire.js"));
  for (const readme of [join(here, "README.md"), join(here, "..", "..", "..", "README.md")]) {
    const text = readFileSync(readme, "utf8");
    writeFileSync(readme, text.replace(/integrity="sha384-[A-Za-z0-9+/=]*"/g, `integrity="${hash}"`));
  }
  return hash;
}

/** The widget's npm package contents, in dist/. */
async function buildPackage() {
  const dist = join(here, "dist");
  rmSync(dist, { recursive: true, force: true });
  await build(dist, entryPoints().filter((p) => p.out === entries.widget));
  await esbuild.build({ ...options, entryPoints: [join(here, "widget", "module.ts")], outfile: join(dist, "livewire.mjs"), format: "esm" });
  mkdirSync(dist, { recursive: true });
  copyFileSync(join(here, "..", "..", "..", "LICENSE"), join(dist, "LICENSE"));
  console.log(`packed into dist: livewire.js, livewire.css, livewire.mjs (${integrity(join(dist, "livewire.js"))})`);
}

if (process.argv.includes("--package")) {
  await buildPackage();
} else if (process.argv.includes("--check")) {
  const temp = mkdtempSync(join(tmpdir(), "livewire-bundles-"));
  try {
    const files = await build(temp);
    const stale = files.filter((file) => {
      const committed = join(wwwroot, file);
      return !existsSync(committed) || !readFileSync(committed).equals(readFileSync(join(temp, file)));
    });
    if (stale.length > 0) {
      console.error(`Stale bundles in src/LiveWire.Server/wwwroot: ${stale.join(", ")}. ` +
        "Run `npm run build` in src/LiveWire.Server/ClientApp and commit the result.");
      process.exit(1);
    }
    console.log(`bundles current: ${files.join(", ")}`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
} else {
  const files = await build(wwwroot);
  console.log(`built into src/LiveWire.Server/wwwroot: ${files.join(", ")}; livewire.js is ${writeIntegrity()}`);
}
