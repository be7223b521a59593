#!/usr/bin/env bash
# Measures POST-on-node-A to receipt-on-node-B latency on the scale-out layout: two Server processes, one
# Ingestion worker, Redis and RabbitMQ, all on loopback. Runs inside tests/run.sh, which starts Redis and
# RabbitMQ and stops them afterwards:
#
#   LIVEWIRE_TEST_COMMAND=bench/LiveWire.LoadTest/scripts/cross-node-latency.sh tests/run.sh
#
# RUNS (default 3) repetitions of POSTS (default 200) posts each; every run prints its percentiles and writes
# results-N.json into OUT (default a temp folder, printed at the end).
set -euo pipefail
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../../.." && pwd -P)"
# shellcheck source=nodes.sh
source "$ROOT/bench/LiveWire.LoadTest/scripts/nodes.sh"
: "${LIVEWIRE_TEST_REDIS:?run me through tests/run.sh (see the header)}"
: "${LIVEWIRE_TEST_RABBITMQ:?run me through tests/run.sh (see the header)}"
RUNS="${RUNS:-3}"
POSTS="${POSTS:-200}"
OUT="${OUT:-$(mktemp -d /tmp/livewire-latency.XXXXXX)}"
BIN="$(mktemp -d /tmp/livewire-bin.XXXXXX)"
KEY="latency-benchmark-signing-key-0123456789abcdef"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$BIN"
}
trap cleanup EXIT

echo "==> publishing Release builds to $BIN"
for project in LiveWire.Server LiveWire.Ingestion LiveWire.LoadTest; do
  dotnet publish "$ROOT/$(project_dir "$project")" -c Release -o "$BIN/$project" --nologo -v quiet >/dev/null
done

export ConnectionStrings__Redis="$LIVEWIRE_TEST_REDIS"
export ConnectionStrings__RabbitMq="$LIVEWIRE_TEST_RABBITMQ"
export LiveWire__Auth__SigningKey="$KEY" LiveWire__Auth__Issuer=livewire-bench LiveWire__Auth__Audience=livewire \
  LiveWire__Limits__HubConnectionsPerAddress=1000000 LiveWire__Limits__SubscribesPerSecondPerAddress=1000000 LiveWire__Limits__SubscribeBurstPerAddress=1000000
export LiveWire__Redis__Prefix="bench$$"
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning

LOGS="$OUT"

A=$(free_port); B=$(free_port); W=$(free_port)
start ingestion LiveWire.Ingestion "$W"
start server-a LiveWire.Server "$A"
start server-b LiveWire.Server "$B"
for port in "$W" "$A" "$B"; do wait_ready "$port"; done
echo "==> nodes ready: server A :$A, server B :$B, ingestion :$W"

for run in $(seq 1 "$RUNS"); do
  dotnet "$BIN/LiveWire.LoadTest/LiveWire.LoadTest.dll" latency \
    --post-url "http://127.0.0.1:$A" --subscribe-url "http://127.0.0.1:$B" --signing-key "$KEY" --issuer livewire-bench --audience livewire \
    --posts "$POSTS" --out "$OUT/results-$run.json"
done
echo "==> results in $OUT"
