// One subscription's view of a topic: every event once, in seq order (contract, guarantee 4).

const GAP_FILL_DELAY_MS = 500;
const RETIRED_EPOCHS = 8;

/**
 * Puts a topic's events in order for one handler: drops any seq at or below the last applied one, holds back an
 * event that arrives ahead of a missing one, and fills a gap that lasts from `events?after=`. Seqs count within the
 * topic's `epoch`: on a new one (the server's history went back or was lost) the feed reloads the state instead of
 * taking the new events for repeats (docs/timeline.md, "Epochs").
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
    /** The epoch `lastSeq` belongs to; null until the server names one. */
    this.epoch = options.epoch ?? null;
    /** Epochs left behind: an event of one still on its way is dropped, not taken for news. */
    this.retired = [];
    /** A new epoch was seen and its state is not loaded yet (lastSeq is null meanwhile). */
    this.epochPending = false;
    this.resetting = null;
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
    this.epoch = state.epoch ?? this.epoch;
    this.positionAt(state.latestSeq);
  }

  /** The hub's answer to Subscribe: where a live-only feed starts, or a reset. */
  async subscribed(result) {
    if (this.isNewEpoch(result.epoch)) {
      this.startEpoch(result.epoch);
    }
    if (this.epochPending) {
      await this.reloadForEpoch();
    } else if (result.reset) {
      await this.reset();
    } else if (this.lastSeq === null) {
      this.positionAt(result.latestSeq);
    } else {
      this.drain();
    }
  }

  /** An event from the hub or from history. */
  receive(event, receivedAt) {
    if (this.closed || this.retired.includes(event.epoch)) {
      return;
    }
    if (this.isNewEpoch(event.epoch)) {
      this.startEpoch(event.epoch);
      this.reloadForEpoch();
    }
    if (this.lastSeq !== null && event.seq <= this.lastSeq) {
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
        if (this.isNewEpoch(page.epoch)) {
          this.startEpoch(page.epoch);
        }
        if (this.epochPending) {
          await this.reloadForEpoch();
          return;
        }
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

  /** Loads the current state and goes on after it; calls that overlap share one load. */
  reset() {
    this.resetting ??= (async () => {
      try {
        const state = await this.client.api.getTopic(this.topic);
        if (this.closed) {
          return;
        }
        if (this.retired.includes(state.epoch)) {
          // Read before the new epoch began: not the current state. The epoch's reload tries again.
          throw new Error(`LiveWire: ${this.topic}'s state came from an epoch it has left`);
        }
        if (this.isNewEpoch(state.epoch)) {
          this.startEpoch(state.epoch); // yet another epoch since the one that called for this reset
        }
        this.epochPending = false;
        (this.options.onReset ?? this.options.onState)?.(state);
        this.positionAt(state.latestSeq);
      } finally {
        this.resetting = null;
      }
    })();
    return this.resetting;
  }

  /** Whether `epoch` is not the one the position belongs to; the first one named to a feed without one is its own. */
  isNewEpoch(epoch) {
    if (!epoch || epoch === this.epoch) {
      return false;
    }
    if (this.epoch === null) {
      this.epoch = epoch;
      return false;
    }
    return true;
  }

  /** The old position and whatever is held mean nothing in the new epoch: hold everything until its state loads. */
  startEpoch(epoch) {
    this.retired = [...this.retired, this.epoch].slice(-RETIRED_EPOCHS);
    this.epoch = epoch;
    this.epochPending = true;
    this.lastSeq = null;
    this.pending.clear();
    clearTimeout(this.gapTimer);
  }

  /** Loads the new epoch's state, retrying until it loads or the feed closes. */
  async reloadForEpoch() {
    for (let attempt = 0; this.epochPending && !this.closed; attempt++) {
      try {
        await this.reset();
      } catch {
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt)));
      }
    }
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
