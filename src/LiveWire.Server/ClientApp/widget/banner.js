// The site-wide breaking-news banner, fed by the `breaking` topic (contract: every breaking publish lands there).
import { element } from "../shared/render.js";

/** How long a breaking development stays in the banner after it was published. */
const FRESH_MS = 30 * 60 * 1000;

/** Shows the latest breaking development in `root` (until dismissed or retracted), linking to its story. */
export class BreakingBanner {
  constructor(root, baseUrl) {
    this.root = root;
    this.baseUrl = baseUrl;
    this.current = null;
    this.dismissed = new Set();
  }

  render(state) {
    const latest = state.developments[0];
    this.show(latest && Date.now() - Date.parse(latest.publishedAt) < FRESH_MS ? latest : null);
  }

  apply(event) {
    if (event.kind === "published") {
      this.show({ ...event, publishedAt: event.committedAt });
    } else if (event.kind === "corrected" && this.current?.id === event.id) {
      this.show({ ...this.current, headline: event.headline });
    } else if (event.kind === "retracted" && this.current?.id === event.id) {
      this.show(null);
    }
  }

  show(post) {
    this.current = post && !this.dismissed.has(post.id) ? post : null;
    if (!this.current) {
      this.root.hidden = true;
      this.root.replaceChildren();
      return;
    }
    const label = element("strong", "lw-banner-label", "Breaking");
    const link = element("a", "lw-banner-link", this.current.headline ?? "");
    link.href = `${this.baseUrl}/live/${encodeURIComponent(this.current.sourceTopic ?? "breaking")}`;
    const close = element("button", "lw-banner-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Dismiss breaking news");
    close.addEventListener("click", () => {
      this.dismissed.add(this.current.id);
      this.show(null);
    });
    this.root.classList.add("lw-banner");
    this.root.setAttribute("role", "alert");
    this.root.replaceChildren(label, link, close);
    this.root.hidden = false;
  }
}
