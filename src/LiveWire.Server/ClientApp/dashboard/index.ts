// The live dashboard (served as /dashboard.js): signs in with an admin token, then reads
// GET /api/admin/overview every 1.5 s and draws it, keeping a rolling window of points for the charts.
import { byId } from "../shared/dom.js";
import { messageOf } from "../shared/errors.js";
import { fetchOverview, savedToken, TokenRefused } from "./api.js";
import { createCharts } from "./charts.js";
import type { Charts } from "./charts.js";
import { render } from "./render.js";

const PollMs = 1500;
const MaxBackoffMs = 10000;

let token = "";
/** Null until the board is first shown. */
let charts: Charts | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let failures = 0;
/** Bumped by stop(): a poll of an earlier generation, still awaiting its answer, does nothing with it. */
let generation = 0;

function setStatus(text: string, state: string): void {
  const status = byId("dash-status", HTMLElement);
  status.textContent = text;
  status.dataset.state = state;
}

function showSignIn(message: string): void {
  byId("signin-panel", HTMLElement).hidden = false;
  byId("board", HTMLElement).hidden = true;
  byId("token-error", HTMLElement).textContent = message;
  byId("token", HTMLInputElement).focus();
}

async function poll(run: number): Promise<void> {
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
    charts?.add(overview);
    setStatus(`Live · updated ${new Date(overview.checkedAt).toLocaleTimeString()}`, "live");
    document.documentElement.dataset.dashboard = "live";
  } catch (error) {
    if (run !== generation) return;
    if (error instanceof TokenRefused) {
      stop();
      savedToken.set(null);
      showSignIn(error.message);
      return;
    }
    failures++;
    setStatus(`${messageOf(error)} Retrying…`, "error");
  }
  const delay = Math.min(MaxBackoffMs, PollMs * 2 ** Math.min(failures, 3));
  timer = setTimeout(() => poll(run), failures ? delay : PollMs);
}

function stop(): void {
  generation++;
  clearTimeout(timer);
}

function start(value: string): void {
  token = value;
  stop();
  byId("signin-panel", HTMLElement).hidden = true;
  byId("board", HTMLElement).hidden = false;
  charts ??= createCharts();
  setStatus("Connecting…", "connecting");
  poll(generation);
}

byId("signin-form", HTMLFormElement).addEventListener("submit", (event) => {
  event.preventDefault();
  const input = byId("token", HTMLInputElement);
  const value = input.value.trim();
  if (!value) {
    byId("token-error", HTMLElement).textContent = "Paste a token with the admin role.";
    return;
  }
  savedToken.set(value);
  input.value = "";
  byId("token-error", HTMLElement).textContent = "";
  start(value);
});

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && token && !byId("board", HTMLElement).hidden) {
    stop();
    poll(generation);
  }
});

byId("signout", HTMLButtonElement).addEventListener("click", () => {
  stop();
  savedToken.set(null);
  showSignIn("");
});

document.documentElement.dataset.dashboard = "ready";
const saved = savedToken.get();
if (saved) start(saved);
else showSignIn("");
