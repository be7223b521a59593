import assert from "node:assert/strict";
import { test } from "node:test";
import { SessionValue } from "../shared/storage.js";
import { useSessionStorage } from "./session-storage.js";

test("a value is kept in sessionStorage, so the next page in the tab reads it", (t) => {
  const entries = new Map<string, string>();
  useSessionStorage(t, entries);
  new SessionValue("token").set("abc");
  assert.equal(entries.get("token"), "abc");
  assert.equal(new SessionValue("token").get(), "abc");
  new SessionValue("token").set(null);
  assert.equal(entries.has("token"), false);
});

test("where storage is refused, the value lives in memory: nothing before, what was set since", (t) => {
  useSessionStorage(t, null);
  const value = new SessionValue("token");
  assert.equal(value.get(), null);
  value.set("abc");
  assert.equal(value.get(), "abc");
  value.set("");
  assert.equal(value.get(), null);
});
