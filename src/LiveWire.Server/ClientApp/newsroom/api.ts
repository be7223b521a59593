// The newsroom HTTP API (docs/contract.md, "Newsroom HTTP API"), with its problem+json errors.
import type { TopicState } from "../index.js";
import type { TopicSummary } from "../shared/api.js";
import type { DeliveryReport } from "../shared/delivery.js";

/** An RFC 9457 problem, as the API answers an error; `errors` by field name on a 400. */
export interface Problem {
  title?: string;
  detail?: string;
  errors?: Record<string, string | string[]>;
}

/** A story's own fields: `PUT /api/topics/{topic}`. */
export interface TopicFields {
  title: string | null;
  summary: string | null;
  status: string;
}

/** A development's content: what a publish or a correction sends. */
export interface Content {
  headline: string;
  body: string;
  priority: "normal" | "breaking";
  author?: string;
  tags?: string[];
}

/** A new development: its content and whether it is a key event. */
export interface Draft extends Content {
  pinned: boolean;
}

/** `POST /api/hub-token`: a short-lived token for the hub's URL. */
interface HubToken {
  token: string;
  expiresAt: string;
}

/** An error answer: `status`, `title`, and `errors` by field name (from a 400). */
export class ProblemError extends Error {
  readonly errors: Record<string, string | string[]>;

  constructor(readonly status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `The server answered ${status}.`);
    this.errors = problem.errors ?? {};
  }
}

/** A random idempotency key (crypto.randomUUID needs a secure context; this does not). */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** `promise`'s answer, or null where the API answered 404. */
async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ProblemError && error.status === 404) return null;
    throw error;
  }
}

export class NewsroomApi {
  private hub: HubToken | null = null;

  constructor(private readonly token: string) {}

  /**
   * A short-lived token for the hub's URL, swapped for the newsroom token (which travels only in headers): a hub URL
   * can end up in a proxy's log. Kept until shortly before it expires; null where the server mints none.
   */
  async hubToken(): Promise<string | null> {
    if (this.hub && Date.parse(this.hub.expiresAt) - Date.now() > 30_000) return this.hub.token;
    const hub = await orNull(this.call<HubToken>("POST", "/api/hub-token"));
    if (hub) this.hub = hub;
    return hub?.token ?? null;
  }

  listTopics(): Promise<TopicSummary[]> { return this.call("GET", "/api/topics"); }
  getTopic(topic: string): Promise<TopicState | null> { return orNull(this.call<TopicState>("GET", `/api/topics/${topic}`)); }
  setTopic(topic: string, fields: TopicFields): Promise<unknown> { return this.call("PUT", `/api/topics/${topic}`, fields); }
  publish(topic: string, development: Draft): Promise<unknown> { return this.call("POST", `/api/topics/${topic}/developments`, development); }
  correct(topic: string, id: string, content: Content): Promise<unknown> { return this.call("PUT", `/api/topics/${topic}/developments/${encodeURIComponent(id)}`, content); }
  retract(topic: string, id: string, reason: string): Promise<unknown> { return this.call("DELETE", `/api/topics/${topic}/developments/${encodeURIComponent(id)}`, { reason }); }
  pin(topic: string, id: string, pinned: boolean): Promise<unknown> { return this.call(pinned ? "PUT" : "DELETE", `/api/topics/${topic}/developments/${encodeURIComponent(id)}/pin`); }
  delivery(topic: string, seq: number): Promise<DeliveryReport> { return this.call("GET", `/api/topics/${topic}/events/${seq}/delivery`); }

  /** The answer's JSON (null for an empty body), as the API documents it for this call: the type is the caller's word. */
  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (method !== "GET") {
      // A retried click must not post twice: the API answers a repeated key with its first answer.
      headers["Idempotency-Key"] = newKey();
    }
    const response = await fetch(path, { method, headers, cache: "no-cache", body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new ProblemError(response.status, (json ?? {}) as Problem);
    }
    return json as T;
  }
}
