#!/usr/bin/env bash
# The soak (issue 13, point 7): READERS readers for DURATION_S seconds at RATE events/s on the scale-out layout
# (NODES Server processes, one Ingestion worker, Redis and RabbitMQ, all on loopback), CHURN_PERCENT % of the
# readers leaving and resuming every CHURN_EVERY_S seconds, and Server KILL_NODE killed with kill -9 KILL_AT_S
# seconds into the posting and started again on its port DOWN_S seconds later. Runs inside tests/run.sh, which
# starts Redis and RabbitMQ and stops them afterwards:
#
#   LIVEWIRE_TEST_COMMAND=bench/LiveWire.LoadTest/scripts/soak.sh tests/run.sh
#   LIVEWIRE_TEST_COMMAND="READERS=300 RATE=2 DURATION_S=150 bench/LiveWire.LoadTest/scripts/soak.sh" tests/run.sh
#
# Knobs (defaults): READERS (10000), RATE (2), DURATION_S (600), TOPICS (1), NODES (3), KILL_NODE (3; not 1, which
# takes the posts; several, e.g. "7 8", are killed at once: a reconnect storm), KILL_AT_S (DURATION_S/2; 0: no kill),
# DOWN_S (10; -1: the killed nodes stay down), CHURN_PERCENT (5), CHURN_EVERY_S (60),
# AWAY_MAX_S (10), RSS_EVERY_S (5), RSS_WARMUP_S (120), RSS_WINDOW_S (60), HISTORY_S (120: the posts and delivery
# reports the store keeps), WORKERS (2), ACKS (off), LABEL (soak-READERS-rRATE-DURATION_Ss), OUT
# (docs/bench-results/soak), BIN (a fresh temp folder: Release builds are published into it), CENSUS_AT_S (none;
# e.g. "120 540": at those seconds after the readers connected, a heap dump of the Ingestion worker and of Server 1,
# counted by type with `LiveWire.LoadTest heap-census` into LABEL.census-NAME-Ts.txt; each dump pauses the process
# for a moment), TOOLS (/tmp/livewire-dntools: where dotnet-dump is installed when missing).
# Writes LABEL.txt (the report), LABEL.progress.txt, LABEL.json and, with KEEP_LOGS=1, the servers' logs into OUT.
# Exits with the tool's code: 2 when anything was lost or repeated, 3 when only the RSS moved beyond 10 %.
set -euo pipefail
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../../.." && pwd -P)"
# shellcheck source=nodes.sh
source "$ROOT/bench/LiveWire.LoadTest/scripts/nodes.sh"
: "${LIVEWIRE_TEST_REDIS:?run me through tests/run.sh (see the header)}"
: "${LIVEWIRE_TEST_RABBITMQ:?run me through tests/run.sh (see the header)}"
READERS="${READERS:-10000}"
RATE="${RATE:-2}"
DURATION_S="${DURATION_S:-600}"
TOPICS="${TOPICS:-1}"
NODES="${NODES:-3}"
KILL_NODE="${KILL_NODE:-$NODES}"
KILL_AT_S="${KILL_AT_S:-$((DURATION_S / 2))}"
DOWN_S="${DOWN_S:-10}"
LABEL="${LABEL:-soak-$READERS-r$RATE-${DURATION_S}s}"
OUT="${OUT:-$ROOT/docs/bench-results/soak}"
BIN="${BIN:-}"
LOGS="$(mktemp -d /tmp/livewire-soak-logs.XXXXXX)"
KEY="soak-benchmark-signing-key-0123456789abcdef"
((NODES >= 2)) || { echo "NODES must be 2 or more: readers of the killed node need another" >&2; exit 1; }
for k in $KILL_NODE; do
  ((k >= 2 && k <= NODES)) || { echo "KILL_NODE is 2 to NODES: node 1 takes the posts" >&2; exit 1; }
done
mkdir -p "$OUT"
OWN_BIN=0
if [[ -z "$BIN" ]]; then BIN="$(mktemp -d /tmp/livewire-soak-bin.XXXXXX)"; OWN_BIN=1; fi
pids=()
tool_pid=""
cleanup() {
  [[ -n "$tool_pid" ]] && kill "$tool_pid" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}" $tool_pid; do wait "$pid" 2>/dev/null || true; done
  if [[ "${KEEP_LOGS:-0}" == 1 ]]; then cp -r "$LOGS" "$OUT/$LABEL.logs"; fi
  rm -rf "$LOGS"
  if [[ $OWN_BIN == 1 ]]; then rm -rf "$BIN"; fi
}
trap cleanup EXIT

