// The newsroom console (/newsroom): sign in with a token, pick or create a story, publish, correct, retract, pin.
import type { Subscription } from "../index.js";
import { LiveWireClient } from "../shared/client.js";
import { byId, control } from "../shared/dom.js";
import { messageOf } from "../shared/errors.js";
import { renderPost } from "../shared/render.js";
import { NewsroomApi } from "./api.js";
import type { Draft } from "./api.js";
import { clearErrors, onSubmit, showErrors } from "./forms.js";
import { PostList } from "./posts.js";
import { sanitize } from "./preview.js";
import { rolesOf, session } from "./session.js";
import { checkTopicName } from "./topics.js";

/** What signing in sets up. */
interface Workspace {
  api: NewsroomApi;
  client: LiveWireClient;
  posts: PostList;
}

let workspace: Workspace | null = null;
let subscription: Subscription | null = null;
let topic: string | null = null;

/** The workspace: the forms that use it are hidden until sign-in. */
function signedIn(): Workspace {
  if (!workspace) {
    throw new Error("Sign in first.");
  }
  return workspace;
}

/** The story the story and compose forms act on: they are hidden until one is open. */
function openedTopic(): string {
  if (topic === null) {
    throw new Error("Open a story first.");
  }
  return topic;
}

function signIn(token: string): void {
  const { subject, roles } = rolesOf(token);
  if (!roles.includes("newsroom")) {
    throw new Error("This token has no newsroom role: it cannot publish.");
  }
  const admin = roles.includes("admin");
  session.token = token;
  const api = new NewsroomApi(token);
  const client = new LiveWireClient(location.origin, { accessToken: () => api.hubToken() });
  const connection = byId("connection", HTMLElement);
  client.onStateChange((state) => {
    connection.dataset.state = state;
    connection.textContent = state === "live" ? "Live" : state === "polling" ? "Live (polling)" : "Reconnecting…";
  });
  workspace = { api, client, posts: new PostList(byId("posts", HTMLOListElement), byId("no-posts", HTMLElement), api, admin) };
  byId("who", HTMLElement).textContent = `Signed in as ${subject} (${roles.join(", ")}).`;
  byId("reach-note", HTMLElement).textContent = admin
    ? "Each post shows its reach: subscribers, acks and median delivery latency from the delivery report."
    : "Reach (subscribers, acks, latency) needs a token with the admin role; this one has none, so it is not shown.";
  byId("signin-form", HTMLFormElement).hidden = true;
  byId("signed-in", HTMLElement).hidden = false;
  byId("workspace", HTMLElement).hidden = false;
  loadTopics();
  byId("topic", HTMLInputElement).focus();
}

async function loadTopics(): Promise<void> {
  const topics = await signedIn().api.listTopics().catch(() => []);
  byId("topic-list", HTMLDataListElement).replaceChildren(...topics.map((t) => {
    const option = document.createElement("option");
    option.value = t.topic;
    option.label = t.title ? `${t.title} (${t.status})` : t.status;
    return option;
  }));
}

async function openTopic(name: string): Promise<void> {
  checkTopicName(name);
  const { api, client, posts } = signedIn();
  topic = name;
  const state = await api.getTopic(name);
  const form = byId("topic-form", HTMLFormElement);
  control(form, "title", HTMLInputElement).value = state?.title ?? "";
  control(form, "summary", HTMLTextAreaElement).value = state?.summary ?? "";
  control(form, "status", HTMLSelectElement).value = state?.status ?? "live";
  byId("view-live", HTMLAnchorElement).href = `/live/${name}`;
  form.hidden = false;
  byId("compose-panel", HTMLElement).hidden = false;
  byId("posts-panel", HTMLElement).hidden = false;
  // The heading's first text, before the connection's state: "Published ".
  const heading = byId("posts-heading", HTMLElement);
  if (heading.firstChild) {
    heading.firstChild.textContent = `Published on ${name} `;
  }
  history.replaceState(null, "", `?topic=${name}`);

  await subscription?.unsubscribe();
  posts.open(name);
  subscription = client.subscribe(name, (event) => posts.apply(event), {
    onState: (s) => posts.render(s),
  });
  await subscription.ready;
  updatePreview();
}

function composeValues(): Draft {
  const form = byId("compose", HTMLFormElement);
  return {
    headline: control(form, "headline", HTMLInputElement).value,
    body: control(form, "body", HTMLTextAreaElement).value,
    author: control(form, "author", HTMLInputElement).value || undefined,
    priority: control(form, "breaking", HTMLInputElement).checked ? "breaking" : "normal",
    pinned: control(form, "pinned", HTMLInputElement).checked,
  };
}

function updatePreview(): void {
  const values = composeValues();
  const now = new Date().toISOString();
  byId("preview", HTMLOListElement).replaceChildren(renderPost(topic ?? "preview", {
    ...values,
    id: "preview",
    seq: 0,
    revision: 1,
    headline: values.headline || "Headline",
    body: sanitize(values.body),
    publishedAt: now,
    updatedAt: now,
  }));
}

function wire(): void {
  const signinForm = byId("signin-form", HTMLFormElement);
  const token = control(signinForm, "token", HTMLInputElement);
  signinForm.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(signinForm);
    try {
      signIn(token.value.trim());
    } catch (error) {
      byId("token-error", HTMLElement).textContent = messageOf(error);
      token.setAttribute("aria-invalid", "true");
      token.focus();
    }
  });
  byId("signout", HTMLButtonElement).addEventListener("click", () => {
    session.token = null;
    location.assign("/newsroom");
  });

  const pick = byId("topic-pick", HTMLFormElement);
  onSubmit(pick, () => openTopic(control(pick, "topic", HTMLInputElement).value.trim()), "Opened");

  const topicForm = byId("topic-form", HTMLFormElement);
  onSubmit(topicForm, async () => {
    await signedIn().api.setTopic(openedTopic(), {
      title: control(topicForm, "title", HTMLInputElement).value || null,
      summary: control(topicForm, "summary", HTMLTextAreaElement).value || null,
      status: control(topicForm, "status", HTMLSelectElement).value,
    });
    await loadTopics();
  });

  const compose = byId("compose", HTMLFormElement);
  onSubmit(compose, async () => {
    await signedIn().api.publish(openedTopic(), composeValues());
    compose.reset();
    updatePreview();
    control(compose, "headline", HTMLInputElement).focus();
  }, "Published");
  compose.addEventListener("input", updatePreview);
  compose.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      compose.requestSubmit();
    }
  });
}

wire();
if (session.token) {
  try {
    signIn(session.token);
    const wanted = new URLSearchParams(location.search).get("topic");
    if (wanted) {
      byId("topic", HTMLInputElement).value = wanted;
      openTopic(wanted).catch((error: unknown) => showErrors(byId("topic-pick", HTMLFormElement), error));
    }
  } catch {
    session.token = null;
  }
}
