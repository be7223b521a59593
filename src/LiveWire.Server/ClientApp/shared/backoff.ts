// The reconnect policy of every LiveWire client, written down once in README.md ("Reconnect policy"); the .NET
// client's src/LiveWire.Client/Internal/Backoff.cs is the same policy and the tests pin both to those numbers.

/** The first step. */
export const FIRST_STEP_MS = 500;
/** The largest step: the cap. */
export const MAX_STEP_MS = 30_000;

/**
 * The delay before retry `attempt` + 1: about 0.5 s, 1 s, 2 s … up to 30 s, forever, each delay drawn between half
 * and all of its step, so that the readers of a node that went away, on pages and in services alike, come back
 * spread over the same window. `random` is for the tests; a value in [0, 1).
 */
export function backoff(attempt: number, random: () => number = Math.random): number {
  // The exponent stops growing once past the cap (as Backoff.cs's Math.Min(attempts, 16)), so no step is Infinity.
  const step = Math.min(MAX_STEP_MS, FIRST_STEP_MS * 2 ** Math.min(attempt, 16));
  return step / 2 + random() * (step / 2);
}
