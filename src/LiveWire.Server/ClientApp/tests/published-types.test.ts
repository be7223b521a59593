import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

/** The doc comment just above `member` in index.d.ts, the package's published types (run.mjs runs the tests here). */
function docOf(member: string): string {
  const declarations = readFileSync("index.d.ts", "utf8");
  const at = declarations.indexOf(`\n  ${member}`);
  assert.ok(at > 0, `index.d.ts declares no ${member}`);
  const doc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*$/.exec(declarations.slice(0, at));
  assert.ok(doc, `index.d.ts has no doc comment on ${member}`);
  return doc[1] ?? "";
}

test("LiveWire.mount's doc says it mounts topic elements, which is all widget/index.ts's mount takes", () => {
  const doc = docOf("mount(element: Element)");
  assert.match(doc, /data-livewire-topic/);
  assert.doesNotMatch(doc, /data-livewire-banner/);
});
