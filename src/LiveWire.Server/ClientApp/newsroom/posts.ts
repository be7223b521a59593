// The console's list of a topic's posts: seq, times, state, actions (correct, retract, pin) and, for admins, reach.
import type { LiveEvent, TopicState } from "../index.js";
import type { DeliveryReport } from "../shared/delivery.js";
import { query } from "../shared/dom.js";
import { messageOf } from "../shared/errors.js";
import { element, formatTime, postFromEvent, postsOf, renderPost } from "../shared/render.js";
import type { Post } from "../shared/render.js";
import { ProblemError } from "./api.js";
import type { NewsroomApi } from "./api.js";
import { clearErrors, onSubmit } from "./forms.js";

const REACH_REFRESH_MS = 5000;
const REACH_POSTS = 20;

/** A post's reach line: who was sent its publish event, who acked it, and how fast (median). */
function reachText(report: DeliveryReport): string {
  return `Reach: ${report.subscribers} subscribers · ${report.acks} acks · p50 ${Math.round(report.latencyMs.p50)} ms`;
}

function field<T extends HTMLInputElement | HTMLTextAreaElement>(form: HTMLFormElement, label: string, name: string, control: T): T {
  const id = `${form.id}-${name}`;
  control.id = id;
  control.name = name;
  const error = element("p", "field-error");
  error.dataset.errorFor = name;
  error.setAttribute("role", "alert");
  const labelNode = element("label", undefined, label);
  labelNode.htmlFor = id;
  form.append(labelNode, control, error);
  return control;
}

function buttonRow(form: HTMLFormElement, submitText: string, onCancel: () => void): void {
  const general = element("p", "field-error");
  general.dataset.errorFor = "form";
  general.setAttribute("role", "alert");
  const submit = element("button", "primary", submitText);
  submit.type = "submit";
  const cancel = element("button", "link-button", "Cancel");
  cancel.type = "button";
  cancel.addEventListener("click", onCancel);
  const row = element("div", "row");
  row.append(submit, cancel);
  form.append(general, row);
  form.addEventListener("keydown", (event) => { if (event.key === "Escape") onCancel(); });
}

export class PostList {
  private topic: string | null = null;
  private posts = new Map<string, Post>();
  private reachTimer: ReturnType<typeof setInterval> | undefined;

  /** `showReach`: the token has the admin role, which the delivery reports need. */
  constructor(
    private readonly list: HTMLOListElement,
    private readonly empty: HTMLElement,
    private readonly api: NewsroomApi,
    private readonly showReach: boolean,
  ) {}

  open(topic: string): void {
    this.topic = topic;
    this.posts = new Map();
    this.list.replaceChildren();
    clearInterval(this.reachTimer);
    if (this.showReach) {
      this.reachTimer = setInterval(() => this.refreshReach(), REACH_REFRESH_MS);
    }
  }

  render(state: TopicState): void {
    const { developments } = postsOf(state);
    this.posts = new Map(developments.map((post) => [post.id, post]));
    this.list.replaceChildren(...developments.map((post) => this.item(post)));
    this.empty.hidden = this.posts.size > 0;
    this.refreshReach();
  }

  apply(event: LiveEvent): void {
    const previous = this.posts.get(event.id);
    if (event.kind === "retracted") {
      this.posts.delete(event.id);
      this.find(event.id)?.remove();
    } else if (event.kind === "published" && !previous) {
      const post = postFromEvent(event);
      this.posts.set(post.id, post);
      this.list.prepend(this.item(post));
      this.refreshReach(post);
    } else if (previous && event.kind !== "published") {
      const post = event.kind === "corrected" ? postFromEvent(event, previous) : { ...previous, pinned: event.kind === "pinned" };
      this.posts.set(post.id, post);
      this.find(post.id)?.replaceWith(this.item(post));
    }
    this.empty.hidden = this.posts.size > 0;
  }

  /** The open topic: the list shows posts, and so has actions, only once one is open. */
  private get openTopic(): string {
    if (this.topic === null) {
      throw new Error("No topic is open.");
    }
    return this.topic;
  }

  private find(id: string): Element | null {
    return this.list.querySelector(`:scope > li[data-id="${CSS.escape(id)}"]`);
  }

