#!/usr/bin/env bash
# gcpause.sh OUT N: every 10 s, each Server's gen2 count and total GC pause from its /metrics.
for _ in $(seq 1 "$2"); do
  for pid in $(pgrep -f "LiveWire.Server.dll"); do
    port=$(ss -Hltnp | grep "pid=$pid," | grep -o '127.0.0.1:[0-9]*' | head -1)
    [[ -z $port ]] && continue
    m=$(curl -s -m 3 "http://$port/metrics")
    g2=$(grep 'gc_heap_generation="gen2"' <<<"$m" | grep collections_total | awk '{print $2}')
    p=$(grep '^dotnet_gc_pause_time_seconds_total' <<<"$m" | awk '{print $2}')
    echo "$(date +%T) pid=$pid gen2=$g2 pause_s=$p"
  done >> "$1"
  sleep 10
done
