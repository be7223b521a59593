// The embeddable widget, served as /livewire.js:
//
//   <div data-livewire-topic="ukraine-crisis"></div>
//   <script src="https://news.example/livewire.js" async></script>
//
// It connects with one WebSocket and no negotiation, which works behind any balancer; a deployment that keeps each
// client on one node (session affinity) says so with data-livewire-affinity="true" on the script tag, and the widget
// then also falls back to SSE and long polling before it polls events?after=.
//
// Every element with data-livewire-topic becomes a live list of that topic's updates; an element with
// data-livewire-banner shows site-wide breaking news. Sites that render on their own use the JavaScript API:
//
//   LiveWire.subscribe("ukraine-crisis", (event) => { ... }, { onState: (state) => { ... } });
import type { Subscription } from "../index.js";
import { LiveWireClient } from "../shared/client.js";
import { BreakingBanner } from "./banner.js";
import { TopicView } from "./view.js";

/** An element the widget has mounted keeps its subscription, so mounting it again does nothing. */
interface Mounted extends HTMLElement {
  liveWire?: Subscription;
}

const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
/** The server that served this script: the widget talks to it, wherever the page comes from. */
const baseUrl = new URL(script?.src ?? "/livewire.js", location.href).origin;
/** Whether the deployment keeps each client on one server node (see shared/client.ts). */
const affinity = script?.dataset.livewireAffinity === "true";
let client: LiveWireClient | null = null;

function shared(): LiveWireClient {
  client ??= new LiveWireClient(baseUrl, { affinity });
  return client;
}

/** Adds livewire.css beside the script, unless the page links it or opts out (data-livewire-css="none"). */
function ensureStylesheet(): void {
  if (script?.dataset.livewireCss === "none" || document.querySelector('link[href$="livewire.css"]')) {
    return;
  }
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = `${baseUrl}/livewire.css`;
  document.head.append(link);
}

/** `element` as one the widget can mount on. */
function mountable(element: Element): Mounted {
  if (element instanceof HTMLElement) {
    return element;
  }
  throw new Error(`LiveWire: the widget mounts on an HTML element, not on <${element.localName}>.`);
}

/** Turns `element` (with data-livewire-topic) into a live list; returns the subscription. */
function mount(element: Element): Subscription {
  const mounted = mountable(element);
  if (mounted.liveWire) {
    return mounted.liveWire;
  }
  const topic = mounted.dataset.livewireTopic;
  if (topic === undefined) {
    throw new Error("LiveWire.mount: the element has no data-livewire-topic.");
  }
  const view = new TopicView(mounted, topic);
  shared().onStateChange((state) => view.setStatus(state));
  mounted.liveWire = shared().subscribe(topic, (event) => view.apply(event), {
    onState: (state) => view.render(state),
  });
  return mounted.liveWire;
}

function mountBanner(element: Element): void {
  const mounted = mountable(element);
  const banner = new BreakingBanner(mounted, baseUrl);
  mounted.liveWire = shared().subscribe("breaking", (event) => banner.apply(event), {
    onState: (state) => banner.render(state),
  });
}

function mountAll(): void {
  const topics = document.querySelectorAll("[data-livewire-topic]");
  const banners = document.querySelectorAll("[data-livewire-banner]");
  if (topics.length > 0 || banners.length > 0) {
    ensureStylesheet();
  }
  topics.forEach(mount);
  banners.forEach(mountBanner);
}

window.LiveWire = {
  /**
   * Delivers a topic's events to `handler`, each once and in seq order, across reconnects.
   * Options: `onState(state)`: get the current state first (then the events after it); `afterSeq`: resume after
   * a seq; `onReset(state)`: the position is no longer retained, here is the current state.
   */
  subscribe: (topic, handler, options) => shared().subscribe(topic, handler, options),
  /** `listener("connecting" | "live" | "polling" | "reconnecting")`, now and on every change. */
  onStateChange: (listener) => shared().onStateChange(listener),
  /** Mounts the widget on an element added after the page loaded. */
  mount,
  baseUrl,
};

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountAll);
} else {
  mountAll();
}
