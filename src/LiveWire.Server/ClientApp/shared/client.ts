// One connection to a LiveWire server, shared by every subscription on the page.
import { HttpTransportType, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import type { HubConnection, IHttpConnectionOptions } from "@microsoft/signalr";
import type { ConnectionState, LiveEvent, LiveWireClientOptions, SubscribeOptions, Subscription } from "../index.js";
import { ReaderApi } from "./api.js";
import { backoff } from "./backoff.js";
import { TopicFeed } from "./feed.js";
import type { FeedHost, SubscribeResult } from "./feed.js";

const ACK_INTERVAL_MS = 1000;
const POLL_INTERVAL_MS = 3000;
// A silent client pings every 30 s, half as often as SignalR's default: the hub closes a connection only after 60 s
// without a word (LiveWire:Limits:ClientTimeout), and each ping costs it a wake-up.
const KEEP_ALIVE_MS = 30_000;

/**
 * How the hub connection reaches the server. Without session affinity (the default) it is one WebSocket request with
 * negotiation skipped: SignalR's negotiate and the transport requests that follow it must reach the same node, which
 * a round-robin balancer does not promise, while a WebSocket is one request that stays on the node that took it.
 * With affinity the deployment keeps a client on one node, so SSE and long polling may back WebSockets up.
 */
function transportOptions(affinity: boolean): IHttpConnectionOptions {
  return affinity ? {} : { skipNegotiation: true, transport: HttpTransportType.WebSockets };
}

/**
 * The hub connection (`/hubs/live`) and the topics it holds. After any disconnect it reconnects forever and
 * subscribes each topic again after its last applied seq; while no push transport gets through it polls
 * `events?after=`. It acks what the page applied, at most once per topic per second.
 */
interface Ack {
  seq: number;
  sentSeq: number;
  receivedAt: number;
  sentAt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export class LiveWireClient implements FeedHost {
  readonly api: ReaderApi;
  private readonly topics = new Map<string, Set<TopicFeed>>();
  private readonly acks = new Map<string, Ack>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private state: ConnectionState = "connecting";
  private attempt = 0;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private readonly connection: HubConnection;

  /**
   * `baseUrl`: the server, e.g. "https://news.example".
   * `affinity`: the deployment keeps a client on one server node (sticky sessions, or a single node), so SignalR
   *   may negotiate and fall back to SSE and long polling. Default false: WebSockets only, without negotiation
   *   (which needs no affinity), and polling `events?after=` when no WebSocket gets through.
   */
  constructor(baseUrl: string, options: LiveWireClientOptions = {}) {
    this.api = new ReaderApi(baseUrl, options.accessToken);
    this.connection = new HubConnectionBuilder()
      .withUrl(`${baseUrl}/hubs/live`, {
        ...transportOptions(options.affinity === true),
        withCredentials: false,
        accessTokenFactory: async () => (await options.accessToken?.()) ?? "",
      })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => backoff(context.previousRetryCount) })
      .withKeepAliveInterval(KEEP_ALIVE_MS)
      .configureLogging(LogLevel.None)
      .build();
    this.connection.on("event", (event: LiveEvent) => this.dispatch(event));
    this.connection.onreconnecting(() => this.disconnected());
    this.connection.onreconnected(() => this.connected());
    // A close that automatic reconnect does not retry (the server stopped gracefully, or reconnect gave up).
    this.connection.onclose(() => this.disconnected(true));
    this.start();
  }

  /**
   * Delivers `topic`'s events to `handler`, each once and in seq order.
   * Options: `onState(state)` loads the current state first and delivers what follows it; `afterSeq` resumes after a
   * seq (and `epoch`, the topic's epoch it belongs to); neither: live events only. `onReset(state)` replaces
   * everything when the position is no longer retained, or belongs to an epoch the topic has left.
   */
  subscribe(topic: string, handler: (event: LiveEvent) => void, options: SubscribeOptions = {}): Subscription {
    const feed = new TopicFeed(this, topic, handler, options);
    let feeds = this.topics.get(topic);
    if (!feeds) {
      this.topics.set(topic, (feeds = new Set()));
    }
    feeds.add(feed);
    const ready = (async () => {
      // The starting state may fail to load (the server is restarting): retry until it loads or the page unsubscribes.
      for (let attempt = 0; !feed.loaded && !feed.closed; attempt++) {
        try {
          await feed.load();
        } catch {
          await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
        }
      }
      await this.subscribeOnHub(topic, feed);
    })();
    ready.catch(() => {});
    return {
      topic,
      get lastSeq() { return feed.lastSeq; },
      get epoch() { return feed.epoch; },
      ready,
      unsubscribe: () => this.unsubscribe(topic, feed),
    };
  }

  /** Calls `listener(state)` now and on every change: "connecting", "live", "polling", "reconnecting". */
  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => {
      this.stateListeners.delete(listener);
    };
  }

  /** A feed applied `seq`: ack it (batched) while the hub is connected. */
  applied(topic: string, seq: number, receivedAt: number): void {
    let ack = this.acks.get(topic);
    if (!ack) {
      this.acks.set(topic, (ack = { seq: 0, sentSeq: 0, receivedAt: 0, sentAt: -Infinity, timer: null }));
    }
    if (seq <= ack.seq) {
      return;
    }
    ack.seq = seq;
    ack.receivedAt = receivedAt ?? performance.now();
    this.ackPending(topic);
  }

  private async sendAck(topic: string): Promise<void> {
    const ack = this.acks.get(topic);
    if (!ack) {
      return;
    }
    ack.timer = null;
    if (this.connection.state !== HubConnectionState.Connected || !this.topics.has(topic) || ack.seq <= ack.sentSeq) {
      return;
    }
    ack.sentSeq = ack.seq;
    ack.sentAt = performance.now();
    const heldMs = Math.max(0, Math.round(ack.sentAt - ack.receivedAt));
    await this.connection.send("Ack", topic, ack.seq, heldMs).catch(() => {});
  }

  private async unsubscribe(topic: string, feed: TopicFeed): Promise<void> {
    feed.close();
    const feeds = this.topics.get(topic);
    feeds?.delete(feed);
    if (feeds?.size === 0) {
      this.topics.delete(topic);
      clearTimeout(this.acks.get(topic)?.timer ?? undefined);
      this.acks.delete(topic);
      if (this.connection.state === HubConnectionState.Connected) {
        await this.connection.invoke("Unsubscribe", topic).catch(() => {});
      }
    }
  }

  private async subscribeOnHub(topic: string, ...candidates: TopicFeed[]): Promise<void> {
    const feeds = candidates.filter((feed) => feed.loaded && !feed.closed);
    if (this.connection.state !== HubConnectionState.Connected || feeds.length === 0) {
      return; // connected() subscribes every topic; meanwhile polling reads them
    }
    const positions = feeds.map((feed) => feed.lastSeq);
    const afterSeq = positions.includes(null) ? null : Math.min(...(positions as number[]));
    const result = await this.connection.invoke<SubscribeResult>("Subscribe", topic, afterSeq);
    await Promise.all(feeds.map((feed) => feed.subscribed(result)));
  }

  private dispatch(event: LiveEvent): void {
    const receivedAt = performance.now();
    for (const feed of this.topics.get(event.topic) ?? []) {
      feed.receive(event, receivedAt);
    }
  }

  private async start(): Promise<void> {
    if (this.connection.state !== HubConnectionState.Disconnected) {
      return; // a retry that overlapped a reconnect: the connection is on its way already
    }
    try {
      await this.connection.start();
      this.connected();
    } catch {
      this.disconnected();
      setTimeout(() => this.start(), backoff(this.attempt++));
    }
  }

  private connected(): void {
    this.attempt = 0;
    clearInterval(this.pollTimer ?? undefined);
    this.pollTimer = null;
    this.setState("live");
    for (const [topic, feeds] of this.topics) {
      this.subscribeOnHub(topic, ...feeds)
        .then(() => this.ackPending(topic))
        .catch(() => {});
    }
  }

  /** What was applied while the hub was away (from polling) is acked on the new connection. */
  private ackPending(topic: string): void {
    const ack = this.acks.get(topic);
    if (ack && ack.timer === null && ack.seq > 0) {
      ack.timer = setTimeout(() => this.sendAck(topic), Math.max(0, ack.sentAt + ACK_INTERVAL_MS - performance.now()));
    }
  }

  private disconnected(closed = false): void {
    if (this.state === "live" || this.state === "connecting") {
      this.setState("reconnecting");
    }
    this.pollTimer ??= setInterval(() => this.poll(), POLL_INTERVAL_MS);
    if (closed) {
      setTimeout(() => this.start(), backoff(this.attempt++));
    }
  }

  /** While push is down: read every topic from history; "polling" once that works, "reconnecting" while it fails. */
  private async poll(): Promise<void> {
    const feeds = [...this.topics.values()].flatMap((set) => [...set]);
    const results = await Promise.allSettled(feeds.map((feed) => feed.fill()));
    if (this.connection.state !== HubConnectionState.Connected && feeds.length > 0) {
      this.setState(results.every((r) => r.status === "fulfilled") ? "polling" : "reconnecting");
    }
  }

  private setState(state: ConnectionState): void {
    if (state !== this.state) {
      this.state = state;
      for (const listener of this.stateListeners) {
        listener(state);
      }
    }
  }
}
