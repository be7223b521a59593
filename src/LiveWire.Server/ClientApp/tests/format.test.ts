import assert from "node:assert/strict";
import { test } from "node:test";
import { age, ms, reach } from "../dashboard/format.js";

const now = new Date("2025-06-01T12:00:00Z");
const before = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

test("an age is in seconds under a minute, in minutes under an hour, then in hours, rounded", () => {
  assert.equal(age(before(0), now), "0 s ago");
  assert.equal(age(before(59), now), "59 s ago");
  assert.equal(age(before(60), now), "1 min ago");
  assert.equal(age(before(90), now), "2 min ago");
  assert.equal(age(before(3600), now), "1 h ago");
  assert.equal(age(before(5 * 3600 + 1200), now), "5 h ago");
});

test("a time ahead of the dashboard's clock is no age, not a negative one", () => {
  assert.equal(age(before(-30), now), "0 s ago");
});

test("reach is the share of the subscribers that acked, rounded, and never over 100 %", () => {
  assert.equal(reach(3, 4), "75 %");
  assert.equal(reach(2, 3), "67 %");
  assert.equal(reach(0, 5), "0 %");
  assert.equal(reach(9, 4), "100 %", "acks counted before their subscribers were");
});

test("an event that reached no subscriber has no reach", () => {
  assert.equal(reach(0, 0), "–");
});

test("a latency keeps one decimal at most", () => {
  assert.equal(ms(12.34), ms(12.3));
  assert.notEqual(ms(12.3), ms(12));
  assert.match(ms(12), / ms$/);
});
