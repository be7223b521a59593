#!/usr/bin/env bash
# What idle readers cost one server's CPU, over a longer window than profile.sh's idle part (10 s):
#
#   BIN=… bench/LiveWire.LoadTest/scripts/idlecpu.sh livewire|bare GCSERVER OUT
#
# Starts the server (LiveWire on its embedded defaults, with the runtime image's settings, or the bare SignalR
# reference) with DOTNET_gcServer=GCSERVER (0: the workstation GC, 1: the server GC), connects 10,000 idle readers,
# and 8 s after they are all connected takes the server's CPU from /proc over 45 s (OUT/cpu.txt: % of a core and µs
# per reader a second). For LiveWire it adds its GC's collections and allocated bytes over the same window, from its
# /metrics. Uses the Release builds in BIN like fanout.sh.
set -u
KIND=$1; GC=$2; OUT=$3; mkdir -p "$OUT"
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../../.." && pwd -P)"
BIN="${BIN:-/tmp/livewire-profile-bin}"
# shellcheck source=nodes.sh
source "$ROOT/bench/LiveWire.LoadTest/scripts/nodes.sh"
KEY="fanout-benchmark-signing-key-0123456789abcdef"
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning LiveWire__Auth__SigningKey="$KEY" LiveWire__Auth__Issuer=livewire-bench LiveWire__Auth__Audience=livewire \
  LiveWire__Limits__HubConnectionsPerAddress=1000000 LiveWire__Limits__SubscribesPerSecondPerAddress=1000000 LiveWire__Limits__SubscribeBurstPerAddress=1000000
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
if [[ $KIND == livewire ]]; then
  (cd "$BIN/LiveWire.Server" && exec env "${LIVEWIRE_IMAGE_ENV[@]}" DOTNET_gcServer="$GC" dotnet LiveWire.Server.dll --urls "http://127.0.0.1:$PORT" >"$OUT/server.log" 2>&1) & SERVER=$!
  target=(--livewire "http://127.0.0.1:$PORT")
else
  (cd "$BIN/LiveWire.LoadTest" && exec env DOTNET_gcServer="$GC" dotnet LiveWire.LoadTest.dll reference bare-signalr --urls "http://127.0.0.1:$PORT" >"$OUT/server.log" 2>&1) & SERVER=$!
  target=(--bare "http://127.0.0.1:$PORT")
fi
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
dotnet "$BIN/LiveWire.LoadTest/LiveWire.LoadTest.dll" fanout --signing-key "$KEY" --issuer livewire-bench --audience livewire "${target[@]}" \
  --readers 10000 --repeats 1 --connect-concurrency 200 --rate 0 --settle-s 60 >"$OUT/tool.txt" 2>"$OUT/tool.progress" & TOOL=$!
for _ in $(seq 1 1200); do grep -q "connected " "$OUT/tool.progress" 2>/dev/null && break; sleep 0.1; done
sleep 8
gc_counters() { [[ $KIND == livewire ]] && curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^dotnet_gc_collections_total|^dotnet_gc_heap_total_allocated_bytes_total|^dotnet_gc_pause_time_seconds_total'; }
gc_counters >"$OUT/gc-before.txt"; t0=$(awk '{print $14+$15}' "/proc/$SERVER/stat"); s0=$(date +%s.%N)
sleep 45
gc_counters >"$OUT/gc-after.txt"; t1=$(awk '{print $14+$15}' "/proc/$SERVER/stat"); s1=$(date +%s.%N)
python3 -c "import sys; t0,t1,s0,s1,hz=map(float,sys.argv[1:6]); b=(t1-t0)/hz/(s1-s0); print(f'$KIND gc=$GC: {b*100:.1f} % of a core, {b/10000*1e6:.2f} us per idle reader a second over 45 s')" \
  "$t0" "$t1" "$s0" "$s1" "$(getconf CLK_TCK)" | tee "$OUT/cpu.txt"
[[ $KIND == livewire ]] && paste -d' ' "$OUT/gc-before.txt" "$OUT/gc-after.txt" | awk '{printf "  %s %s -> %s (+%s)\n", $1, $2, $4, $4-$2}' | tee -a "$OUT/cpu.txt"
kill "$TOOL" "$SERVER" 2>/dev/null; wait "$TOOL" "$SERVER" 2>/dev/null
exit 0
