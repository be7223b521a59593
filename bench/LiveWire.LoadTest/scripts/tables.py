#!/usr/bin/env python3
"""Markdown tables from the fan-out tool's JSON results (docs/bench-results/*.json), for docs/benchmarks.md.

    bench/LiveWire.LoadTest/scripts/tables.py docs/bench-results/one-topic-10k-r10.json [...]
    bench/LiveWire.LoadTest/scripts/tables.py --memory docs/bench-results/idle-10k-*.json
    bench/LiveWire.LoadTest/scripts/tables.py --summary docs/bench-results/2026-12-01-final/*.json

With --summary: one row per file (scenario), the three targets' deliveries/s, p99 and messages per read side by
side, and LiveWire's ratios.

With --memory: one row per target, its memory per connection in each file's first run (each file a fresh set of
server processes) and their median, then LiveWire's ratio to each reference's median.

Memory per connection is taken from each target's first run only: its server process had not held connections
before, so "RSS with N connected minus RSS before" is not blurred by memory the runtime kept from the previous run.
Per file: the medians per target, LiveWire's ratios to each reference (of the medians, then pair by pair), and
the load average before each run. "Messages per read" (results from 1 December on) is how many messages a
reader's socket read brought, on average: about 1 when every event reaches a socket in a send of its own."""
import json
import statistics
import sys


def num(value, digits=0):
    if value is None or isinstance(value, str) or value != value:  # NaN (the tool writes it as "NaN")
        return "–"
    return f"{value:,.{digits}f}"


def table(path):
    with open(path) as f:
        report = json.load(f)
    s = report["settings"]
    runs = report["runs"]
    print(f"#### {report['label']}")
    print()
    print(f"{s['readers']:,} readers over {s['topics']} topic(s), {s['rate']} events/s for {s['durationSeconds']} s "
          f"(after {s['warmupSeconds']} s of warm-up), {s['protocol']}, acks {'on' if s['acks'] else 'off'}, "
          f"{s['bodyBytes']}-byte bodies, {s['repeats']} runs per target, interleaved. "
          f"Load average before each run: {', '.join(r['loadAverageBefore'].split()[0] for r in runs)}.")
    print()
    print("| target | deliveries/s | p50 ms | p90 ms | p99 ms | max ms | KiB/connection (run 1) | connects/s | server CPU % | generator CPU % | machine busy % | messages per read | lost | repeated |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for target, m in report["medians"].items():
        first = next(r for r in runs if r["target"] == target and r["repeat"] == 1)
        print(f"| {target} | {num(m['deliveriesPerSecond'])} | {num(m['p50Ms'], 2)} | {num(m['p90Ms'], 2)} | {num(m['p99Ms'], 2)} | "
              f"{num(m['maxMs'], 1)} | {num(first['memoryPerConnectionKiB'], 1)} | {num(m['connectsPerSecond'])} | {num(m['serverCpuPercent'])} | "
              f"{num(m['generatorCpuPercent'])} | {num(m['machineBusyPercent'])} | {num(m.get('messagesPerRead'), 1)} | {num(sum(r['lost'] for r in runs if r['target'] == target))} | "
              f"{num(sum(r['repeated'] for r in runs if r['target'] == target))} |")
    if report["ratios"]:
        print()
        print("| LiveWire ÷ | deliveries/s | p50 | p99 | KiB/connection (run 1) | server CPU | deliveries/s, run by run | p99, run by run |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
        for pair, r in report["ratios"].items():
            pairs = " ".join(num(p["deliveriesPerSecond"], 2) for p in r["pairs"])
            p99s = " ".join(num(p["p99Ms"], 2) for p in r["pairs"])
            memory = r["pairs"][0]["memoryPerConnectionKiB"] if r["pairs"] else float("nan")
            print(f"| {pair.split('/')[1]} | {num(r['deliveriesPerSecond'], 2)} | {num(r['p50Ms'], 2)} | {num(r['p99Ms'], 2)} | "
                  f"{num(memory, 2)} | {num(r['serverCpuPercent'], 2)} | {pairs} | {p99s} |")
    print()


def memory(paths):
    per_target = {}
    for path in paths:
        with open(path) as f:
            report = json.load(f)
        for run in report["runs"]:
            if run["repeat"] == 1:
                per_target.setdefault(run["target"], []).append(run["memoryPerConnectionKiB"])
    medians = {target: statistics.median(values) for target, values in per_target.items()}
    print("| target | KiB/connection, run by run (fresh processes) | median |")
    print("| --- | --- | ---: |")
    for target, values in per_target.items():
        print(f"| {target} | {' '.join(num(v, 1) for v in values)} | {num(medians[target], 1)} |")
    print()
    for reference in (t for t in medians if t != "livewire"):
        print(f"LiveWire ÷ {reference}: {num(medians['livewire'] / medians[reference], 2)}")
    print()


def summary(paths):
    print("| scenario | deliveries/s: LiveWire / bare / raw | LiveWire ÷ bare | LiveWire ÷ raw | p99 ms: LiveWire / bare / raw | LiveWire ÷ bare, p99 | messages per read |")
    print("| --- | --- | ---: | ---: | --- | ---: | --- |")
    for path in paths:
        with open(path) as f:
            report = json.load(f)
        m, r = report["medians"], report["ratios"]
        if "bare" not in m or "raw" not in m:
            continue

        def three(key, digits=0):
            return " / ".join(num(m[t].get(key), digits) for t in ("livewire", "bare", "raw"))

        print(f"| {report['label']} | {three('deliveriesPerSecond')} | {num(r['livewire/bare']['deliveriesPerSecond'], 2)} | "
              f"{num(r['livewire/raw']['deliveriesPerSecond'], 2)} | {three('p99Ms')} | {num(r['livewire/bare']['p99Ms'], 2)} | "
              f"{three('messagesPerRead', 1)} |")
    print()


if sys.argv[1:2] == ["--memory"]:
    memory(sys.argv[2:])
elif sys.argv[1:2] == ["--summary"]:
    summary(sys.argv[2:])
else:
    for path in sys.argv[1:]:
        table(path)