if [[ ! -f "$BIN/LiveWire.LoadTest/LiveWire.LoadTest.dll" ]]; then
  echo "==> publishing Release builds to $BIN" >&2
  for project in LiveWire.Server LiveWire.Ingestion LiveWire.LoadTest; do
    dotnet publish "$ROOT/$(project_dir "$project")" -c Release -o "$BIN/$project" --nologo -v quiet >"$LOGS/publish.log" \
      || { cat "$LOGS/publish.log" >&2; exit 1; }
  done
fi

export ConnectionStrings__Redis="$LIVEWIRE_TEST_REDIS" ConnectionStrings__RabbitMq="$LIVEWIRE_TEST_RABBITMQ" LiveWire__Redis__Prefix="soak$$"
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  LiveWire__Auth__SigningKey="$KEY" LiveWire__Auth__Issuer=livewire-bench LiveWire__Auth__Audience=livewire
# Every reader connects from a few loopback addresses, and a killed node's readers all subscribe again within
# seconds: the per-address limits are raised above what the soak asks. The tool posts as one editor.
export LiveWire__Limits__HubConnectionsPerAddress=1000000 LiveWire__Limits__SubscribesPerSecondPerAddress=1000000 \
  LiveWire__Limits__SubscribeBurstPerAddress=1000000 LiveWire__Limits__NewsroomRequestsPerSecond=100000 LiveWire__Limits__NewsroomBurst=100000
# The store keeps HISTORY_S seconds of posts and of delivery reports, as a newsroom keeps its days, so that Redis
# reaches its steady size within the warm-up; the tool reads the history on every 30 s and so still sees every seq.
HISTORY_S="${HISTORY_S:-120}"
history_span="$(printf '%02d:%02d:%02d' $((HISTORY_S / 3600)) $((HISTORY_S % 3600 / 60)) $((HISTORY_S % 60)))"
# RATE may be a fraction (0.1: one post every 10 s); the store keeps at least 10 events.
max_events="$(awk -v r="$RATE" -v h="$HISTORY_S" 'BEGIN { n = int(r * h + 0.999); print (n > 10 ? n : 10) }')"
export LiveWire__Timeline__MaxEvents="$max_events" LiveWire__Delivery__Retention="$history_span"

declare -A proc_pid
write_processes() { # the tool reads this file at every sample; a restarted node appears under its new pid
  local name
  for name in "${!proc_pid[@]}"; do echo "$name ${proc_pid[$name]}"; done >"$LOGS/processes.tmp"
  mv "$LOGS/processes.tmp" "$LOGS/processes"
}

W=$(free_port)
start ingestion LiveWire.Ingestion "$W"; proc_pid[ingestion]=$started_pid
ports=() urls=()
for n in $(seq 1 "$NODES"); do
  port=$(free_port)
  start "server-$n" LiveWire.Server "$port"
  proc_pid[server-$n]=$started_pid; ports+=("$port"); urls+=("http://127.0.0.1:$port")
