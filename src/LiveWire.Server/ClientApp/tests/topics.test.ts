import assert from "node:assert/strict";
import { test } from "node:test";
import { ProblemError } from "../newsroom/api.js";
import { checkTopicName } from "../newsroom/topics.js";

test("a topic name is 1 to 64 of a-z, 0-9 and '-', as the server's rule says", () => {
  for (const name of ["a", "7", "ukraine-crisis", "election-2024", "a--b", "a".repeat(64)]) {
    assert.doesNotThrow(() => checkTopicName(name), name);
  }
});

test("a name the server would refuse is refused before the story opens", () => {
  for (const name of ["", "-a", "a-", "-", "Ukraine", "a b", "a_b", "a.b", "café", "a".repeat(65), "a\n"]) {
    assert.throws(() => checkTopicName(name), ProblemError, JSON.stringify(name));
  }
});

test("the refusal names the topic field, so the console shows it beside the field", () => {
  assert.throws(() => checkTopicName("Bad"), (error: unknown) =>
    error instanceof ProblemError && error.status === 400 && Object.keys(error.errors).join() === "topic");
});
