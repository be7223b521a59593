// One subscription's view of a topic: every event once, in seq order (contract, guarantee 4).

const GAP_FILL_DELAY_MS = 500;

/**
 * Puts a topic's events in order for one handler: drops any seq at or below the last applied one, holds back an
 * event that arrives ahead of a missing one, and fills a gap that lasts from `events?after=`.
 */
export class TopicFeed {
  /**
   * @param {import("./client.js").LiveWireClient} client
   * @param {string} topic
   * @param {(event: object) => void} handler
   * @param {{afterSeq?: number | null, onState?: (state: object) => void, onReset?: (state: object) => void}} options
   */
  constructor(client, topic, handler, options) {
    this.client = client;
    this.topic = topic;
    this.handler = handler;
    this.options = options;
    /** The last applied seq; null until the feed knows where it starts. */
    this.lastSeq = options.onState ? null : (options.afterSeq ?? null);
    /** False while the starting state loads: the hub subscription waits for it, so the position never moves back. */
    this.loaded = !options.onState;
    this.pending = new Map();
    this.gapTimer = null;
    this.filling = null;
    this.closed = false;
  }

  /** Loads the starting state when the subscriber asked for it. */
  async load() {
    if (!this.options.onState) {
      return;
    }
    const state = await this.client.api.getTopic(this.topic);
    if (this.closed) {
      return;
    }
    this.options.onState(state);
    this.loaded = true;
    this.positionAt(state.latestSeq);
  }

  /** The hub's answer to Subscribe: where a live-only feed starts, or a reset. */
  async subscribed(result) {
    if (result.reset) {
      await this.reset();
    } else if (this.lastSeq === null) {
      this.positionAt(result.latestSeq);
    } else {
      this.drain();
    }
  }

  /** An event from the hub or from history. */
  receive(event, receivedAt) {
    if (this.closed || (this.lastSeq !== null && event.seq <= this.lastSeq)) {
      return;
    }
    this.pending.set(event.seq, { event, receivedAt });
    this.drain();
  }

  /** Reads what the hub may have missed (gap fill, polling). */
  fill() {
    if (this.lastSeq === null || this.closed) {
      return Promise.resolve();
    }
    this.filling ??= (async () => {
      try {
        const page = await this.client.api.getEvents(this.topic, this.lastSeq);
        if (page.reset) {
          await this.reset();
          return;
        }
        const now = performance.now();
        for (const event of page.events) {
          this.receive(event, now);
        }
      } finally {
        this.filling = null;
      }
    })();
    return this.filling;
  }

  close() {
    this.closed = true;
    clearTimeout(this.gapTimer);
    this.pending.clear();
  }

  positionAt(seq) {
    this.lastSeq = seq;
    this.drain();
  }

  async reset() {
    const state = await this.client.api.getTopic(this.topic);
    if (this.closed) {
      return;
    }
    (this.options.onReset ?? this.options.onState)?.(state);
    this.positionAt(state.latestSeq);
  }

  drain() {
    if (this.lastSeq === null) {
      return;
    }
    for (const seq of this.pending.keys()) {
      if (seq <= this.lastSeq) {
        this.pending.delete(seq);
      }
    }
    let next;
    while ((next = this.pending.get(this.lastSeq + 1))) {
      this.pending.delete(next.event.seq);
      this.lastSeq = next.event.seq;
      try {
        this.handler(next.event);
      } finally {
        this.client.applied(this.topic, next.event.seq, next.receivedAt);
      }
    }
    clearTimeout(this.gapTimer);
    if (this.pending.size > 0) {
      this.gapTimer = setTimeout(() => this.fill().catch(() => this.drain()), GAP_FILL_DELAY_MS);
    }
  }
}
