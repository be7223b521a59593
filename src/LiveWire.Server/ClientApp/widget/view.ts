// The widget: a self-updating list of a topic's updates inside any element.
import type { ConnectionState, LiveEvent, TopicState } from "../index.js";
import { element, postFromEvent, postsOf, renderKeyEvent, renderPost } from "../shared/render.js";
import type { Post } from "../shared/render.js";

const NOTICE_MS = 8000;
const STATUS_TEXT: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  live: "Live",
  polling: "Live (polling)",
  reconnecting: "Reconnecting…",
};

/**
 * Renders a topic into `root`: key events, then updates newest first. New updates go on top, or wait behind an
 * "N new updates" button while the reader has scrolled down; corrections re-render in place with a "Corrected"
 * mark; retractions leave a short notice; a polite live region announces new updates.
 */
export class TopicView {
  /** id -> current post */
  private posts = new Map<string, Post>();
  private readonly status = element("span", "lw-status");
  private readonly keySection = element("section", "lw-key");
  private readonly keyList = element("ol", "lw-key-list");
  private readonly newButton = element("button", "lw-new");
  private readonly list = element("ol", "lw-posts");
  private readonly queue = element("ol", "lw-queue");
  private readonly empty = element("p", "lw-empty", "No updates yet. This page updates itself as the story develops.");
  private readonly announcer = element("div", "lw-sr");
  private readonly widget = element("div", "lw-widget");

  constructor(private readonly root: HTMLElement, private readonly topic: string) {
    this.status.setAttribute("role", "status");
    this.keySection.setAttribute("aria-label", "Key events");
    this.keySection.append(element("h2", "lw-key-title", "Key events"));
    this.keySection.append(this.keyList);
    this.newButton.type = "button";
    this.newButton.hidden = true;
    this.newButton.addEventListener("click", () => this.showQueued(true));
    this.list.setAttribute("aria-label", "Latest updates");
    this.queue.hidden = true;
    this.announcer.setAttribute("aria-live", "polite");
    const bar = element("div", "lw-bar");
    bar.append(this.status);
    // The server's first paint (same markup) stays until the state arrives, so hydrating does not flash.
    this.widget.append(bar, this.keySection, this.newButton, this.list, this.queue, this.empty, this.announcer);
    this.setStatus("connecting");
    window.addEventListener("scroll", () => { if (!this.scrolledDown()) this.showQueued(false); }, { passive: true });
  }

  setStatus(state: ConnectionState): void {
    this.status.dataset.state = state;
    this.status.textContent = STATUS_TEXT[state];
  }

  /** Replaces everything with `state` (from `GET /api/topics/{topic}`). */
  render(state: TopicState): void {
    if (this.widget.parentNode !== this.root) {
      this.root.replaceChildren(this.widget);
      this.root.classList.add("lw-root");
    }
    const { developments, pinned } = postsOf(state);
    this.posts = new Map(developments.map((post) => [post.id, post]));
    for (const post of pinned) {
      this.posts.set(post.id, this.posts.get(post.id) ?? post);
    }
    this.list.replaceChildren(...developments.map((post) => renderPost(this.topic, post)));
    this.queue.replaceChildren();
    this.keyList.replaceChildren(...pinned.map((post) => renderKeyEvent(this.topic, post)));
    this.updateChrome();
  }

  /** Applies one event (already in seq order). */
  apply(event: LiveEvent): void {
    const previous = this.posts.get(event.id);
    switch (event.kind) {
      case "published":
        if (!previous) {
          this.add(postFromEvent(event));
        }
        break;
      case "corrected":
        if (previous) {
          this.replace(postFromEvent(event, previous));
        }
        break;
      case "pinned":
      case "unpinned":
        if (previous) {
          this.replace({ ...previous, pinned: event.kind === "pinned" });
        }
        break;
      case "retracted":
        this.retract(event);
        break;
    }
    this.updateChrome();
  }

  private add(post: Post): void {
    this.posts.set(post.id, post);
    const item = renderPost(this.topic, post);
    if (this.scrolledDown()) {
      this.queue.prepend(item);
    } else {
      this.list.prepend(item);
    }
    if (post.pinned) {
      this.keyList.prepend(renderKeyEvent(this.topic, post));
    }
    this.announce(`${post.priority === "breaking" ? "Breaking" : "New update"}: ${post.headline}`);
  }

  private replace(post: Post): void {
    this.posts.set(post.id, post);
    this.find(this.root, post.id, ".lw-post")?.replaceWith(renderPost(this.topic, post));
    const key = this.find(this.keyList, post.id);
    if (post.pinned) {
      const item = renderKeyEvent(this.topic, post);
      if (key) key.replaceWith(item); else this.keyList.prepend(item);
    } else {
      key?.remove();
    }
  }

  private retract(event: LiveEvent): void {
    this.posts.delete(event.id);
    this.find(this.keyList, event.id)?.remove();
    const item = this.find(this.root, event.id, ".lw-post");
    if (!item) {
      return;
    }
    const notice = element("li", "lw-notice", event.reason ? `An update was withdrawn: ${event.reason}` : "An update was withdrawn.");
    item.replaceWith(notice);
    setTimeout(() => notice.remove(), NOTICE_MS);
  }

  /** The element for post `id` in `scope`, if it shows one. */
  private find(scope: ParentNode, id: string, selector = ""): Element | null {
    return scope.querySelector(`${selector}[data-id="${CSS.escape(id)}"]`);
  }

  /** True while the top of the list is above the viewport: a new update there would push the page under the reader. */
  private scrolledDown(): boolean {
    return this.list.getBoundingClientRect().top < 0;
  }

  private showQueued(scroll: boolean): void {
    if (this.queue.childElementCount === 0) {
      return;
    }
    this.list.prepend(...this.queue.children);
    this.updateChrome();
    if (scroll) {
      this.root.scrollIntoView({ behavior: "smooth", block: "start" });
      const newest = this.list.querySelector(".lw-post");
      if (newest instanceof HTMLElement) {
        newest.focus();
      }
    }
  }

  private updateChrome(): void {
    const queued = this.queue.childElementCount;
    this.newButton.hidden = queued === 0;
    this.newButton.textContent = queued === 1 ? "1 new update" : `${queued} new updates`;
    this.keySection.hidden = this.keyList.childElementCount === 0;
    this.empty.hidden = this.posts.size > 0;
  }

  private announce(text: string): void {
    this.announcer.textContent = text;
  }
}
