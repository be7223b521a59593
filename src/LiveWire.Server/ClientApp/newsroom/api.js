// The newsroom HTTP API (docs/contract.md, "Newsroom HTTP API"), with its problem+json errors.

/** An error answer: `status`, `title`, and `errors` by field name (from a 400). */
export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem.detail ?? problem.title ?? `The server answered ${status}.`);
    this.status = status;
    this.errors = problem.errors ?? {};
  }
}

/** A random idempotency key (crypto.randomUUID needs a secure context; this does not). */
function newKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

export class NewsroomApi {
  constructor(token) {
    this.token = token;
    this.hub = null;
  }

  /**
   * A short-lived token for the hub's URL, swapped for the newsroom token (which travels only in headers): a hub URL
   * can end up in a proxy's log. Kept until shortly before it expires; null where the server mints none.
   */
  async hubToken() {
    if (this.hub && Date.parse(this.hub.expiresAt) - Date.now() > 30_000) return this.hub.token;
    try {
      this.hub = await this.call("POST", "/api/hub-token");
      return this.hub.token;
    } catch (error) {
      if (error.status === 404) return null;
      throw error;
    }
  }

  listTopics() { return this.call("GET", "/api/topics"); }

  async getTopic(topic) {
    try {
      return await this.call("GET", `/api/topics/${topic}`);
    } catch (error) {
      if (error.status === 404) return null;
      throw error;
    }
  }

  setTopic(topic, fields) { return this.call("PUT", `/api/topics/${topic}`, fields); }
  publish(topic, development) { return this.call("POST", `/api/topics/${topic}/developments`, development); }
  correct(topic, id, content) { return this.call("PUT", `/api/topics/${topic}/developments/${encodeURIComponent(id)}`, content); }
  retract(topic, id, reason) { return this.call("DELETE", `/api/topics/${topic}/developments/${encodeURIComponent(id)}`, { reason }); }
  pin(topic, id, pinned) { return this.call(pinned ? "PUT" : "DELETE", `/api/topics/${topic}/developments/${encodeURIComponent(id)}/pin`); }
  delivery(topic, seq) { return this.call("GET", `/api/topics/${topic}/events/${seq}/delivery`); }

  async call(method, path, body) {
    const headers = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (method !== "GET") {
      // A retried click must not post twice: the API answers a repeated key with its first answer.
      headers["Idempotency-Key"] = newKey();
    }
    const response = await fetch(path, { method, headers, cache: "no-cache", body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new ProblemError(response.status, json ?? {});
    }
    return json;
  }
}
