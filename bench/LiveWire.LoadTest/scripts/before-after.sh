#!/usr/bin/env bash
# The same fan-out scenario on two builds of LiveWire, interleaved (before, after, before, after…), to measure what a
# change costs:
#
#   bench/LiveWire.LoadTest/scripts/before-after.sh BEFORE_BIN AFTER_BIN LABEL [PAIRS] -- [fanout options…]
#   e.g. before-after.sh /tmp/bench-before /tmp/bench-after issue12-10k-r50 3 -- --readers 10000 --rate 50
#
# Each BIN holds published LiveWire.Server and LiveWire.LoadTest folders (see fanout.sh; give both the same tool, so
# the yardstick is one). Results: OUT/LABEL-before-N and OUT/LABEL-after-N (.json, .txt); the references are left out.
set -euo pipefail
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../../.." && pwd -P)"
BEFORE="${1:?usage: before-after.sh BEFORE_BIN AFTER_BIN LABEL [PAIRS] -- [options]}"
AFTER="${2:?}"
LABEL="${3:?}"
PAIRS=3
shift 3
if [[ $# -gt 0 && "$1" != "--" ]]; then PAIRS="$1"; shift; fi
[[ $# -gt 0 && "$1" == "--" ]] && shift
for n in $(seq 1 "$PAIRS"); do
  BIN="$BEFORE" REFERENCES=0 "$ROOT/bench/LiveWire.LoadTest/scripts/fanout.sh" "$LABEL-before-$n" "$@"
  BIN="$AFTER" REFERENCES=0 "$ROOT/bench/LiveWire.LoadTest/scripts/fanout.sh" "$LABEL-after-$n" "$@"
done
