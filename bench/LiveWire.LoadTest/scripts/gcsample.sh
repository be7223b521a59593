#!/usr/bin/env bash
# gcsample.sh OUT [SAMPLES]: every INTERVAL_S seconds (20 by default), SAMPLES times (40 by default), for every
# LiveWire Server and Ingestion process on this machine, a line with its RSS (VmRSS, RssAnon, RssFile, kB), threads,
# and from its own /metrics the GC's committed memory and heap size after the last collection (MiB), the bytes
# allocated so far (MiB), its full (gen2) collections and the GC's total pause so far (s), and the JIT's compiled IL
# bytes and methods. Run it beside a soak: bench/LiveWire.LoadTest/scripts/gcsample.sh /tmp/gc.txt &
out=$1
for _ in $(seq 1 "${2:-40}"); do
  for pid in $(pgrep -f "LiveWire.(Ingestion|Server).dll"); do
    port=$(ss -Hltnp | grep "pid=$pid," | grep -o '127.0.0.1:[0-9]*' | head -1)
    [[ -z $port ]] && continue
    m=$(curl -s -m 3 "http://$port/metrics")
    name=$(tr '\0' ' ' <"/proc/$pid/cmdline" | grep -o 'LiveWire\.[A-Za-z]*\.dll')
    st=$(awk '/^(VmRSS|RssAnon|RssFile|Threads)/ {printf "%s=%s ", $1, $2}' "/proc/$pid/status")
    committed=$(grep '^dotnet_gc_last_collection_memory_committed_size_bytes' <<<"$m" | awk '{print int($2/1048576)}')
    heap=$(grep '^dotnet_gc_last_collection_heap_size_bytes' <<<"$m" | awk '{s+=$2} END {print int(s/1048576)}')
    alloc=$(grep '^dotnet_gc_heap_total_allocated_bytes_total' <<<"$m" | awk '{print int($2/1048576)}')
    gen2=$(grep '^dotnet_gc_collections_total.*gc_heap_generation="gen2"' <<<"$m" | awk '{print $2}')
    pause=$(grep '^dotnet_gc_pause_time_seconds_total' <<<"$m" | awk '{print $2}')
    jit=$(grep '^dotnet_jit_compiled_il_size_bytes_total\|^dotnet_jit_compiled_methods_total' <<<"$m" | awk '{printf "%s ", $2}')
    echo "$(date +%T) $name pid=$pid $st committedMiB=$committed heapMiB=$heap allocMiB=$alloc gen2=$gen2 pauseS=$pause jit=$jit"
  done >> "$out"
  sleep "${INTERVAL_S:-20}"
done
