// One subscription's view of a topic: every event once, in seq order (contract, guarantee 4).
import type { LiveEvent, SubscribeOptions } from "../index.js";
import type { FeedSource } from "./api.js";
import { backoff } from "./backoff.js";

const GAP_FILL_DELAY_MS = 500;
const RETIRED_EPOCHS = 8;

/** What a feed needs of its client: the reader API, and where to report an applied seq (for the ack). */
export interface FeedHost {
  readonly api: FeedSource;
  applied(topic: string, seq: number, receivedAt: number): void;
}

/** The hub's answer to Subscribe. */
export interface SubscribeResult {
  latestSeq: number;
  epoch?: string;
  reset?: boolean;
}

/**
 * Puts a topic's events in order for one handler: drops any seq at or below the last applied one, holds back an
 * event that arrives ahead of a missing one, and fills a gap that lasts from `events?after=`. Seqs count within the
 * topic's `epoch`: on a new one (the server's history went back or was lost) the feed reloads the state instead of
 * taking the new events for repeats (docs/timeline.md, "Epochs").
 */
export class TopicFeed {
  /** The last applied seq; null until the feed knows where it starts. */
  lastSeq: number | null;
  /** False while the starting state loads: the hub subscription waits for it, so the position never moves back. */
  loaded: boolean;
  closed = false;
  /** The epoch `lastSeq` belongs to; null until the server names one. */
  epoch: string | null;
  private readonly pending = new Map<number, { event: LiveEvent; receivedAt: number }>();
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private filling: Promise<void> | null = null;
  /** Epochs left behind: an event of one still on its way is dropped, not taken for news. */
  private retired: (string | null | undefined)[] = [];
  /** A new epoch was seen and its state is not loaded yet (lastSeq is null meanwhile). */
  private epochPending = false;
  private resetting: Promise<void> | null = null;

  constructor(
    private readonly client: FeedHost,
    readonly topic: string,
    private readonly handler: (event: LiveEvent) => void,
    private readonly options: SubscribeOptions,
  ) {
    this.lastSeq = options.onState ? null : (options.afterSeq ?? null);
    this.loaded = !options.onState;
    this.epoch = options.epoch ?? null;
  }

  /** Loads the starting state when the subscriber asked for it. */
  async load(): Promise<void> {
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
  async subscribed(result: SubscribeResult): Promise<void> {
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
  receive(event: LiveEvent, receivedAt: number): void {
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
  fill(): Promise<void> {
    const after = this.lastSeq;
    if (after === null || this.closed) {
      return Promise.resolve();
    }
    this.filling ??= (async () => {
      try {
        const page = await this.client.api.getEvents(this.topic, after);
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

  close(): void {
    this.closed = true;
    clearTimeout(this.gapTimer);
    this.pending.clear();
  }

  positionAt(seq: number): void {
    this.lastSeq = seq;
    this.drain();
  }

  /** Loads the current state and goes on after it; calls that overlap share one load. */
  reset(): Promise<void> {
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
  private isNewEpoch(epoch: string | null | undefined): epoch is string {
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
  private startEpoch(epoch: string): void {
    this.retired = [...this.retired, this.epoch].slice(-RETIRED_EPOCHS);
    this.epoch = epoch;
    this.epochPending = true;
    this.lastSeq = null;
    this.pending.clear();
    clearTimeout(this.gapTimer);
  }

  /** Loads the new epoch's state, retrying until it loads or the feed closes. */
  private async reloadForEpoch(): Promise<void> {
    for (let attempt = 0; this.epochPending && !this.closed; attempt++) {
      try {
        await this.reset();
      } catch {
        await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
      }
    }
  }

  private drain(): void {
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
