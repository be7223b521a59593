// The live dashboard (served as /dashboard.js): signs in with an admin token, then reads
// GET /api/admin/overview every 1.5 s and draws it, keeping a rolling window of points for the charts.
import { fetchOverview, savedToken, saveToken, TokenRefused } from "./api.js";
import { createCharts } from "./charts.js";
import { render } from "./render.js";

const PollMs = 1500;
const MaxBackoffMs = 10000;

const $ = (id) => document.getElementById(id);
let token = "";
let charts = null;
let timer = 0;
let failures = 0;
let generation = 0;

function setStatus(text, state) {
  const status = $("dash-status");
  status.textContent = text;
  status.dataset.state = state;
}

function showSignIn(message) {
  $("signin-panel").hidden = false;
  $("board").hidden = true;
  $("token-error").textContent = message || "";
  $("token").focus();
}

async function poll(run) {
  if (run !== generation) return;
  if (document.visibilityState === "hidden") {
    // Nobody is looking: ask nothing until the tab is shown again (visibilitychange below).
    setStatus("Paused while this tab is hidden", "paused");
    return;
  }
  try {
    const overview = await fetchOverview(token);
    if (run !== generation) return;
    failures = 0;
    render(overview);
    charts.add(overview);
    setStatus(`Live · updated ${new Date(overview.checkedAt).toLocaleTimeString()}`, "live");
    document.documentElement.dataset.dashboard = "live";
  } catch (error) {
    if (run !== generation) return;
    if (error instanceof TokenRefused) {
      stop();
      saveToken("");
      showSignIn(error.message);
      return;
    }
    failures++;
    setStatus(`${error.message} Retrying…`, "error");
  }
  const delay = Math.min(MaxBackoffMs, PollMs * 2 ** Math.min(failures, 3));
  timer = setTimeout(() => poll(run), failures ? delay : PollMs);
}

function stop() {
  generation++;
  clearTimeout(timer);
}

function start(value) {
  token = value;
  stop();
  $("signin-panel").hidden = true;
  $("board").hidden = false;
  charts ??= createCharts();
  setStatus("Connecting…", "connecting");
  poll(generation);
}

$("signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const value = $("token").value.trim();
  if (!value) {
    $("token-error").textContent = "Paste a token with the admin role.";
    return;
  }
  saveToken(value);
  $("token").value = "";
  $("token-error").textContent = "";
  start(value);
});

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && token && $("board").hidden === false) {
    stop();
    poll(generation);
  }
});

$("signout").addEventListener("click", () => {
  stop();
  saveToken("");
  showSignIn("");
});

document.documentElement.dataset.dashboard = "ready";
if (savedToken()) start(savedToken());
else showSignIn("");
