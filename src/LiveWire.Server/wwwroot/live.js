// A deliberately small live page: the history from GET /api/topics/{topic}/events, then push over the hub's
// JSON protocol on a WebSocket, resuming from the last applied seq after any disconnect. The embeddable widget
// (built with the official SignalR client) replaces it.
(() => {
  const RS = "\u001e";
  const topic = new URLSearchParams(location.search).get("topic") || "demo-story";
  const list = document.getElementById("developments");
  const state = document.getElementById("state");
  document.getElementById("topic").textContent = topic;
  let lastSeq = 0;
  let pending = new Map();

  function render(e) {
    const existing = document.getElementById("dev-" + e.id);
    if (e.kind === "retracted") { existing?.remove(); return; }
    if (e.kind !== "published" && e.kind !== "corrected" || (e.kind === "corrected" && !existing)) return;
    const item = existing || document.createElement("li");
    item.id = "dev-" + e.id;
    item.className = e.priority === "breaking" ? "breaking" : "";
    const time = document.createElement("time");
    time.dateTime = e.acceptedAt;
    time.textContent = new Date(e.acceptedAt).toLocaleTimeString();
    const headline = document.createElement("h2");
    headline.textContent = e.headline;
    const body = document.createElement("div");
    body.innerHTML = e.body || ""; // sanitised by the server to a safe subset
    item.replaceChildren(time, headline, body);
    if (!existing) list.prepend(item);
  }

  // Apply events strictly in seq order, each once: drop repeats, hold back one that arrives ahead of a gap.
  function apply(e) {
    if (e.seq <= lastSeq) return;
    pending.set(e.seq, e);
    while (pending.has(lastSeq + 1)) {
      const next = pending.get(lastSeq + 1);
      pending.delete(lastSeq + 1);
      lastSeq = next.seq;
      render(next);
    }
    if (pending.size > 0) fill();
  }

  async function fill() {
    const response = await fetch(`/api/topics/${topic}/events?after=${lastSeq}`);
    if (!response.ok) return;
    const page = await response.json();
    if (page.reset) { list.replaceChildren(); lastSeq = 0; pending = new Map(); return fill(); }
    page.events.forEach(apply);
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/hubs/live`);
    socket.onopen = () => socket.send(JSON.stringify({ protocol: "json", version: 1 }) + RS);
    socket.onmessage = (message) => {
      for (const frame of message.data.split(RS)) {
        if (!frame) continue;
        const m = JSON.parse(frame);
        if (m.type === undefined) { // handshake answered
          socket.send(JSON.stringify({ type: 1, invocationId: "1", target: "Subscribe", arguments: [topic, lastSeq] }) + RS);
        } else if (m.type === 1 && m.target === "event") {
          m.arguments.forEach(apply);
        } else if (m.type === 3) {
          state.textContent = m.error ? "error" : "live";
          state.classList.toggle("live", !m.error);
        } else if (m.type === 6) {
          socket.send(JSON.stringify({ type: 6 }) + RS);
        }
      }
    };
    socket.onclose = () => {
      state.textContent = "reconnecting…";
      state.classList.remove("live");
      setTimeout(connect, 1000 + Math.random() * 2000);
    };
  }

  fill().finally(connect);
})();
