// The markup of one update. The Server renders the same markup for the first paint (Pages/PostMarkup.cs).
import type { LiveEvent, TopicState } from "../index.js";

/** A post as `GET /api/topics/{topic}` lists it (a development), or as built from its events. */
export interface Post extends Pick<LiveEvent, "id" | "headline" | "body" | "priority" | "author" | "tags" | "pinned"> {
  seq: number;
  revision: number;
  sourceTopic?: string;
  publishedAt: string;
  updatedAt: string;
}

/** A topic state's developments and key events as posts: what the server sends, which the published types leave open. */
export function postsOf(state: TopicState): { developments: Post[]; pinned: Post[] } {
  return { developments: state.developments as Post[], pinned: state.pinned as Post[] };
}

/** "14:05" in the reader's time zone. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function time(iso: string, className: string): HTMLTimeElement {
  const node = element("time", className, formatTime(iso));
  node.dateTime = iso;
  return node;
}

/** The anchor id of a post, unique across the topics on a page. */
export function postAnchor(topic: string, id: string): string {
  return `lw-${topic}-${id}`;
}

/**
 * One update as a list item. `post`: `{id, seq, revision, headline, body, priority, author, pinned, publishedAt,
 * updatedAt}` (a development from `GET /api/topics/{topic}`, or one built from events).
 * The body was sanitised to a safe subset when it was accepted, so it is inserted as HTML; everything else as text.
 */
export function renderPost(topic: string, post: Post): HTMLLIElement {
  const item = element("li", "lw-post");
  item.id = postAnchor(topic, post.id);
  item.dataset.id = post.id;
  item.dataset.seq = String(post.seq);
  item.dataset.revision = String(post.revision);
  item.classList.toggle("lw-breaking", post.priority === "breaking");
  item.classList.toggle("lw-pinned", !!post.pinned);

  const meta = element("div", "lw-meta");
  meta.append(time(post.publishedAt, "lw-time"));
  if (post.priority === "breaking") {
    meta.append(element("span", "lw-flag lw-flag-breaking", "Breaking"));
  }
  if (post.pinned) {
    meta.append(element("span", "lw-flag lw-flag-key", "Key event"));
  }
  item.append(meta, element("h3", "lw-headline", post.headline ?? ""));

  const body = element("div", "lw-body");
  body.innerHTML = post.body ?? "";
  item.append(body);

  if (post.author) {
    item.append(element("p", "lw-author", post.author));
  }
  if (post.revision > 1) {
    const corrected = element("p", "lw-corrected", "Corrected ");
    corrected.append(time(post.updatedAt, "lw-corrected-time"));
    item.append(corrected);
  }
  return item;
}

/** A key event: a link to its post. */
export function renderKeyEvent(topic: string, post: Post): HTMLLIElement {
  const item = element("li", "lw-key-event");
  item.dataset.id = post.id;
  const link = element("a");
  link.href = `#${postAnchor(topic, post.id)}`;
  link.append(time(post.publishedAt, "lw-time"), " ", element("span", "lw-key-headline", post.headline ?? ""));
  item.append(link);
  return item;
}

/** The current state of a post after `event` (published or corrected). */
export function postFromEvent(event: LiveEvent, previous?: Post): Post {
  return {
    id: event.id,
    seq: previous?.seq ?? event.seq,
    revision: event.revision as number,
    headline: event.headline,
    body: event.body,
    priority: event.priority,
    author: event.author,
    tags: event.tags,
    pinned: event.pinned,
    sourceTopic: event.sourceTopic as string | undefined,
    publishedAt: previous?.publishedAt ?? (event.committedAt as string),
    updatedAt: event.committedAt as string,
  };
}

export { element };
