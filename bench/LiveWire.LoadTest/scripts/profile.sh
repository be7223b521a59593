#!/usr/bin/env bash
# Where a server spends its time and memory under the fan-out scenario:
#
#   bench/LiveWire.LoadTest/scripts/profile.sh [livewire|bare-signalr|raw-websocket|raw-websocket-batched]   (default livewire)
#
# Starts the server on its own (LiveWire on its embedded defaults, or a reference), then
#   1. with READERS (default 10000) idle readers connected, takes a GC heap dump (dotnet-gcdump, which runs a
#      full GC first) and prints the types that hold the most memory (every type in KIND-heap-full.txt, which
#      heapdiff.py compares between two servers);
#   2. with the same readers on one topic and RATE (default 50) events a second, samples the CPU for 10 s
#      (dotnet-trace, dotnet-sampled-thread-time: thread stacks at ~100 Hz) and prints the frames that were on
#      the CPU, exclusive and inclusive (oncpu.py).
#   3. (PARTS=idle) with the same readers idle, the server's CPU over 10 s from /proc (KIND-idle-cpu.txt: CPU
#      seconds a second, and µs per reader a second), then 10 s of CPU samples as in 2 (KIND-idle-cpu-frames.txt):
#      what the connections cost with nothing to send;
#   4. (PARTS=census) with the same idle readers, takes a heap dump (dotnet-dump) and counts only the objects it
#      still reaches, by type (`LiveWire.LoadTest heap-census`), into KIND-census.txt, in the format heapdiff.py compares. A
#      gcdump's report may count objects that have just become garbage; the census does not.
# PARTS (default "heap cpu") picks the parts; ACKS=on makes the readers of part 2 ack as the clients do.
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
  (cd "$BIN/LiveWire.Server" && exec env "${LIVEWIRE_IMAGE_ENV[@]}" dotnet LiveWire.Server.dll --urls "http://127.0.0.1:$PORT" >"$OUT/server.log" 2>&1) &
  target=(--livewire "http://127.0.0.1:$PORT")
else
  (cd "$BIN/LiveWire.LoadTest" && exec dotnet LiveWire.LoadTest.dll reference "$KIND" --urls "http://127.0.0.1:$PORT" >"$OUT/server.log" 2>&1) &
  case "$KIND" in
    bare-signalr) flag=--bare ;;
    raw-websocket) flag=--raw ;;
    raw-websocket-batched) flag=--raw-batched ;;
    *) echo "unknown server: $KIND" >&2; exit 64 ;;
  esac
  target=("$flag" "http://127.0.0.1:$PORT")
fi
SERVER=$!
pids+=("$SERVER")
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done

tool() { dotnet "$BIN/LiveWire.LoadTest/LiveWire.LoadTest.dll" fanout --signing-key "$KEY" --issuer livewire-bench --audience livewire "${target[@]}" --readers "$READERS" --repeats 1 --connect-concurrency 200 "$@"; }
wait_for_line() { # wait_for_line FILE PATTERN
  for _ in $(seq 1 1200); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1
}
idle_readers() { # idle_readers NAME [S]: READERS idle readers stay for S s (default 25); returns 5 s after they are all connected
  tool --rate 0 --settle-s "${2:-25}" >"$OUT/$1.txt" 2>"$OUT/$1.progress" &
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

if [[ "$PARTS" == *idle* ]]; then
echo "==> $KIND: $READERS idle readers, CPU over 10 s, then 10 s of CPU samples" >&2
idle_readers idle-cpu 40
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER/stat"; }
t0=$(cpu_ticks); s0=$(date +%s.%N); sleep 10; t1=$(cpu_ticks); s1=$(date +%s.%N)
python3 - "$t0" "$t1" "$s0" "$s1" "$(getconf CLK_TCK)" "$READERS" "$KIND" <<'PY' | tee "$OUT/$KIND-idle-cpu.txt"
import sys
t0, t1, s0, s1, hz, readers = (float(a) for a in sys.argv[1:7])
busy = (t1 - t0) / hz / (s1 - s0)
print(f"{sys.argv[7]}: {int(readers)} idle readers: {busy * 100:.1f} % of a core, {busy / readers * 1e6:.2f} us per reader a second")
PY
"$TOOLS/dotnet-trace" collect -p "$SERVER" --profile dotnet-sampled-thread-time --duration 00:00:00:10 -o "$OUT/$KIND-idle.nettrace" >/dev/null
"$TOOLS/dotnet-trace" convert --format Speedscope "$OUT/$KIND-idle.nettrace" -o "$OUT/$KIND-idle" >/dev/null
python3 "$(dirname -- "$0")/oncpu.py" "$OUT/$KIND-idle.speedscope.json" 25 40 >"$OUT/$KIND-idle-cpu-frames.txt"
head -30 "$OUT/$KIND-idle-cpu-frames.txt"
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
tool --rate "$RATE" --duration-s 25 --warmup-s 2 --acks "${ACKS:-off}" >"$OUT/busy.txt" 2>"$OUT/busy.progress" &
pids+=($!)
wait_for_line "$OUT/busy.progress" "measured deliveries"
"$TOOLS/dotnet-trace" collect -p "$SERVER" --profile dotnet-sampled-thread-time --duration 00:00:00:10 -o "$OUT/$KIND.nettrace" >/dev/null
"$TOOLS/dotnet-trace" convert --format Speedscope "$OUT/$KIND.nettrace" -o "$OUT/$KIND" >/dev/null
python3 "$(dirname -- "$0")/oncpu.py" "$OUT/$KIND.speedscope.json" 25 40 | tee "$OUT/$KIND-cpu.txt"
wait "${pids[-1]}" || true
fi
echo "==> files in $OUT" >&2
