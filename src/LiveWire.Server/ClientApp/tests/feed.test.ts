import assert from "node:assert/strict";
import { test } from "node:test";
import type { LiveEvent, SubscribeOptions, TopicState } from "../index.js";
import type { EventPage } from "../shared/api.js";
import { TopicFeed } from "../shared/feed.js";
import type { FeedHost } from "../shared/feed.js";

const TOPIC = "t";

function event(seq: number, epoch?: string): LiveEvent {
  return { topic: TOPIC, seq, kind: "published", id: `p${seq}`, epoch };
}

function state(latestSeq: number, epoch?: string): TopicState {
  return { topic: TOPIC, latestSeq, epoch, pinned: [], developments: [] };
}

/** A feed over a stand-in server whose answers the test sets; it records what the feed asked and delivered. */
function feedOf(options: SubscribeOptions, server: { topic?: () => TopicState; events?: (after: number) => EventPage } = {}) {
  const delivered: number[] = [];
  const acked: number[] = [];
  const asked: string[] = [];
  const host: FeedHost = {
    api: {
      getTopic: async () => {
        asked.push("state");
        return (server.topic ?? (() => state(0)))();
      },
      getEvents: async (_topic, after) => {
        asked.push(`after ${after}`);
        return (server.events ?? (() => ({ topic: TOPIC, latestSeq: after, reset: false, events: [] })))(after);
      },
    },
    applied: (_topic, seq) => acked.push(seq),
  };
  const feed = new TopicFeed(host, TOPIC, (e) => delivered.push(e.seq), options);
  return { feed, delivered, acked, asked };
}

/** Waits for `condition`, turning the event loop, for at most two seconds. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    assert.ok(Date.now() < deadline, "timed out waiting for a condition");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test("an event already applied is dropped, whether from the hub or from history", () => {
  const { feed, delivered, acked } = feedOf({ afterSeq: 0 });
  for (const seq of [1, 2, 2, 1, 3, 3]) {
    feed.receive(event(seq), 0);
  }
  assert.deepEqual(delivered, [1, 2, 3]);
  assert.deepEqual(acked, [1, 2, 3]);
  feed.close();
});

test("events that arrive out of order are delivered in seq order", () => {
  const { feed, delivered } = feedOf({ afterSeq: 4 });
  for (const seq of [7, 5, 8, 6, 3]) {
    feed.receive(event(seq), 0);
  }
  assert.deepEqual(delivered, [5, 6, 7, 8]);
  assert.equal(feed.lastSeq, 8);
  feed.close();
});

test("a gap that lasts is filled from events?after= the last applied seq", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { feed, delivered, asked } = feedOf({ afterSeq: 0 }, {
    events: (after) => ({ topic: TOPIC, latestSeq: 3, reset: false, events: [event(1), event(2), event(3)].filter((e) => e.seq > after) }),
  });
  feed.receive(event(3), 0);
  assert.deepEqual(delivered, [], "held back behind the missing 1 and 2");
  t.mock.timers.tick(499);
  assert.deepEqual(asked, [], "a gap may close by itself: no read before half a second");
  t.mock.timers.tick(1);
  await until(() => delivered.length === 3);
  assert.deepEqual(asked, ["after 0"]);
  assert.deepEqual(delivered, [1, 2, 3]);
  feed.close();
});

test("a live-only feed starts at the seq the hub names on Subscribe", async () => {
  const { feed, delivered } = feedOf({});
  feed.receive(event(11), 0);
  await feed.subscribed({ latestSeq: 10 });
  feed.receive(event(10), 0);
  feed.receive(event(12), 0);
  assert.deepEqual(delivered, [11, 12]);
  feed.close();
});

test("a position the server no longer retains resets the feed to the current state", async () => {
  const resets: TopicState[] = [];
  const { feed, delivered } = feedOf({ afterSeq: 2, onReset: (s) => resets.push(s) }, { topic: () => state(40) });
  await feed.subscribed({ latestSeq: 40, reset: true });
  assert.deepEqual(resets.map((s) => s.latestSeq), [40]);
  feed.receive(event(39), 0);
  feed.receive(event(41), 0);
  assert.deepEqual(delivered, [41]);
  feed.close();
});

test("a page from history that says reset reloads the state instead of its events", async () => {
  const resets: number[] = [];
  const { feed, delivered } = feedOf({ afterSeq: 2, onReset: (s) => resets.push(s.latestSeq) }, {
    topic: () => state(9),
    events: () => ({ topic: TOPIC, latestSeq: 9, reset: true, events: [] }),
  });
  await feed.fill();
  assert.deepEqual(resets, [9]);
  assert.equal(feed.lastSeq, 9);
  assert.deepEqual(delivered, []);
  feed.close();
});

test("a new epoch reloads the state, and the old epoch's late events are not taken for news", async () => {
  const resets: TopicState[] = [];
  const { feed, delivered } = feedOf({ afterSeq: 50, epoch: "a", onReset: (s) => resets.push(s) }, { topic: () => state(3, "b") });
  feed.receive(event(1, "b"), 0);
  await until(() => resets.length === 1);
  assert.equal(resets[0]?.epoch, "b");
  assert.equal(feed.epoch, "b");
  assert.equal(feed.lastSeq, 3);
  feed.receive(event(51, "a"), 0);
  feed.receive(event(3, "b"), 0);
  feed.receive(event(4, "b"), 0);
  assert.deepEqual(delivered, [4], "seq 1 of the new epoch belongs to the reloaded state; 51 of the old one is dropped");
  feed.close();
});

test("the first epoch a feed without one hears of is its own, not a new one", async () => {
  const { feed, delivered, asked } = feedOf({ afterSeq: 0 });
  feed.receive(event(1, "a"), 0);
  feed.receive(event(2, "a"), 0);
  assert.deepEqual(delivered, [1, 2]);
  assert.deepEqual(asked, []);
  assert.equal(feed.epoch, "a");
  feed.close();
});

test("a closed feed delivers nothing more", () => {
  const { feed, delivered } = feedOf({ afterSeq: 0 });
  feed.close();
  feed.receive(event(1), 0);
  assert.deepEqual(delivered, []);
});
