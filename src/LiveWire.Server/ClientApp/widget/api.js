// The reader's HTTP API (docs/contract.md, "Reader API").

/** Reads and writes LiveWire's HTTP API at one base address, with an optional bearer token. */
export class ReaderApi {
  /**
   * @param {string} baseUrl e.g. "https://news.example" (no trailing slash)
   * @param {() => (string | null | Promise<string | null>)} [token]
   */
  constructor(baseUrl, token) {
    this.baseUrl = baseUrl;
    this.token = token ?? (() => null);
  }

  /** The topic's current state; an empty one when nothing has been published to it yet. */
  async getTopic(topic) {
    const response = await this.fetch(`/api/topics/${encodeURIComponent(topic)}`);
    if (response.status === 404) {
      return { topic, title: null, summary: null, status: "live", latestSeq: 0, readers: 0, pinned: [], developments: [] };
    }
    return this.json(response);
  }

  /** `{topic, latestSeq, reset, events}` after `after`. Revalidates with the server (ETag) instead of reusing a cached page. */
  async getEvents(topic, after) {
    return this.json(await this.fetch(`/api/topics/${encodeURIComponent(topic)}/events?after=${after}`));
  }

  async fetch(path, init = {}) {
    const headers = new Headers(init.headers);
    const token = await this.token();
    if (token) {
      headers.set("Authorization", `Bearer ${token}`);
    }
    return fetch(this.baseUrl + path, { cache: "no-cache", ...init, headers });
  }

  async json(response) {
    if (!response.ok) {
      throw new Error(`LiveWire: ${response.url} answered ${response.status}`);
    }
    return response.json();
  }
}
