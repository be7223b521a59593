#!/usr/bin/env bash
# One fan-out scenario, LiveWire beside both references, in one run (see `LiveWire.LoadTest --help`, fanout):
#
#   bench/LiveWire.LoadTest/scripts/fanout.sh LABEL [fanout options…]
#   e.g. bench/LiveWire.LoadTest/scripts/fanout.sh one-topic-1k-r10 --readers 1000 --rate 10
#
# Starts, on free loopback ports, LiveWire (LAYOUT=embedded, the default: one Server on its embedded defaults;
# LAYOUT=scale-out: NODES (default two) Server nodes and one Ingestion worker on Redis and RabbitMQ, which must be given in
# LIVEWIRE_TEST_REDIS / LIVEWIRE_TEST_RABBITMQ, so run it through tests/run.sh; READER_NODES=K puts the readers on
# the first K nodes only; Redis's and RabbitMQ's CPU and memory are reported beside the nodes':
#   LIVEWIRE_TEST_COMMAND="LAYOUT=scale-out bench/LiveWire.LoadTest/scripts/fanout.sh LABEL …" tests/run.sh)
# and the references (REFERENCES=0 leaves them out; REFERENCE_KINDS picks some of bare-signalr raw-websocket
# raw-websocket-batched, all three by default); runs the tool against all of them with the given options
# and the servers' process ids; writes LABEL.json and LABEL.txt into OUT (default docs/bench-results); stops
# everything it started. Release builds are published once into BIN (default /tmp/livewire-bench-bin;
# PUBLISH=1 publishes again). Exits with the tool's code: 2 when anything was lost or repeated.
set -euo pipefail
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../../.." && pwd -P)"
# shellcheck source=nodes.sh
source "$ROOT/bench/LiveWire.LoadTest/scripts/nodes.sh"
LABEL="${1:?usage: fanout.sh LABEL [fanout options…]}"
shift
LAYOUT="${LAYOUT:-embedded}"
REFERENCES="${REFERENCES:-1}"
OUT="${OUT:-$ROOT/docs/bench-results}"
BIN="${BIN:-/tmp/livewire-bench-bin}"
LOGS="$(mktemp -d /tmp/livewire-bench-logs.XXXXXX)"
KEY="fanout-benchmark-signing-key-0123456789abcdef"
mkdir -p "$OUT"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ "${KEEP_LOGS:-0}" == 1 ]]; then echo "==> server logs in $LOGS" >&2; else rm -rf "$LOGS"; fi
}
trap cleanup EXIT

if [[ "${PUBLISH:-0}" == 1 || ! -f "$BIN/LiveWire.LoadTest/LiveWire.LoadTest.dll" ]]; then
  echo "==> publishing Release builds to $BIN" >&2
  for project in LiveWire.Server LiveWire.Ingestion LiveWire.LoadTest; do
    dotnet publish "$ROOT/$(project_dir "$project")" -c Release -o "$BIN/$project" --nologo -v quiet >/dev/null
  done
fi

export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning LiveWire__Auth__SigningKey="$KEY" LiveWire__Auth__Issuer=livewire-bench LiveWire__Auth__Audience=livewire \
  LiveWire__Limits__HubConnectionsPerAddress=1000000 LiveWire__Limits__SubscribesPerSecondPerAddress=1000000 LiveWire__Limits__SubscribeBurstPerAddress=1000000
# The tool posts as one editor, and LiveWire refuses an editor's posts past 50 a second (429); the benchmark
# measures the fan-out, so LiveWire's limit is raised above any rate it posts (the references have none).
export LiveWire__Limits__NewsroomRequestsPerSecond=100000 LiveWire__Limits__NewsroomBurst=100000

targets=()
if [[ "$LAYOUT" == scale-out ]]; then
  : "${LIVEWIRE_TEST_REDIS:?scale-out runs through tests/run.sh (see the header)}"
  : "${LIVEWIRE_TEST_RABBITMQ:?scale-out runs through tests/run.sh (see the header)}"
  # Only LiveWire reads these; the references ignore them.
  export ConnectionStrings__Redis="$LIVEWIRE_TEST_REDIS" ConnectionStrings__RabbitMq="$LIVEWIRE_TEST_RABBITMQ" LiveWire__Redis__Prefix="bench$$"
  # Readers on some nodes only is the point of READER_NODES: the nodes must not even them out (LiveWire:Rebalance).
  if [[ -n "${READER_NODES:-}" ]]; then export LiveWire__Rebalance__Enabled=false; fi
  W=$(free_port)
  start ingestion LiveWire.Ingestion "$W"; node_pids=("$started_pid"); node_ports=("$W")
  urls=()
  for n in $(seq 1 "${NODES:-2}"); do
    port=$(free_port)
    start "server-$n" LiveWire.Server "$port"
    node_pids+=("$started_pid"); node_ports+=("$port"); urls+=("http://127.0.0.1:$port")
  done
  for port in "${node_ports[@]}"; do wait_ready "$port"; done
  # READER_NODES=K puts the readers on the first K nodes only: the others carry no reader, so what an event costs
  # them is the backplane's price alone. Every node's CPU is measured either way.
  reader_urls=("${urls[@]:0:${READER_NODES:-${#urls[@]}}}")
  targets+=(--livewire "$(IFS=,; echo "${reader_urls[*]}")" --livewire-pids "$(IFS=,; echo "${node_pids[*]}")")
  # Redis and RabbitMQ are measured beside the nodes, not as part of them.
  redis_pid="$(listener_pid "${LIVEWIRE_TEST_REDIS##*:}")"
  rabbit_port="${LIVEWIRE_TEST_RABBITMQ##*:}"; rabbit_port="${rabbit_port%%/*}"
  rabbit_pid="$(listener_pid "$rabbit_port")"
  observe=()
  [[ -n "$redis_pid" ]] && observe+=("redis=$redis_pid")
  [[ -n "$rabbit_pid" ]] && observe+=("rabbitmq=$rabbit_pid")
  ((${#observe[@]} > 0)) && targets+=(--observe "$(IFS=,; echo "${observe[*]}")")
  echo "==> processes: ingestion and servers ${node_pids[*]} (ingestion first); ${observe[*]}" >&2
else
  L=$(free_port)
  start livewire LiveWire.Server "$L"
  targets+=(--livewire "http://127.0.0.1:$L" --livewire-pids "$started_pid")
  wait_ready "$L"
fi

if [[ "$REFERENCES" == 1 ]]; then
  for kind in ${REFERENCE_KINDS:-bare-signalr raw-websocket raw-websocket-batched}; do
    case "$kind" in bare-signalr) name=bare ;; raw-websocket) name=raw ;; raw-websocket-batched) name=raw-batched ;; *) echo "unknown reference $kind" >&2; exit 1 ;; esac
    port=$(free_port)
    start "$kind" LiveWire.LoadTest "$port" reference "$kind"
    wait_ready "$port"
    targets+=("--$name" "http://127.0.0.1:$port" "--$name-pids" "$started_pid")
  done
fi

echo "==> $LABEL on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg): ${targets[*]} $*" >&2
rc=0
dotnet "$BIN/LiveWire.LoadTest/LiveWire.LoadTest.dll" fanout --label "$LABEL" --signing-key "$KEY" --issuer livewire-bench --audience livewire "${targets[@]}" \
  --out "$OUT/$LABEL.json" "$@" | tee "$OUT/$LABEL.txt" || rc=$?
exit "$rc"
