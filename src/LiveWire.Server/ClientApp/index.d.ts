// Types of @livewire/widget: the ES module's exports and, for the script-tag build, the global `LiveWire`.

/** An event of a topic's timeline, as the reader API and the hub give it (docs/contract.md). */
export interface LiveEvent {
  topic: string;
  seq: number;
  kind: "published" | "corrected" | "retracted" | "pinned" | "unpinned" | string;
  id: string;
  revision?: number;
  headline?: string;
  body?: string;
  priority?: string;
  author?: string;
  tags?: string[];
  pinned?: boolean;
  reason?: string;
  at?: string;
  /** The topic's epoch `seq` counts in (docs/timeline.md, "Epochs"). */
  epoch?: string;
  [field: string]: unknown;
}

/** A topic's current state: `GET /api/topics/{topic}`. */
export interface TopicState {
  topic: string;
  title?: string | null;
  summary?: string | null;
  status?: string;
  latestSeq: number;
  readers?: number;
  epoch?: string;
  pinned: unknown[];
  developments: unknown[];
  [field: string]: unknown;
}

export type ConnectionState = "connecting" | "live" | "polling" | "reconnecting";

export interface SubscribeOptions {
  /** Loads the current state first, then delivers the events after it. */
  onState?: (state: TopicState) => void;
  /** Resumes after this seq. */
  afterSeq?: number;
  /** The epoch `afterSeq` belongs to. */
  epoch?: string;
  /** The position is no longer retained (or belongs to an earlier epoch): here is the current state. */
  onReset?: (state: TopicState) => void;
}

export interface Subscription {
  readonly topic: string;
  readonly lastSeq: number | null;
  readonly epoch: string | null;
  /** Settles once the subscription is on the hub. */
  readonly ready: Promise<void>;
  unsubscribe(): Promise<void>;
}

export interface LiveWireClientOptions {
  /** A token for private topics; called before each connection. */
  accessToken?: () => string | null | Promise<string | null>;
  /**
   * Whether the deployment keeps each client on one server node (sticky sessions, or a single node). False (the
   * default): one WebSocket with SignalR's negotiation skipped, which works behind any balancer, and polling
   * `events?after=` when no WebSocket gets through. True: negotiation, with SSE and long polling before polling.
   * The script-tag build takes it from `data-livewire-affinity="true"` on its script tag.
   */
  affinity?: boolean;
}

/** One connection to a LiveWire server: each event of a topic once and in seq order, across reconnects. */
export declare class LiveWireClient {
  constructor(baseUrl: string, options?: LiveWireClientOptions);
  subscribe(topic: string, handler: (event: LiveEvent) => void, options?: SubscribeOptions): Subscription;
  /** Calls `listener` now and on every change; returns the function that stops it. */
  onStateChange(listener: (state: ConnectionState) => void): () => void;
}

/** The global the script-tag build (`livewire.js`) sets. */
export interface LiveWireGlobal {
  subscribe(topic: string, handler: (event: LiveEvent) => void, options?: SubscribeOptions): Subscription;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  /**
   * Turns an element with `data-livewire-topic`, added after the page loaded, into that topic's live list, as the
   * script did on load for those already there, and returns its subscription (`unsubscribe()` ends the list's live
   * updates); mounting it again returns the same subscription. It throws for an element with no topic: the
   * breaking-news banner is set up on load only.
   */
  mount(element: Element): Subscription;
  readonly baseUrl: string;
}

declare global {
  interface Window {
    LiveWire: LiveWireGlobal;
  }
}
