#!/usr/bin/env bash
# Where a server spends its time and memory under the fan-out scenario:
#
#   bench/LiveWire.LoadTest/scripts/profile.sh [livewire|bare-signalr|raw-websocket]   (default livewire)
#
# Starts the server on its own (LiveWire on its embedded defaults, or a reference), then
#   1. with READERS (default 10000) idle readers connected, takes a GC heap dump (dotnet-gcdump, which runs a
#      full GC first) and prints the types that hold the most memory (every type in KIND-heap-full.txt, which
#      heapdiff.py compares between two servers);
#   2. with the same readers on one topic and RATE (default 50) events a second, samples the CPU for 10 s
#      (dotnet-trace, dotnet-sampled-thread-time: thread stacks at ~100 Hz) and prints the frames that were on
#      the CPU, exclusive and inclusive (oncpu.py).
#   3. (PARTS=census) with the same idle readers, takes a heap dump (dotnet-dump) and counts only the objects it
#      still reaches, by type (`LiveWire.LoadTest heap-census`), into KIND-census.txt, in the format heapdiff.py compares. A
#      gcdump's report may count objects that have just become garbage; the census does not.
# PARTS (default "heap cpu") picks the parts.
# Files land in OUT (default a temp folder, printed). dotnet-trace and dotnet-gcdump are installed from NuGet
# into TOOLS (default /tmp/livewire-dntools) when missing. Uses the Release builds in BIN like fanout.sh.
set -euo pipefail
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../../.." && pwd -P)"
# shellcheck source=nodes.sh
source "$ROOT/bench/LiveWire.LoadTest/scripts/nodes.sh"
KIND="${1:-livewire}"
READERS="${READERS:-10000}"
RATE="${RATE:-50}"
BIN="${BIN:-/tmp/livewire-profile-bin}"
TOOLS="${TOOLS:-/tmp/livewire-dntools}"
OUT="${OUT:-$(mktemp -d /tmp/livewire-profile.XXXXXX)}"
KEY="fanout-benchmark-signing-key-0123456789abcdef"
mkdir -p "$OUT"
for tool in dotnet-trace dotnet-gcdump dotnet-dump; do
  [[ -x "$TOOLS/$tool" ]] || dotnet tool install --tool-path "$TOOLS" "$tool" --version 10.0.750501 >/dev/null
done
if [[ ! -f "$BIN/LiveWire.LoadTest/LiveWire.LoadTest.dll" ]]; then
  for project in LiveWire.Server LiveWire.LoadTest; do
    dotnet publish "$ROOT/$(project_dir "$project")" -c Release -o "$BIN/$project" --nologo -v quiet >/dev/null
  done
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning LiveWire__Auth__SigningKey="$KEY" LiveWire__Auth__Issuer=livewire-bench LiveWire__Auth__Audience=livewire \
  LiveWire__Limits__HubConnectionsPerAddress=1000000 LiveWire__Limits__SubscribesPerSecondPerAddress=1000000 LiveWire__Limits__SubscribeBurstPerAddress=1000000
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
if [[ "$KIND" == livewire ]]; then
  (cd "$BIN/LiveWire.Server" && exec dotnet LiveWire.Server.dll --urls "http://127.0.0.1:$PORT" >"$OUT/server.log" 2>&1) &
  target=(--livewire "http://127.0.0.1:$PORT")
else
  (cd "$BIN/LiveWire.LoadTest" && exec dotnet LiveWire.LoadTest.dll reference "$KIND" --urls "http://127.0.0.1:$PORT" >"$OUT/server.log" 2>&1) &
  target=("--${KIND%%-*}" "http://127.0.0.1:$PORT")
fi
SERVER=$!
pids+=("$SERVER")
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done

tool() { dotnet "$BIN/LiveWire.LoadTest/LiveWire.LoadTest.dll" fanout --signing-key "$KEY" --issuer livewire-bench --audience livewire "${target[@]}" --readers "$READERS" --repeats 1 --connect-concurrency 200 "$@"; }
wait_for_line() { # wait_for_line FILE PATTERN
  for _ in $(seq 1 1200); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1
}
idle_readers() { # idle_readers NAME: READERS idle readers stay for 25 s; returns 5 s after they are all connected
  tool --rate 0 --settle-s 25 >"$OUT/$1.txt" 2>"$OUT/$1.progress" &
  pids+=($!)
  wait_for_line "$OUT/$1.progress" "connected "
  sleep 5
}

PARTS="${PARTS:-heap cpu}"
if [[ "$PARTS" == *heap* ]]; then
echo "==> $KIND: $READERS idle readers, GC heap dump" >&2
idle_readers idle
"$TOOLS/dotnet-gcdump" collect -p "$SERVER" -o "$OUT/$KIND.gcdump" >/dev/null
# The report gives each type's object size and count; the types holding the most, all objects together:
"$TOOLS/dotnet-gcdump" report "$OUT/$KIND.gcdump" 2>/dev/null | sed 's/(Bytes > [0-9K]*)//' |
  awk 'NR > 4 && $1 ~ /[0-9]/ { b = $1; gsub(",", "", b); c = $2; gsub(",", "", c); $1 = ""; $2 = ""; t[$0] += b * c; n[$0] += c }
       END { for (k in t) { s += t[k]; printf "%12d %9d %s\n", t[k], n[k], k }; printf "%12d %9s all\n", s, "" }' |
  sort -rn >"$OUT/$KIND-heap-full.txt"
head -40 "$OUT/$KIND-heap-full.txt" | tee "$OUT/$KIND-heap.txt"
wait "${pids[-1]}" || true
fi

if [[ "$PARTS" == *census* ]]; then
echo "==> $KIND: $READERS idle readers, heap dump and census of what it reaches" >&2
idle_readers census-idle
rm -f "$OUT/$KIND.dmp"
"$TOOLS/dotnet-dump" collect -p "$SERVER" --type Heap -o "$OUT/$KIND.dmp" >/dev/null
wait "${pids[-1]}" || true
dotnet "$BIN/LiveWire.LoadTest/LiveWire.LoadTest.dll" heap-census "$OUT/$KIND.dmp" >"$OUT/$KIND-census.txt"
rm -f "$OUT/$KIND.dmp"
head -40 "$OUT/$KIND-census.txt"
fi

if [[ "$PARTS" == *cpu* ]]; then
echo "==> $KIND: $READERS readers, $RATE events/s, 10 s of CPU samples" >&2
tool --rate "$RATE" --duration-s 25 --warmup-s 2 >"$OUT/busy.txt" 2>"$OUT/busy.progress" &
pids+=($!)
wait_for_line "$OUT/busy.progress" "measured deliveries"
"$TOOLS/dotnet-trace" collect -p "$SERVER" --profile dotnet-sampled-thread-time --duration 00:00:00:10 -o "$OUT/$KIND.nettrace" >/dev/null
"$TOOLS/dotnet-trace" convert --format Speedscope "$OUT/$KIND.nettrace" -o "$OUT/$KIND" >/dev/null
python3 "$(dirname -- "$0")/oncpu.py" "$OUT/$KIND.speedscope.json" 25 40 | tee "$OUT/$KIND-cpu.txt"
wait "${pids[-1]}" || true
fi
echo "==> files in $OUT" >&2
