#!/usr/bin/env python3
"""A bar chart (SVG, no dependencies) of one figure across scenarios and targets, from the tool's JSON results:

    bench/LiveWire.LoadTest/scripts/chart.py OUT.svg FIGURE "TITLE" LABEL=FILE.json [LABEL=FILE.json ...]

FIGURE is a key of the medians (deliveriesPerSecond, p99Ms, …). One group of bars per file, one bar per target."""
import json
import sys

out, figure, title, pairs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
colors = {"livewire": "#c0392b", "bare": "#2c7fb8", "raw": "#7f8c8d"}
groups = []
for pair in pairs:
    label, path = pair.split("=", 1)
    medians = json.load(open(path))["medians"]
    groups.append((label, [(t, m[figure]) for t, m in medians.items()]))
top = max(v for _, bars in groups for _, v in bars) * 1.15
width, height, left, bottom, bar, gap = 120 + 190 * len(groups), 300, 70, 250, 44, 50
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
       f'<text x="{left}" y="20" font-size="14" font-weight="bold">{title}</text>',
       f'<line x1="{left}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" stroke="#333"/>']
for i in range(5):
    value = top * i / 4
    y = bottom - (bottom - 40) * i / 4
    svg.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" fill="#555">{value:,.0f}</text>')
    svg.append(f'<line x1="{left}" y1="{y}" x2="{width - 10}" y2="{y}" stroke="#ddd"/>')
x = left + 20
for label, bars in groups:
    start = x
    for target, value in bars:
        h = (bottom - 40) * value / top
        svg.append(f'<rect x="{x}" y="{bottom - h}" width="{bar}" height="{h}" fill="{colors.get(target, "#999")}"/>')
        svg.append(f'<text x="{x + bar / 2}" y="{bottom - h - 4}" text-anchor="middle" font-size="10">{value:,.0f}</text>')
        svg.append(f'<text x="{x + bar / 2}" y="{bottom + 14}" text-anchor="middle" font-size="10">{target}</text>')
        x += bar + 4
    svg.append(f'<text x="{(start + x) / 2}" y="{bottom + 32}" text-anchor="middle">{label}</text>')
    x += gap
svg.append("</svg>")
open(out, "w").write("\n".join(svg))
