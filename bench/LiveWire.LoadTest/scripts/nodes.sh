# Helpers the benchmark scripts share, sourced by them (not run): free loopback ports, starting a published
# LiveWire project on one, and waiting for it to be ready. The caller sets BIN (where the projects are published),
# LOGS (where each process's output goes) and an array pids (what its cleanup stops).

project_dir() { # project_dir PROJECT: where its sources are, from the repository's root (the tool is in bench/, the product in src/)
  if [[ $1 == LiveWire.LoadTest ]]; then echo "bench/$1"; else echo "src/$1"; fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

started_pid=""
# What LiveWire's runtime image sets (deploy/Dockerfile), given to LiveWire's own processes here too; the references
# run on the framework's defaults unless the caller exports it for every process.
LIVEWIRE_IMAGE_ENV=(DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION=16384)

start() { # start NAME PROJECT PORT [args…]: runs $BIN/PROJECT on the port, output appended to $LOGS/NAME.log; its pid lands in $started_pid
  local name="$1" project="$2" port="$3" image_env=()
  shift 3
  [[ "$project" == LiveWire.Server || "$project" == LiveWire.Ingestion ]] && image_env=("${LIVEWIRE_IMAGE_ENV[@]}")
  (cd "$BIN/$project" && exec env "${image_env[@]}" dotnet "$project.dll" "$@" --urls "http://127.0.0.1:$port" >>"$LOGS/$name.log" 2>&1) &
  started_pid=$!
  pids+=("$started_pid")
}

wait_ready() { # wait_ready PORT: at most 60 s for /health/ready to answer 200
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "the node on port $1 did not become ready" >&2
  return 1
}

listener_pid() { # listener_pid PORT: the process listening on the loopback port (root sees every process)
  ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2
}
