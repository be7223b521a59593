#!/usr/bin/env python3
"""What one server's managed heap holds that another's does not, from profile.sh's KIND-heap-full.txt files:

    bench/LiveWire.LoadTest/scripts/heapdiff.py livewire-heap-full.txt bare-signalr-heap-full.txt [READERS] [ROWS]

Prints both totals, the difference and, per type, the bytes and objects the first holds more (or fewer) than the
second, largest differences first (ROWS of them, default 30). With READERS (default 10000) connected to each, a
type whose object count differs by about READERS (or a multiple), or that has as many objects on both sides, READERS
or more, of other sizes, is held per connection; the script sums those
separately, so the fixed costs (metric storage, caches) are not spread over the connections."""
import sys


def load(path):
    types = {}
    for line in open(path):
        parts = line.split(None, 2)
        if len(parts) == 3 and parts[2].strip() != "all":
            size, count, name = int(parts[0]), int(parts[1]), parts[2].strip()
            old = types.get(name, (0, 0))
            types[name] = (old[0] + size, old[1] + count)
    return types


first, second = load(sys.argv[1]), load(sys.argv[2])
readers = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
rows = int(sys.argv[4]) if len(sys.argv) > 4 else 30
diffs = []
for name in first.keys() | second.keys():
    a, b = first.get(name, (0, 0)), second.get(name, (0, 0))
    if a != b:
        diffs.append((a[0] - b[0], a[1] - b[1], name))
total_a, total_b = sum(v[0] for v in first.values()), sum(v[0] for v in second.values())
def held_per_reader(diff):
    size, count, name = diff
    if count == 0:  # as many objects on both sides, but of other sizes: per reader if there is one or more each
        return min(first[name][1], second[name][1]) >= readers * 0.98
    multiple = abs(count) / readers
    return multiple >= 0.98 and abs(multiple - round(multiple)) <= 0.02


per_connection = [d for d in diffs if held_per_reader(d)]
per_connection_bytes = sum(d[0] for d in per_connection)
print(f"{sys.argv[1]}: {total_a:,} bytes; {sys.argv[2]}: {total_b:,} bytes; difference {total_a - total_b:,} "
      f"({(total_a - total_b) / readers:,.0f} per reader of {readers:,})")
print(f"in types held per reader: {per_connection_bytes:,} bytes "
      f"({per_connection_bytes / readers:,.0f} per reader)")
print(f"{'bytes':>12} {'objects':>9}  type")
for size, count, name in sorted(diffs, key=lambda d: -abs(d[0]))[:rows]:
    mark = "*" if (size, count, name) in per_connection else " "
    print(f"{size:>12,} {count:>9,} {mark}{name}")
print("(* = held per reader: its count differs by about a multiple of READERS, or its objects, as many on both sides, differ in size)")