  private item(post: Post): HTMLLIElement {
    const item = element("li", "console-post");
    item.dataset.id = post.id;
    const facts = element("p", "post-facts");
    facts.append(
      element("span", "post-seq", `seq ${post.seq}`),
      element("span", "post-time", `published ${formatTime(post.publishedAt)}`),
      element("span", "post-revision", post.revision > 1 ? `revision ${post.revision}, corrected ${formatTime(post.updatedAt)}` : "revision 1"),
    );
    const reach = element("p", "post-reach", this.showReach ? "Reach: waiting for the first report…" : "");
    reach.hidden = !this.showReach;
    const preview = element("ol", "lw-posts");
    preview.append(renderPost(this.openTopic, post));
    const rendered = element("div", "lw-root");
    rendered.append(preview);

    const actions = element("div", "post-actions");
    const correct = element("button", undefined, "Correct");
    correct.type = "button";
    correct.addEventListener("click", () => this.editForm(item, post));
    const pin = element("button", undefined, post.pinned ? "Unpin" : "Pin as key event");
    pin.type = "button";
    pin.addEventListener("click", () => this.run(item, () => this.api.pin(this.openTopic, post.id, !post.pinned)));
    const retract = element("button", "danger", "Retract");
    retract.type = "button";
    retract.addEventListener("click", () => this.retractForm(item, post));
    actions.append(correct, pin, retract);
    const status = element("p", "field-error");
    status.setAttribute("role", "alert");
    item.append(facts, rendered, reach, actions, status);
    return item;
  }

  private async run(item: HTMLLIElement, action: () => Promise<unknown>): Promise<void> {
    const status = query(item, ":scope > .field-error", HTMLElement);
    status.textContent = "";
    try {
      await action();
    } catch (error) {
      status.textContent = messageOf(error);
    }
  }

  private editForm(item: HTMLLIElement, post: Post): void {
    const form = element("form", "inline-form");
    form.id = `correct-${post.id}`;
    form.noValidate = true;
    const headline = field(form, "Headline", "headline", element("input"));
    headline.value = post.headline ?? "";
    const body = field(form, "Body", "body", element("textarea"));
    body.rows = 4;
    body.value = post.body ?? "";
    const breakingLabel = element("label", "check");
    const breaking = element("input");
    breaking.type = "checkbox";
    breaking.name = "breaking";
    breaking.checked = post.priority === "breaking";
    breakingLabel.append(breaking, " Breaking");
    form.append(breakingLabel);
    const close = () => { form.remove(); this.actionsOf(item).hidden = false; };
    buttonRow(form, "Save correction", close);
    onSubmit(form, async () => {
      await this.api.correct(this.openTopic, post.id, {
        headline: headline.value,
        body: body.value,
        priority: breaking.checked ? "breaking" : "normal",
        author: post.author,
        tags: post.tags,
      });
      close();
    });
    this.showForm(item, form);
  }

  private retractForm(item: HTMLLIElement, post: Post): void {
    const form = element("form", "inline-form");
    form.id = `retract-${post.id}`;
    form.noValidate = true;
    const reason = field(form, "Reason (shown to readers)", "reason", element("input"));
    reason.required = true;
    const close = () => { form.remove(); this.actionsOf(item).hidden = false; };
    buttonRow(form, "Retract this post", close);
    query(form, "button.primary", HTMLButtonElement).classList.add("danger");
    onSubmit(form, async () => {
      if (!reason.value.trim()) {
        throw new ProblemError(400, { errors: { reason: ["Give readers a reason."] } });
      }
      await this.api.retract(this.openTopic, post.id, reason.value.trim());
      close();
    });
    this.showForm(item, form);
  }

  private showForm(item: HTMLLIElement, form: HTMLFormElement): void {
    item.querySelector(".inline-form")?.remove();
    this.actionsOf(item).hidden = true;
    clearErrors(form);
    item.append(form);
    const first = form.querySelector("input, textarea");
    if (first instanceof HTMLElement) {
      first.focus();
    }
  }

  private actionsOf(item: HTMLLIElement): HTMLElement {
    return query(item, ".post-actions", HTMLElement);
  }

  /** Reach of the newest posts (or of one), from the admin delivery report of its publish event. */
  private async refreshReach(only?: Post): Promise<void> {
    const topic = this.topic;
    if (!this.showReach || !topic) {
      return;
    }
    const posts = only ? [only] : [...this.posts.values()].slice(0, REACH_POSTS);
    await Promise.all(posts.map(async (post) => {
      const line = this.find(post.id)?.querySelector(".post-reach");
      if (!line) return;
      try {
        line.textContent = reachText(await this.api.delivery(topic, post.seq));
      } catch (error) {
        line.textContent = error instanceof ProblemError
          ? (error.status === 404 ? "Reach: no report yet" : `Reach: unavailable (${error.status})`)
          : `Reach: unavailable (${messageOf(error)})`;
      }
    }));
  }
}
