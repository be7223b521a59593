#!/usr/bin/env python3
"""Markdown tables from the fan-out tool's JSON results (docs/bench-results/*.json), for docs/benchmarks.md.

    src/LiveWire.LoadTest/scripts/tables.py docs/bench-results/one-topic-10k-r10.json [...]

Memory per connection is taken from each target's first run only: its server process had not held connections
before, so "RSS with N connected minus RSS before" is not blurred by memory the runtime kept from the previous run.
Per file: the medians per target, LiveWire's ratios to each reference (of the medians, then pair by pair), and
the load average before each run."""
import json
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
    print("| target | deliveries/s | p50 ms | p90 ms | p99 ms | max ms | KiB/connection (run 1) | connects/s | server CPU % | generator CPU % | machine busy % | lost | repeated |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for target, m in report["medians"].items():
        first = next(r for r in runs if r["target"] == target and r["repeat"] == 1)
        print(f"| {target} | {num(m['deliveriesPerSecond'])} | {num(m['p50Ms'], 2)} | {num(m['p90Ms'], 2)} | {num(m['p99Ms'], 2)} | "
              f"{num(m['maxMs'], 1)} | {num(first['memoryPerConnectionKiB'], 1)} | {num(m['connectsPerSecond'])} | {num(m['serverCpuPercent'])} | "
              f"{num(m['generatorCpuPercent'])} | {num(m['machineBusyPercent'])} | {num(sum(r['lost'] for r in runs if r['target'] == target))} | "
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


for path in sys.argv[1:]:
    table(path)
