// The reader's HTTP API (docs/contract.md, "Reader API").
import type { LiveEvent, TopicState } from "../index.js";

/** A page of `GET /api/topics/{topic}/events?after=`. */
export interface EventPage {
  topic: string;
  latestSeq: number;
  epoch?: string;
  reset: boolean;
  events: LiveEvent[];
}

/** A topic as `GET /api/topics` lists it (src/LiveWire.Server/Api/TopicListItem.cs), and the dashboard's busiest. */
export interface TopicSummary {
  topic: string;
  title?: string;
  status: string;
  latestSeq: number;
  readers: number;
  updatedAt: string;
}

/** Where a bearer token comes from; null for none. */
export type TokenSource = () => string | null | Promise<string | null>;

/** What a feed reads from the server: the ReaderApi, or a stand-in in the tests. */
export interface FeedSource {
  getTopic(topic: string): Promise<TopicState>;
  getEvents(topic: string, after: number): Promise<EventPage>;
}

/** Reads and writes LiveWire's HTTP API at one base address, with an optional bearer token. */
export class ReaderApi implements FeedSource {
  private readonly token: TokenSource;

  /** `baseUrl`: e.g. "https://news.example" (no trailing slash). */
  constructor(private readonly baseUrl: string, token?: TokenSource) {
    this.token = token ?? (() => null);
  }

  /** The topic's current state; an empty one when nothing has been published to it yet. */
  async getTopic(topic: string): Promise<TopicState> {
    const response = await this.fetch(`/api/topics/${encodeURIComponent(topic)}`);
    if (response.status === 404) {
      return { topic, title: null, summary: null, status: "live", latestSeq: 0, readers: 0, pinned: [], developments: [] };
    }
    return this.json<TopicState>(response);
  }

  /** `{topic, latestSeq, reset, events}` after `after`. Revalidates with the server (ETag) instead of reusing a cached page. */
  async getEvents(topic: string, after: number): Promise<EventPage> {
    return this.json<EventPage>(await this.fetch(`/api/topics/${encodeURIComponent(topic)}/events?after=${after}`));
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const token = await this.token();
    if (token) {
      headers.set("Authorization", `Bearer ${token}`);
    }
    return fetch(this.baseUrl + path, { cache: "no-cache", ...init, headers });
  }

  async json<T>(response: Response): Promise<T> {
    if (!response.ok) {
      throw new Error(`LiveWire: ${response.url} answered ${response.status}`);
    }
    return (await response.json()) as T;
  }
}
