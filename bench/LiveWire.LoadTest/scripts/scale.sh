#!/usr/bin/env bash
# 100,000 readers on this machine (issue 16, point 3), on the scale-out layout: Server nodes, one Ingestion
# worker, Redis and RabbitMQ, readers over the tool's worker processes (a process holds at most ~19,000
# connections). Runs inside tests/run.sh, which starts Redis and RabbitMQ and stops them afterwards:
#
#   LIVEWIRE_TEST_COMMAND=bench/LiveWire.LoadTest/scripts/scale.sh tests/run.sh
#   LIVEWIRE_TEST_COMMAND="bench/LiveWire.LoadTest/scripts/scale.sh breaking storm" tests/run.sh
#
# Parts, in order (default all; each on freshly started nodes):
#   breaking   NODES (6) Servers, READERS (100000) readers of one topic, one event every 10 s, 10 measured
#              (after one warm-up event): the p99 of a breaking event to all; and the memory per idle reader
#   one-a-s    the same readers, 1 event a second for 20 s
#   storm      the soak on STORM_NODES (8) Servers: the readers read one topic at STORM_RATE (1) events/s; at 60 s
#              Servers 7 and 8 are killed with kill -9 and stay down; their readers come back on the other six (the
#              clients' full-jitter back-off, capped at 30 s). The progress lines, about every 10 s, say how many
#              are back.
#              STORM_RATE=0.1 is the breaking part's rate, one event every 10 s (the label then ends in -r0.1).
#   backplane  readers on Server 1 only, with 2, 4 and 6 Servers: what an event costs a node with no reader
# Results go to OUT (default docs/bench-results/scale); Release builds are published into BIN once.
set -uo pipefail
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../../.." && pwd -P)"
SCRIPTS="$ROOT/bench/LiveWire.LoadTest/scripts"
: "${LIVEWIRE_TEST_REDIS:?run me through tests/run.sh (see the header)}"
READERS="${READERS:-100000}"
NODES="${NODES:-6}"
export OUT="${OUT:-$ROOT/docs/bench-results/scale}" BIN="${BIN:-/tmp/livewire-bench-bin}"
PARTS=("$@")
((${#PARTS[@]} > 0)) || PARTS=(breaking one-a-s storm backplane)
BIG=(--readers "$READERS" --repeats 1 --connect-concurrency 400 --drain-s 60 --settle-s 5)
rc=0
for part in "${PARTS[@]}"; do
  echo "=== $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg) $part" >&2
  case "$part" in
    breaking) LAYOUT=scale-out NODES=$NODES REFERENCES=0 "$SCRIPTS/fanout.sh" "breaking-$READERS" "${BIG[@]}" --rate 0.1 --warmup-s 10 --duration-s 100 ;;
    one-a-s) LAYOUT=scale-out NODES=$NODES REFERENCES=0 "$SCRIPTS/fanout.sh" "one-a-s-$READERS" "${BIG[@]}" --rate 1 --warmup-s 3 --duration-s 20 ;;
    storm) READERS=$READERS NODES="${STORM_NODES:-8}" KILL_NODE="7 8" DOWN_S=-1 KILL_AT_S=60 DURATION_S=150 RATE="${STORM_RATE:-1}" CHURN_PERCENT=0 \
      WORKERS=$(((READERS + 14999) / 15000)) RSS_EVERY_S=1 RSS_WARMUP_S=20 RSS_WINDOW_S=10 LABEL="storm-$READERS${STORM_RATE:+-r$STORM_RATE}" "$SCRIPTS/soak.sh" ;;
    backplane)
      for n in 2 4 6; do
        LAYOUT=scale-out NODES=$n READER_NODES=1 REFERENCES=0 "$SCRIPTS/fanout.sh" "backplane-$n-nodes" \
          --readers 1000 --rate 50 --warmup-s 2 --duration-s 20 --repeats 1 || rc=$?
      done
      continue ;;
    *) echo "unknown part $part" >&2; exit 1 ;;
  esac
  part_rc=$?
  ((part_rc == 0)) || rc=$part_rc
done
exit "$rc"
