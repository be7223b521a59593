// The console's list of a topic's posts: seq, times, state, actions (correct, retract, pin) and, for admins, reach.
import { element, formatTime, postFromEvent, renderPost } from "../shared/render.js";
import { ProblemError } from "./api.js";
import { clearErrors, onSubmit } from "./forms.js";

const REACH_REFRESH_MS = 5000;
const REACH_POSTS = 20;

function field(form, label, name, control) {
  const id = `${form.id}-${name}`;
  control.id = id;
  control.name = name;
  const error = element("p", "field-error");
  error.dataset.errorFor = name;
  error.setAttribute("role", "alert");
  const labelNode = element("label", null, label);
  labelNode.htmlFor = id;
  form.append(labelNode, control, error);
  return control;
}

function buttonRow(form, submitText, onCancel) {
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
  /**
   * @param {HTMLOListElement} list
   * @param {import("./api.js").NewsroomApi} api
   * @param {boolean} showReach
   */
  constructor(list, empty, api, showReach) {
    this.list = list;
    this.empty = empty;
    this.api = api;
    this.showReach = showReach;
    this.topic = null;
    this.posts = new Map();
    this.reachTimer = null;
  }

  open(topic) {
    this.topic = topic;
    this.posts = new Map();
    this.list.replaceChildren();
    clearInterval(this.reachTimer);
    if (this.showReach) {
      this.reachTimer = setInterval(() => this.refreshReach(), REACH_REFRESH_MS);
    }
  }

  render(state) {
    this.posts = new Map(state.developments.map((post) => [post.id, post]));
    this.list.replaceChildren(...state.developments.map((post) => this.item(post)));
    this.empty.hidden = this.posts.size > 0;
    this.refreshReach();
  }

  apply(event) {
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

  find(id) {
    return this.list.querySelector(`:scope > li[data-id="${CSS.escape(id)}"]`);
  }

  item(post) {
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
    preview.append(renderPost(this.topic, post));
    const rendered = element("div", "lw-root");
    rendered.append(preview);

    const actions = element("div", "post-actions");
    const correct = element("button", null, "Correct");
    correct.type = "button";
    correct.addEventListener("click", () => this.editForm(item, post));
    const pin = element("button", null, post.pinned ? "Unpin" : "Pin as key event");
    pin.type = "button";
    pin.addEventListener("click", () => this.run(item, () => this.api.pin(this.topic, post.id, !post.pinned)));
    const retract = element("button", "danger", "Retract");
    retract.type = "button";
    retract.addEventListener("click", () => this.retractForm(item, post));
    actions.append(correct, pin, retract);
    const status = element("p", "field-error");
    status.setAttribute("role", "alert");
    item.append(facts, rendered, reach, actions, status);
    return item;
  }

  async run(item, action) {
    const status = item.querySelector(":scope > .field-error");
    status.textContent = "";
    try {
      await action();
    } catch (error) {
      status.textContent = error.message;
    }
  }

  editForm(item, post) {
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
    const close = () => { form.remove(); item.querySelector(".post-actions").hidden = false; };
    buttonRow(form, "Save correction", close);
    onSubmit(form, async () => {
      await this.api.correct(this.topic, post.id, {
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

  retractForm(item, post) {
    const form = element("form", "inline-form");
    form.id = `retract-${post.id}`;
    form.noValidate = true;
    const reason = field(form, "Reason (shown to readers)", "reason", element("input"));
    reason.required = true;
    const close = () => { form.remove(); item.querySelector(".post-actions").hidden = false; };
    buttonRow(form, "Retract this post", close);
    form.querySelector("button.primary").classList.add("danger");
    onSubmit(form, async () => {
      if (!reason.value.trim()) {
        throw new ProblemError(400, { errors: { reason: ["Give readers a reason."] } });
      }
      await this.api.retract(this.topic, post.id, reason.value.trim());
      close();
    });
    this.showForm(item, form);
  }

  showForm(item, form) {
    item.querySelector(".inline-form")?.remove();
    item.querySelector(".post-actions").hidden = true;
    clearErrors(form);
    item.append(form);
    form.querySelector("input, textarea")?.focus();
  }

  /** Reach of the newest posts (or of one), from the admin delivery report of its publish event. */
  async refreshReach(only) {
    if (!this.showReach || !this.topic) {
      return;
    }
    const posts = only ? [only] : [...this.posts.values()].slice(0, REACH_POSTS);
    await Promise.all(posts.map(async (post) => {
      const line = this.find(post.id)?.querySelector(".post-reach");
      if (!line) return;
      try {
        const report = await this.api.delivery(this.topic, post.seq);
        const p50 = report.latencyMs?.p50;
        line.textContent = `Reach: ${report.subscribers} subscribers · ${report.acks} acks · p50 ${p50 == null ? "–" : `${Math.round(p50)} ms`}`;
      } catch (error) {
        line.textContent = error.status === 404 ? "Reach: no report yet" : `Reach: unavailable (${error.status ?? error.message})`;
      }
    }));
  }
}
