#!/usr/bin/env python3
"""What LiveWire needs for R readers with one breaking event to all of them: arithmetic from per-node figures.

    bench/capacity/model.py                       # 1,000,000 and 10,000,000 readers, the figures measured here
    bench/capacity/model.py --readers 250000 --node-cores 16 --pointer
    bench/capacity/model.py --help                # every input, with where its default was measured

Every default below is a figure measured on the 2-core benchmark machine (docs/benchmarks.md, "100,000 readers"
and "The cost of the backplane"), scaled only by cores and memory. The model is deliberately simple: CPU and
memory are linear in readers, one breaking event is a burst every node must write within the p99 budget, and a
reconnect storm is the readers of the lost nodes coming back within the clients' back-off window. What it does
not model is said in docs/capacity.md.
"""
import argparse
import math

MEASURED = {
    # The Servers' CPU per delivery while writing one breaking event to 100,000 readers (sum over the nodes).
    "cpu_us_per_delivery": (None, "Servers' CPU per delivery, µs (100k breaking run)"),
    # The Servers' RSS growth per idle reader at 100,000 readers over six nodes.
    "kib_per_reader": (None, "Servers' memory per idle reader, KiB (100k run)"),
    # The Servers' CPU per connect: handshake, subscribe, the backplane's SUBSCRIBE of the connection's channel.
    "connect_cpu_us": (None, "Servers' CPU per connect, µs (100k run)"),
    # Redis's RSS growth per connected reader: SignalR's backplane subscribes one channel per connection.
    "redis_kib_per_reader": (None, "Redis memory per reader, KiB (100k run)"),
    # Redis's CPU per connect (that SUBSCRIBE, and the group's when a node's first reader of a topic arrives).
    "redis_us_per_connect": (None, "Redis CPU per connect, µs (100k run)"),
    # Redis's CPU per event and node it publishes to (the group's channel, the fan-out notice).
    "redis_us_per_event_node": (None, "Redis CPU per event per subscribed node, µs (backplane runs)"),
    # The event on the wire: a 400-byte body as the tool posts it, JSON.
    "event_bytes": (None, "bytes of one event frame (tool's mean)"),
}


def parse():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--readers", type=float, nargs="+", default=[1e6, 1e7])
    p.add_argument("--node-cores", type=int, default=8, help="cores per Server node (default 8)")
    p.add_argument("--node-memory-gib", type=float, default=16, help="memory per Server node (default 16)")
    p.add_argument("--node-max-connections", type=int, default=250_000,
                   help="open files a node may hold (default 250,000; 20,000 on the benchmark machine)")
    p.add_argument("--p99-budget-s", type=float, default=1.5, help="the breaking event's p99 target (default 1.5 s)")
    p.add_argument("--headroom", type=float, default=0.6, help="share of CPU and memory the plan uses (default 0.6)")
    p.add_argument("--nodes-lost", type=int, default=2, help="nodes lost at once in the storm (default 2)")
    p.add_argument("--storm-window-s", type=float, default=30, help="the clients' back-off cap: readers come back over it (default 30)")
    p.add_argument("--redis-memory-gib", type=float, default=16, help="memory of one Redis (default 16)")
    p.add_argument("--balancer-connections", type=int, default=1_000_000, help="proxied readers per balancer (default 1,000,000)")
    p.add_argument("--pointer", action="store_true", help="push a pointer (--pointer-bytes) and let readers fetch the body from a CDN")
    p.add_argument("--pointer-bytes", type=int, default=160)
    for name, (value, text) in MEASURED.items():
        p.add_argument("--" + name.replace("_", "-"), type=float, default=value, help=text)
    return p.parse_args()


def plan(a, readers):
    frame = a.pointer_bytes if a.pointer else a.event_bytes
    # A node writes its readers' copies within the budget on its cores, under the headroom.
    by_cpu = a.p99_budget_s * a.node_cores * a.headroom / (a.cpu_us_per_delivery * 1e-6)
    by_memory = a.node_memory_gib * 1024 * 1024 * a.headroom / a.kib_per_reader
    per_node = int(min(by_cpu, by_memory, a.node_max_connections))
    limit = "CPU (the burst)" if per_node == int(by_cpu) else "memory" if per_node == int(by_memory) else "open files"
    nodes = math.ceil(readers / per_node) + a.nodes_lost
    storm = a.nodes_lost * readers / (nodes - a.nodes_lost)
    storm_rate = storm / a.storm_window_s
    redis_storm_cpu = storm_rate * a.redis_us_per_connect * 1e-6
    survivor_connect_cpu = storm_rate / (nodes - a.nodes_lost) * a.connect_cpu_us * 1e-6 / a.node_cores
    return {
        "readers": readers,
        "readers per node": f"{per_node:,} (limited by {limit}; CPU would allow {int(by_cpu):,}, memory {int(by_memory):,})",
        "Server nodes": f"{nodes:,} ({a.nodes_lost} spare for the storm)",
        "egress per breaking event": f"{readers * frame / 1e9:.2f} GB, {readers * frame * 8 / a.p99_budget_s / 1e9:.1f} Gbit/s over the budget",
        "Redis memory (a channel per reader)": f"{readers * a.redis_kib_per_reader / 1024 / 1024:.2f} GiB of {a.redis_memory_gib:g}",
        "Redis CPU per breaking event": f"{nodes * a.redis_us_per_event_node / 1000:.2f} ms ({nodes} nodes subscribed)",
        "Redis in the storm": f"{storm:,.0f} reconnects over {a.storm_window_s:g} s = {storm_rate:,.0f}/s: {redis_storm_cpu:.0%} of its one core",
        "each survivor in the storm": f"{survivor_connect_cpu:.0%} of its cores on connects",
        "balancers": f"{math.ceil(readers / a.balancer_connections)} (each {a.balancer_connections:,} readers, 2 sockets each)",
        "RabbitMQ": "one message per post, whatever the readers: one broker (a quorum queue of three for safety)",
        "breaks first on one Redis": breaks_first(a, nodes, frame),
    }


def breaks_first(a, nodes, frame):
    """The reader count at which one Redis runs out, part by part."""
    memory = a.redis_memory_gib * 1024 * 1024 * a.headroom / a.redis_kib_per_reader
    # The storm: the readers of the lost nodes must reconnect within the window on Redis's one core.
    storm = a.headroom / (a.redis_us_per_connect * 1e-6) * a.storm_window_s * (nodes - a.nodes_lost) / a.nodes_lost
    parts = {"memory (channels)": memory, "CPU in the storm": storm}
    first = min(parts, key=parts.get)
    return f"{first} at {parts[first]:,.0f} readers (" + ", ".join(f"{k} {v:,.0f}" for k, v in parts.items()) + ")"


def main():
    a = parse()
    missing = [n for n in MEASURED if getattr(a, n) is None]
    if missing:
        raise SystemExit("no measured default yet for: " + ", ".join(missing))
    for readers in a.readers:
        print(f"--- {readers:,.0f} readers, one breaking event to all" + (" (pointer + CDN)" if a.pointer else ""))
        for key, value in plan(a, readers).items():
            if key != "readers":
                print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
