// Writes an overview into the page. Every value goes in as text, never as markup.

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const ms = (value) => `${number.format(value ?? 0)} ms`;

function age(from, now) {
  const seconds = Math.max(0, Math.round((now - new Date(from)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

function badge(status, label) {
  label ??= { healthy: "healthy", degraded: "degraded", unhealthy: "down", "not-used": "not used" }[status] ?? status;
  return el("span", `dash-badge dash-${status}`, label);
}

function setText(id, text) {
  document.getElementById(id).textContent = text;
}

function row(cells) {
  const tr = el("tr");
  for (const cell of cells) {
    const td = el("td");
    if (cell instanceof Node) td.append(cell);
    else td.textContent = cell;
    tr.append(td);
  }
  return tr;
}

const dependencyNames = { redis: "Redis", rabbitmq: "RabbitMQ", bus: "Bus (MassTransit)" };

export function render(overview) {
  const now = new Date(overview.checkedAt);
  const ready = overview.nodes.filter((n) => n.ready).length;

  setText("tile-readers", number.format(overview.connections));
  setText("tile-subscriptions", number.format(overview.subscriptions));
  setText("tile-events", number.format(overview.eventsPerSecond));
  setText("tile-acks", number.format(overview.acksPerSecond));
  setText("tile-fanout", `${ms(overview.fanOutMs.p50)} / ${ms(overview.fanOutMs.p99)}`);
  setText("tile-delivery", `${ms(overview.deliveryMs.p50)} / ${ms(overview.deliveryMs.p99)}`);
  setText("tile-nodes", `${ready} of ${overview.nodes.length}`);
  document.getElementById("tile-nodes").closest(".dash-tile").classList.toggle("dash-warn", ready < overview.nodes.length || overview.nodes.length === 0);

  const dependencies = document.getElementById("dependencies");
  dependencies.replaceChildren(...overview.dependencies.map((d) => {
    const item = el("li", "dash-dependency");
    item.dataset.dependency = d.name;
    item.dataset.status = d.status;
    item.append(el("strong", "", dependencyNames[d.name] ?? d.name), badge(d.status), el("span", "dash-muted", d.description ?? ""));
    return item;
  }));

  document.getElementById("nodes").replaceChildren(...overview.nodes.map((n) => {
    const checks = el("span", "dash-checks");
    for (const [name, status] of Object.entries(n.checks ?? {})) {
      checks.append(el("span", `dash-check dash-${status}`, dependencyNames[name] ? name : "bus"));
    }
    const tr = row([
      el("code", "", n.nodeId),
      n.service.replace("livewire-", ""),
      n.ready ? badge("healthy", "ready") : badge("unhealthy", "not ready"),
      number.format(n.connections),
      number.format(n.subscriptions),
      number.format(n.eventsPerSecond ?? 0),
      `${ms(n.fanOutP50Ms)} / ${ms(n.fanOutP99Ms)}`,
      `${ms(n.deliveryP50Ms)} / ${ms(n.deliveryP99Ms)}`,
      checks,
      age(n.seenAt, now),
    ]);
    tr.dataset.node = n.nodeId;
    return tr;
  }));
  document.getElementById("no-nodes").hidden = overview.nodes.length > 0;

  document.getElementById("topics").replaceChildren(...overview.busiestTopics.map((t) => {
    const link = el("a", "", t.title || t.topic);
    link.href = `/live/${encodeURIComponent(t.topic)}`;
    const tr = row([link, el("code", "", t.topic), number.format(t.readers), number.format(t.latestSeq), t.status, age(t.updatedAt, now)]);
    tr.dataset.topic = t.topic;
    return tr;
  }));
  document.getElementById("no-topics").hidden = overview.busiestTopics.length > 0;

  document.getElementById("deliveries").replaceChildren(...overview.recentDeliveries.map((d) => {
    const reach = d.subscribers > 0 ? `${Math.round((100 * Math.min(d.acks, d.subscribers)) / d.subscribers)} %` : "–";
    const tr = row([
      el("code", "", d.topic),
      number.format(d.seq),
      number.format(d.subscribers),
      number.format(d.acks),
      reach,
      `${ms(d.latencyMs.p50)} / ${ms(d.latencyMs.p99)}`,
      age(d.acceptedAt, now),
    ]);
    tr.dataset.delivery = `${d.topic}/${d.seq}`;
    return tr;
  }));
  document.getElementById("no-deliveries").hidden = overview.recentDeliveries.length > 0;
}
