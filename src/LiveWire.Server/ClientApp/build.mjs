// Bundles LiveWire's browser code into ../wwwroot, where the Server serves it.
//
//   npm run build          rebuild the bundles in ../wwwroot (commit them)
//   npm run check          rebuild into a temp folder and fail when ../wwwroot differs
//
// Each entry folder gives one script (and one stylesheet, when it has index.css). The bundles are committed,
// so `dotnet run` needs no npm; tests/LiveWire.Web.Tests runs `npm run check` to keep them current.
import * as esbuild from "esbuild";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
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
    for (const ext of ["js", "css"]) {
      const source = join(here, folder, `index.${ext}`);
      if (existsSync(source)) {
        points.push({ in: source, out: name });
      }
    }
  }
  return points;
}

async function build(outdir) {
  const points = entryPoints();
  await esbuild.build({
    entryPoints: points,
    outdir,
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: ["es2020"],
    legalComments: "eof",
    logLevel: "warning",
    charset: "utf8",
  });
  return points.map((p) => `${p.out}.${p.in.endsWith(".css") ? "css" : "js"}`);
}

if (process.argv.includes("--check")) {
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
  console.log(`built into src/LiveWire.Server/wwwroot: ${files.join(", ")}`);
}
