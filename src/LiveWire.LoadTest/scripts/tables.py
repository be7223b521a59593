#!/usr/bin/env python3
"""Markdown tables from the fan-out tool's JSON results (docs/bench-results/*.json), for docs/benchmarks.md.

    src/LiveWire.LoadTest/scripts/tables.py docs/bench-results/one-topic-10k-r10.json [...]

Per file: the medians per target, LiveWire's ratios to each reference (of the medians, then pair by pair), and
the load average before each run."""
import json
import sys


def num(value, digits=0):
    if value is None or value != value:  # NaN
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
    print("| target | deliveries/s | p50 ms | p90 ms | p99 ms | max ms | KiB/connection | connects/s | server CPU % | generator CPU % | machine busy % | lost | repeated |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for target, m in report["medians"].items():
        print(f"| {target} | {num(m['deliveriesPerSecond'])} | {num(m['p50Ms'], 2)} | {num(m['p90Ms'], 2)} | {num(m['p99Ms'], 2)} | "
              f"{num(m['maxMs'], 1)} | {num(m['memoryPerConnectionKiB'], 1)} | {num(m['connectsPerSecond'])} | {num(m['serverCpuPercent'])} | "
              f"{num(m['generatorCpuPercent'])} | {num(m['machineBusyPercent'])} | {num(sum(r['lost'] for r in runs if r['target'] == target))} | "
              f"{num(sum(r['repeated'] for r in runs if r['target'] == target))} |")
    if report["ratios"]:
        print()
        print("| LiveWire ÷ | deliveries/s | p50 | p99 | KiB/connection | server CPU | deliveries/s, run by run |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
        for pair, r in report["ratios"].items():
            pairs = " ".join(num(p["deliveriesPerSecond"], 2) for p in r["pairs"])
            print(f"| {pair.split('/')[1]} | {num(r['deliveriesPerSecond'], 2)} | {num(r['p50Ms'], 2)} | {num(r['p99Ms'], 2)} | "
                  f"{num(r['memoryPerConnectionKiB'], 2)} | {num(r['serverCpuPercent'], 2)} | {pairs} |")
    print()


for path in sys.argv[1:]:
    table(path)