done
for port in "$W" "${ports[@]}"; do wait_ready "$port"; done
redis_pid="$(listener_pid "${LIVEWIRE_TEST_REDIS##*:}")"
rabbit_port="${LIVEWIRE_TEST_RABBITMQ##*:}"; rabbit_port="${rabbit_port%%/*}"
rabbit_pid="$(listener_pid "$rabbit_port")"
[[ -n "$redis_pid" ]] && proc_pid[redis]=$redis_pid
[[ -n "$rabbit_pid" ]] && proc_pid[rabbitmq-beam]=$rabbit_pid
write_processes
echo "==> nodes ready: servers ${urls[*]}, ingestion :$W; redis pid ${redis_pid:-?}, rabbitmq beam pid ${rabbit_pid:-?}" >&2

echo "==> $LABEL on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rm -f "$LOGS/started"
dotnet "$BIN/LiveWire.LoadTest/LiveWire.LoadTest.dll" soak --label "$LABEL" --signing-key "$KEY" --issuer livewire-bench --audience livewire \
  --livewire "$(IFS=,; echo "${urls[*]}")" --readers "$READERS" --rate "$RATE" --duration-s "$DURATION_S" --topics "$TOPICS" \
  --churn-percent "${CHURN_PERCENT:-5}" --churn-every-s "${CHURN_EVERY_S:-60}" --away-max-s "${AWAY_MAX_S:-10}" \
  --rss-every-s "${RSS_EVERY_S:-5}" --rss-warmup-s "${RSS_WARMUP_S:-120}" --rss-window-s "${RSS_WINDOW_S:-60}" --workers "${WORKERS:-2}" --acks "${ACKS:-off}" \
  --processes "$LOGS/processes" --started-file "$LOGS/started" --out "$OUT/$LABEL.json" \
  >"$OUT/$LABEL.txt" 2> >(tee "$OUT/$LABEL.progress.txt" >&2) &
tool_pid=$!

census_pid=""
if [[ -n "${CENSUS_AT_S:-}" ]]; then
  TOOLS="${TOOLS:-/tmp/livewire-dntools}"
  [[ -x "$TOOLS/dotnet-dump" ]] || dotnet tool install --tool-path "$TOOLS" dotnet-dump --version 10.0.750501 >/dev/null
  ( # bounded: waits for the connects as the kill does, then for each moment in turn
    for _ in $(seq 1 7200); do [[ -f "$LOGS/started" ]] || ! kill -0 "$tool_pid" 2>/dev/null && break; sleep 1; done
    since=$SECONDS
    for at in $CENSUS_AT_S; do
      while ((SECONDS - since < at)) && kill -0 "$tool_pid" 2>/dev/null; do sleep 1; done
      kill -0 "$tool_pid" 2>/dev/null || break
      for name in ingestion server-1; do
        pid="$(awk -v n="$name" '$1 == n { print $2 }' "$LOGS/processes")"
        "$TOOLS/dotnet-dump" collect -p "$pid" --type Heap -o "$LOGS/$name.dmp" >/dev/null
        dotnet "$BIN/LiveWire.LoadTest/LiveWire.LoadTest.dll" heap-census "$LOGS/$name.dmp" >"$OUT/$LABEL.census-$name-${at}s.txt"
        rm -f "$LOGS/$name.dmp"
        echo "==> $(date +%T) census of $name at ${at}s: $OUT/$LABEL.census-$name-${at}s.txt" >&2
      done
    done
  ) &
  census_pid=$!
fi

if ((KILL_AT_S > 0)); then
  # Bounded waits: the connects (at most the tool's timeout), then the kill's moment.
  for _ in $(seq 1 7200); do [[ -f "$LOGS/started" ]] || ! kill -0 "$tool_pid" 2>/dev/null && break; sleep 1; done
  for _ in $(seq 1 "$KILL_AT_S"); do kill -0 "$tool_pid" 2>/dev/null || break; sleep 1; done
  if [[ -f "$LOGS/started" ]] && kill -0 "$tool_pid" 2>/dev/null; then
    for k in $KILL_NODE; do
      echo "==> $(date +%T) kill -9 server-$k (pid ${proc_pid[server-$k]}, port ${ports[$((k - 1))]})" >&2
      kill -9 "${proc_pid[server-$k]}"
    done
    for k in $KILL_NODE; do wait "${proc_pid[server-$k]}" 2>/dev/null || true; done
    if ((DOWN_S >= 0)); then
      sleep "$DOWN_S"
      for k in $KILL_NODE; do
        start "server-$k" LiveWire.Server "${ports[$((k - 1))]}"
        proc_pid[server-$k]=$started_pid
      done
      write_processes
      for k in $KILL_NODE; do
        wait_ready "${ports[$((k - 1))]}"
        echo "==> $(date +%T) server-$k started again (pid ${proc_pid[server-$k]}, port ${ports[$((k - 1))]}) and ready" >&2
      done
    fi
  fi
fi

rc=0
wait "$tool_pid" || rc=$?
tool_pid=""
[[ -n "$census_pid" ]] && { wait "$census_pid" || true; }
cat "$OUT/$LABEL.txt"
echo "==> report in $OUT/$LABEL.txt and $OUT/$LABEL.json; load at the end $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exit "$rc"
