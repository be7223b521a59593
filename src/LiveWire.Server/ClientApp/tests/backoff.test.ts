import assert from "node:assert/strict";
import { test } from "node:test";
import { backoff, FIRST_STEP_MS, MAX_STEP_MS } from "../shared/backoff.js";

const lowest = () => 0;
const highest = () => 1 - Number.EPSILON;

test("the first delay is drawn between half and all of 0.5 s", () => {
  assert.equal(FIRST_STEP_MS, 500);
  assert.equal(backoff(0, lowest), 250);
  assert.ok(backoff(0, highest) < 500 && backoff(0, highest) > 499);
});

test("each step doubles the one before it until the cap", () => {
  for (let attempt = 0; attempt < 5; attempt++) {
    assert.equal(backoff(attempt + 1, lowest), 2 * backoff(attempt, lowest));
  }
});

test("no delay is longer than the 30 s cap, however many attempts failed", () => {
  assert.equal(MAX_STEP_MS, 30_000);
  for (const attempt of [6, 7, 16, 17, 100, 10_000]) {
    assert.equal(backoff(attempt, lowest), 15_000);
    assert.ok(backoff(attempt, highest) < 30_000);
  }
});

test("the jitter stays within half and all of the step", () => {
  for (let attempt = 0; attempt < 20; attempt++) {
    const step = Math.min(MAX_STEP_MS, FIRST_STEP_MS * 2 ** attempt);
    for (let i = 0; i < 50; i++) {
      const delay = backoff(attempt);
      assert.ok(delay >= step / 2 && delay < step, `attempt ${attempt}: ${delay} ms outside [${step / 2}, ${step})`);
    }
  }
});
