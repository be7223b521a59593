// Writes an overview into the page. Every value goes in as text, never as markup.
import { byId } from "../shared/dom.js";
import { element } from "../shared/render.js";
import { age, ms, number, reach } from "./format.js";
import type { Overview } from "./overview.js";

const BADGE_TEXT: Partial<Record<string, string>> = { healthy: "healthy", degraded: "degraded", unhealthy: "down", "not-used": "not used" };
const DEPENDENCY_NAMES: Partial<Record<string, string>> = { redis: "Redis", rabbitmq: "RabbitMQ", bus: "Bus (MassTransit)" };

function badge(status: string, label = BADGE_TEXT[status] ?? status): HTMLSpanElement {
  return element("span", `dash-badge dash-${status}`, label);
}

function setText(id: string, text: string): void {
  byId(id, HTMLElement).textContent = text;
}

function row(cells: (Node | string)[]): HTMLTableRowElement {
  const tr = element("tr");
  for (const cell of cells) {
    const td = element("td");
    if (cell instanceof Node) td.append(cell);
    else td.textContent = cell;
    tr.append(td);
  }
  return tr;
}

export function render(overview: Overview): void {
  const now = new Date(overview.checkedAt);
  const ready = overview.nodes.filter((n) => n.ready).length;

  setText("tile-readers", number.format(overview.connections));
  setText("tile-subscriptions", number.format(overview.subscriptions));
  setText("tile-events", number.format(overview.eventsPerSecond));
  setText("tile-acks", number.format(overview.acksPerSecond));
  setText("tile-fanout", `${ms(overview.fanOutMs.p50)} / ${ms(overview.fanOutMs.p99)}`);
  setText("tile-delivery", `${ms(overview.deliveryMs.p50)} / ${ms(overview.deliveryMs.p99)}`);
  setText("tile-nodes", `${ready} of ${overview.nodes.length}`);
  byId("tile-nodes", HTMLElement).closest(".dash-tile")?.classList.toggle("dash-warn", ready < overview.nodes.length || overview.nodes.length === 0);

  byId("dependencies", HTMLUListElement).replaceChildren(...overview.dependencies.map((d) => {
    const item = element("li", "dash-dependency");
    item.dataset.dependency = d.name;
    item.dataset.status = d.status;
    item.append(element("strong", "", DEPENDENCY_NAMES[d.name] ?? d.name), badge(d.status), element("span", "dash-muted", d.description ?? ""));
    return item;
  }));

  byId("nodes", HTMLTableSectionElement).replaceChildren(...overview.nodes.map((n) => {
    const checks = element("span", "dash-checks");
    for (const [name, status] of Object.entries(n.checks ?? {})) {
      checks.append(element("span", `dash-check dash-${status}`, DEPENDENCY_NAMES[name] ? name : "bus"));
    }
    const tr = row([
      element("code", "", n.nodeId),
      n.service.replace("livewire-", ""),
      n.ready ? badge("healthy", "ready") : badge("unhealthy", "not ready"),
      number.format(n.connections),
      number.format(n.subscriptions),
      number.format(n.eventsPerSecond),
      `${ms(n.fanOutP50Ms)} / ${ms(n.fanOutP99Ms)}`,
      `${ms(n.deliveryP50Ms)} / ${ms(n.deliveryP99Ms)}`,
      checks,
      age(n.seenAt, now),
    ]);
    tr.dataset.node = n.nodeId;
    return tr;
  }));
  byId("no-nodes", HTMLElement).hidden = overview.nodes.length > 0;

  byId("topics", HTMLTableSectionElement).replaceChildren(...overview.busiestTopics.map((t) => {
    const link = element("a", "", t.title || t.topic);
    link.href = `/live/${encodeURIComponent(t.topic)}`;
    const tr = row([link, element("code", "", t.topic), number.format(t.readers), number.format(t.latestSeq), t.status, age(t.updatedAt, now)]);
    tr.dataset.topic = t.topic;
    return tr;
  }));
  byId("no-topics", HTMLElement).hidden = overview.busiestTopics.length > 0;

  byId("deliveries", HTMLTableSectionElement).replaceChildren(...overview.recentDeliveries.map((d) => {
    const tr = row([
      element("code", "", d.topic),
      number.format(d.seq),
      number.format(d.subscribers),
      number.format(d.acks),
      reach(d.acks, d.subscribers),
      `${ms(d.latencyMs.p50)} / ${ms(d.latencyMs.p99)}`,
      age(d.acceptedAt, now),
    ]);
    tr.dataset.delivery = `${d.topic}/${d.seq}`;
    return tr;
  }));
  byId("no-deliveries", HTMLElement).hidden = overview.recentDeliveries.length > 0;
}
