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
    # Servers' CPU per delivery of one event to one reader, without batching: at 1 event/s to 10,000 readers on one
    # node the Server used 49.4 % of a core for 11,711 deliveries/s (42.2 µs), less the background below.
    "cpu_us_per_delivery": (32.2, "Servers' CPU per delivery, µs (10k readers at 1 event/s, less the background)"),
    # Servers' CPU per ack: the official clients ack once a second per topic, so within the budget of the event they
    # acknowledge. At 1 event/s to 10,000 readers on one node the Server took 37 % of a core without acks and 63 %
    # with them (medians of three, interleaved): 26 µs per ack.
    "cpu_us_per_ack": (26.0, "Servers' CPU per ack, µs (10k readers at 1 event/s, acks on against off; 0 for readers that send none)"),
    # Servers' CPU per connected reader and second with (almost) nothing delivered: 100,000 readers over six nodes
    # took 116 % and 119 % of a core (9.5 and 11.9 µs per reader and second, the few deliveries taken out).
    "background_us_per_reader_s": (10.0, "Servers' CPU per reader per second when idle, µs (100k runs)"),
    # Servers' RSS growth per idle reader at 100,000 readers over six nodes and the worker.
    "kib_per_reader": (37.2, "Servers' memory per idle reader, KiB (100k run)"),
    # The Server's CPU per connect on one node with 10,000 readers (handshake, auth, subscribe).
    "connect_cpu_us": (359, "Servers' CPU per connect, µs (10k runs, median)"),
    # Redis's RSS growth per connected reader: SignalR's backplane subscribes one channel per connection.
    "redis_kib_per_reader": (0.28, "Redis memory per reader, KiB (100k run)"),
    # Redis's CPU per connect (that SUBSCRIBE, the reader tallies), over the 100,000 connects.
    "redis_us_per_connect": (85, "Redis CPU per connect, µs (100k run)"),
    # Redis's CPU per event grew from 893 to 1,066 µs from 2 to 6 nodes (50 events/s): about 43 µs per node.
    "redis_us_per_event_node": (43, "Redis CPU per event per subscribed node, µs (backplane runs: 2 to 6 nodes)"),
    # One event frame on the wire: a 400-byte body as the tool posts it, JSON.
    "event_bytes": (650, "bytes of one event frame (the tool's mean)"),
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
    # A node writes its readers' copies, and takes their acks a second later, within the budget on what its cores
    # have left, under the headroom, after the background every connected reader costs each second:
    # R*(d + k) <= budget*(cores*headroom - R*b).
    by_cpu = a.p99_budget_s * a.node_cores * a.headroom / (
        (a.cpu_us_per_delivery + a.cpu_us_per_ack + a.p99_budget_s * a.background_us_per_reader_s) * 1e-6)
    by_memory = a.node_memory_gib * 1024 * 1024 * a.headroom / a.kib_per_reader
    # The readers of the nodes lost at once reconnect within the window: Redis (one core) must take their connects.
    by_storm = a.headroom / (a.redis_us_per_connect * 1e-6) * a.storm_window_s / a.nodes_lost
    limits = {"CPU (the burst)": by_cpu, "memory": by_memory, "open files": a.node_max_connections, "Redis in a storm": by_storm}
    limit = min(limits, key=limits.get)
    per_node = int(limits[limit])
    nodes = math.ceil(readers / per_node) + a.nodes_lost
    storm = a.nodes_lost * readers / (nodes - a.nodes_lost)
    storm_rate = storm / a.storm_window_s
    redis_storm_cpu = storm_rate * a.redis_us_per_connect * 1e-6
    survivor_connect_cpu = storm_rate / (nodes - a.nodes_lost) * a.connect_cpu_us * 1e-6 / a.node_cores
    return {
        "readers": readers,
        "readers per node": f"{per_node:,} (limited by {limit}; " + ", ".join(f"{k} {int(v):,}" for k, v in limits.items()) + ")",
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
    """Where one Redis runs out: its memory for the readers' channels, and its one core for a storm's reconnects."""
    memory = a.redis_memory_gib * 1024 * 1024 * a.headroom / a.redis_kib_per_reader
    storm = a.headroom / (a.redis_us_per_connect * 1e-6) * a.storm_window_s
    return (f"its one core in a storm of more than {storm:,.0f} reconnects within {a.storm_window_s:g} s "
            f"(the readers of the nodes lost at once); its memory only past {memory:,.0f} readers")


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
