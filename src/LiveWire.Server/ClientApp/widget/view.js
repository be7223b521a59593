// The widget: a self-updating list of a topic's updates inside any element.
import { element, postAnchor, postFromEvent, renderKeyEvent, renderPost } from "../shared/render.js";

const NOTICE_MS = 8000;
const STATUS_TEXT = {
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
  constructor(root, topic) {
    this.root = root;
    this.topic = topic;
    /** @type {Map<string, object>} id -> current post */
    this.posts = new Map();
    this.status = element("span", "lw-status");
    this.status.setAttribute("role", "status");
    this.keySection = element("section", "lw-key");
    this.keySection.setAttribute("aria-label", "Key events");
    this.keySection.append(element("h2", "lw-key-title", "Key events"));
    this.keyList = element("ol", "lw-key-list");
    this.keySection.append(this.keyList);
    this.newButton = element("button", "lw-new");
    this.newButton.type = "button";
    this.newButton.hidden = true;
    this.newButton.addEventListener("click", () => this.showQueued(true));
    this.list = element("ol", "lw-posts");
    this.list.setAttribute("aria-label", "Latest updates");
    this.queue = element("ol", "lw-queue");
    this.queue.hidden = true;
    this.empty = element("p", "lw-empty", "No updates yet. This page updates itself as the story develops.");
    this.announcer = element("div", "lw-sr");
    this.announcer.setAttribute("aria-live", "polite");
    const bar = element("div", "lw-bar");
    bar.append(this.status);
    const widget = element("div", "lw-widget");
    widget.append(bar, this.keySection, this.newButton, this.list, this.queue, this.empty, this.announcer);
    // The server's first paint (same markup) stays until the state arrives, so hydrating does not flash.
    this.widget = widget;
    this.setStatus("connecting");
    window.addEventListener("scroll", () => { if (!this.scrolledDown()) this.showQueued(false); }, { passive: true });
  }

  setStatus(state) {
    this.status.dataset.state = state;
    this.status.textContent = STATUS_TEXT[state] ?? state;
  }

  /** Replaces everything with `state` (from `GET /api/topics/{topic}`). */
  render(state) {
    if (this.widget.parentNode !== this.root) {
      this.root.replaceChildren(this.widget);
      this.root.classList.add("lw-root");
    }
    this.posts = new Map(state.developments.map((post) => [post.id, post]));
    for (const pinned of state.pinned) {
      this.posts.set(pinned.id, this.posts.get(pinned.id) ?? pinned);
    }
    this.list.replaceChildren(...state.developments.map((post) => renderPost(this.topic, post)));
    this.queue.replaceChildren();
    this.keyList.replaceChildren(...state.pinned.map((post) => renderKeyEvent(this.topic, post)));
    this.updateChrome();
  }

  /** Applies one event (already in seq order). */
  apply(event) {
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

  add(post) {
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

  replace(post) {
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

  retract(event) {
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

  find(scope, id, selector = "") {
    return scope.querySelector(`${selector}[data-id="${CSS.escape(id)}"]`);
  }

  /** True while the top of the list is above the viewport: a new update there would push the page under the reader. */
  scrolledDown() {
    return this.list.getBoundingClientRect().top < 0;
  }

  showQueued(scroll) {
    if (this.queue.childElementCount === 0) {
      return;
    }
    this.list.prepend(...this.queue.children);
    this.updateChrome();
    if (scroll) {
      this.root.scrollIntoView({ behavior: "smooth", block: "start" });
      this.list.querySelector(".lw-post")?.focus?.();
    }
  }

  updateChrome() {
    const queued = this.queue.childElementCount;
    this.newButton.hidden = queued === 0;
    this.newButton.textContent = queued === 1 ? "1 new update" : `${queued} new updates`;
    this.keySection.hidden = this.keyList.childElementCount === 0;
    this.empty.hidden = this.posts.size > 0;
  }

  announce(text) {
    this.announcer.textContent = text;
  }
}

export { postAnchor };
