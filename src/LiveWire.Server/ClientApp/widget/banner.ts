// The site-wide breaking-news banner, fed by the `breaking` topic (contract: every breaking publish lands there).
import type { LiveEvent, TopicState } from "../index.js";
import { element, postFromEvent, postsOf } from "../shared/render.js";
import type { Post } from "../shared/render.js";

/** How long a breaking development stays in the banner after it was published. */
const FRESH_MS = 30 * 60 * 1000;

/** Shows the latest breaking development in `root` (until dismissed or retracted), linking to its story. */
export class BreakingBanner {
  private current: Post | null = null;
  private readonly dismissed = new Set<string>();

  constructor(private readonly root: HTMLElement, private readonly baseUrl: string) {}

  render(state: TopicState): void {
    const latest: Post | undefined = postsOf(state).developments[0];
    this.show(latest && Date.now() - Date.parse(latest.publishedAt) < FRESH_MS ? latest : null);
  }

  apply(event: LiveEvent): void {
    if (event.kind === "published") {
      this.show(postFromEvent(event));
    } else if (event.kind === "corrected" && this.current?.id === event.id) {
      this.show({ ...this.current, headline: event.headline });
    } else if (event.kind === "retracted" && this.current?.id === event.id) {
      this.show(null);
    }
  }

  private show(post: Post | null): void {
    this.current = post && !this.dismissed.has(post.id) ? post : null;
    const shown = this.current;
    if (!shown) {
      this.root.hidden = true;
      this.root.replaceChildren();
      return;
    }
    const label = element("strong", "lw-banner-label", "Breaking");
    const link = element("a", "lw-banner-link", shown.headline ?? "");
    link.href = `${this.baseUrl}/live/${encodeURIComponent(shown.sourceTopic ?? "breaking")}`;
    const close = element("button", "lw-banner-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Dismiss breaking news");
    close.addEventListener("click", () => {
      this.dismissed.add(shown.id);
      this.show(null);
    });
    this.root.classList.add("lw-banner");
    this.root.setAttribute("role", "alert");
    this.root.replaceChildren(label, link, close);
    this.root.hidden = false;
  }
}
