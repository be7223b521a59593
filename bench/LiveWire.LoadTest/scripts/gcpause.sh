#!/usr/bin/env bash
# gcpause.sh OUT N: N times, every 10 s, each LiveWire Server's count of full (gen2) collections and its total GC pause
# time so far, from its own /metrics. Run it beside a soak: bench/LiveWire.LoadTest/scripts/gcpause.sh /tmp/pause.txt 130 &
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
