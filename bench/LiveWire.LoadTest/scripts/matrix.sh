#!/usr/bin/env bash
# The scenario matrix of docs/benchmarks.md, one scenario after another (each: LiveWire and both references,
# interleaved, 3 runs per target; see fanout.sh). Before the first scenario it waits up to 20 minutes for the
# machine to be quiet (1-minute load average under QUIET_LOAD, default 3, and no `dotnet test`/`dotnet build`
# running), before each later one up to 3 minutes, then runs anyway; the load average is in every result.
#
#   bench/LiveWire.LoadTest/scripts/matrix.sh [NAME…]     (default: every scenario below, in order)
#
# The scale-out scenarios need Redis and RabbitMQ, so they run through tests/run.sh (it starts and stops them).
set -uo pipefail
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../../.." && pwd -P)"
FANOUT="$ROOT/bench/LiveWire.LoadTest/scripts/fanout.sh"
TEN_K=(--readers 10000 --connect-concurrency 200 --drain-s 90 --settle-s 3 --repeats 3)
declare -A SCENARIOS=(
  [one-topic-1k-r1]="--readers 1000 --rate 1 --repeats 3"
  [one-topic-1k-r10]="--readers 1000 --rate 10 --repeats 3"
  [one-topic-1k-r50]="--readers 1000 --rate 50 --repeats 3"
  [one-topic-10k-r1]="${TEN_K[*]} --rate 1"
  [one-topic-10k-r10]="${TEN_K[*]} --rate 10"
  [one-topic-10k-r50]="${TEN_K[*]} --rate 50"
  [hundred-topics-10k-r100]="${TEN_K[*]} --topics 100 --rate 100"
  [one-topic-10k-r10-msgpack]="${TEN_K[*]} --rate 10 --protocol messagepack"
  [acks-off-2k-r10]="--readers 2000 --rate 10 --duration-s 20 --repeats 3 --acks off"
  [acks-on-2k-r10]="--readers 2000 --rate 10 --duration-s 20 --repeats 3 --acks on"
  [scale-out-10k-r10]="${TEN_K[*]} --rate 10"
  [scale-out-idle-20k]="--readers 20000 --rate 0 --repeats 3 --connect-concurrency 200 --settle-s 5"
  [scale-out-idle-50k]="--readers 50000 --rate 0 --repeats 1 --connect-concurrency 200 --settle-s 5"
  # Capacity (issue 16): each target at rising rates, fresh readers at each step, until its p99 reaches 1 s.
  [capacity-10k]="--readers 10000 --connect-concurrency 200 --drain-s 30 --settle-s 2 --repeats 3 --duration-s 5 --warmup-s 2 --rates 1,10,20,30,40,50,60,80,100"
)
# Memory per idle connection is read on fresh server processes, so each idle-10k-K (and idle-18k-K: the most
# readers one process holds here, nearest the 20,000 of the single-node scenario) is one run per target with every
# server started anew; the K runs together give the medians.
for k in 1 2 3 4 5; do
  SCENARIOS[idle-10k-$k]="--readers 10000 --rate 0 --repeats 1 --connect-concurrency 200 --settle-s 3"
  SCENARIOS[idle-18k-$k]="--readers 18000 --rate 0 --repeats 1 --connect-concurrency 200 --settle-s 3"
done
ORDER=(one-topic-10k-r1 one-topic-10k-r10 one-topic-10k-r50 acks-off-2k-r10 acks-on-2k-r10 hundred-topics-10k-r100
  one-topic-10k-r10-msgpack scale-out-10k-r10 scale-out-idle-20k one-topic-1k-r1 one-topic-1k-r10 one-topic-1k-r50)
(($# > 0)) && ORDER=("$@")

polls=40
quiet() {
  local load busy
  for _ in $(seq 1 "$polls"); do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    busy="$(pgrep -fc 'dotnet (test|build)|testhost|vstest' || true)"
    if awk -v l="$load" -v q="${QUIET_LOAD:-3}" 'BEGIN { exit !(l < q) }' && [[ "$busy" == 0 ]]; then return; fi
    echo "    $(date +%T) waiting for a quiet machine: load $load, $busy test/build processes" >&2
    sleep 30
  done
}

for name in "${ORDER[@]}"; do
  quiet
  polls=6
  echo "=== $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg) $name" >&2
  # shellcheck disable=SC2086  # the options are words
  case "$name" in
    acks-*) REFERENCES=0 "$FANOUT" "$name" ${SCENARIOS[$name]} ;;
    scale-out-idle-50k)  # three nodes: a process holds at most ~19,000 connections
      LIVEWIRE_TEST_COMMAND="LAYOUT=scale-out NODES=3 REFERENCES=0 $FANOUT $name ${SCENARIOS[$name]}" "$ROOT/tests/run.sh" ;;
    scale-out-idle-*)
      LIVEWIRE_TEST_COMMAND="LAYOUT=scale-out REFERENCES=0 $FANOUT $name ${SCENARIOS[$name]}" "$ROOT/tests/run.sh" ;;
    scale-out-*) LIVEWIRE_TEST_COMMAND="LAYOUT=scale-out $FANOUT $name ${SCENARIOS[$name]}" "$ROOT/tests/run.sh" ;;
    *) "$FANOUT" "$name" ${SCENARIOS[$name]} ;;
  esac
done
