// The newsroom console (/newsroom): sign in with a token, pick or create a story, publish, correct, retract, pin.
import { LiveWireClient } from "../shared/client.js";
import { renderPost } from "../shared/render.js";
import { NewsroomApi, ProblemError } from "./api.js";
import { clearErrors, onSubmit, showErrors } from "./forms.js";
import { PostList } from "./posts.js";
import { sanitize } from "./preview.js";
import { rolesOf, session } from "./session.js";

const $ = (id) => document.getElementById(id);
const TOPIC_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

let api = null;
let client = null;
let posts = null;
let subscription = null;
let topic = null;

function signIn(token) {
  const { subject, roles } = rolesOf(token);
  if (!roles.includes("newsroom")) {
    throw new Error("This token has no newsroom role: it cannot publish.");
  }
  const admin = roles.includes("admin");
  session.token = token;
  api = new NewsroomApi(token);
  client = new LiveWireClient(location.origin, { accessToken: () => api.hubToken() });
  client.onStateChange((state) => {
    $("connection").dataset.state = state;
    $("connection").textContent = state === "live" ? "Live" : state === "polling" ? "Live (polling)" : "Reconnecting…";
  });
  posts = new PostList($("posts"), $("no-posts"), api, admin);
  $("who").textContent = `Signed in as ${subject} (${roles.join(", ")}).`;
  $("reach-note").textContent = admin
    ? "Each post shows its reach: subscribers, acks and median delivery latency from the delivery report."
    : "Reach (subscribers, acks, latency) needs a token with the admin role; this one has none, so it is not shown.";
  $("signin-form").hidden = true;
  $("signed-in").hidden = false;
  $("workspace").hidden = false;
  loadTopics();
  $("topic").focus();
}

async function loadTopics() {
  const topics = await api.listTopics().catch(() => []);
  $("topic-list").replaceChildren(...topics.map((t) => {
    const option = document.createElement("option");
    option.value = t.topic;
    option.label = t.title ? `${t.title} (${t.status})` : t.status;
    return option;
  }));
}

async function openTopic(name) {
  if (!TOPIC_PATTERN.test(name)) {
    throw new ProblemError(400, { errors: { topic: ["1 to 64 characters of a-z, 0-9 and '-', not starting or ending with '-'."] } });
  }
  topic = name;
  const state = await api.getTopic(name);
  const form = $("topic-form");
  form.elements.title.value = state?.title ?? "";
  form.elements.summary.value = state?.summary ?? "";
  form.elements.status.value = state?.status ?? "live";
  $("view-live").href = `/live/${name}`;
  form.hidden = false;
  $("compose-panel").hidden = false;
  $("posts-panel").hidden = false;
  $("posts-heading").firstChild.textContent = `Published on ${name} `;
  history.replaceState(null, "", `?topic=${name}`);

  await subscription?.unsubscribe();
  posts.open(name);
  subscription = client.subscribe(name, (event) => posts.apply(event), {
    onState: (s) => posts.render(s),
  });
  await subscription.ready;
  updatePreview();
}

function composeValues() {
  const form = $("compose");
  return {
    headline: form.elements.headline.value,
    body: form.elements.body.value,
    author: form.elements.author.value || undefined,
    priority: form.elements.breaking.checked ? "breaking" : "normal",
    pinned: form.elements.pinned.checked,
  };
}

function updatePreview() {
  const values = composeValues();
  const now = new Date().toISOString();
  $("preview").replaceChildren(renderPost(topic ?? "preview", {
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

function wire() {
  const signinForm = $("signin-form");
  signinForm.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(signinForm);
    try {
      signIn(signinForm.elements.token.value.trim());
    } catch (error) {
      $("token-error").textContent = error.message;
      signinForm.elements.token.setAttribute("aria-invalid", "true");
      signinForm.elements.token.focus();
    }
  });
  $("signout").addEventListener("click", () => {
    session.token = null;
    location.assign("/newsroom");
  });

  const pick = $("topic-pick");
  onSubmit(pick, () => openTopic(pick.elements.topic.value.trim()), "Opened");

  const topicForm = $("topic-form");
  onSubmit(topicForm, async () => {
    await api.setTopic(topic, {
      title: topicForm.elements.title.value || null,
      summary: topicForm.elements.summary.value || null,
      status: topicForm.elements.status.value,
    });
    await loadTopics();
  });

  const compose = $("compose");
  onSubmit(compose, async () => {
    await api.publish(topic, composeValues());
    compose.reset();
    updatePreview();
    compose.elements.headline.focus();
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
      $("topic").value = wanted;
      openTopic(wanted).catch((error) => showErrors($("topic-pick"), error));
    }
  } catch {
    session.token = null;
  }
}
