# shellcheck shell=bash
# Helpers shared by tests/run.sh and the scripts beside this file (sourced, never run).
#   log / warn / die     timestamped lines (warn and die on stderr; die exits 1)
#   since T              seconds since T (an $EPOCHREALTIME value), one decimal
#   show_tail FILE...    the last lines of log files, on stderr
#   alive PID            the process is running
#   as_root CMD...       CMD as root (directly, or through sudo -n)
#   descendants PID...   every descendant of the pids, as they are now
#   stop_group PID NAME [GRACE] [KIDS]   stops a server started with setsid, and its helpers

# python3 for timing, free ports and the trx summary (tests/scripts/install.sh installs it when missing).
PY="$(command -v python3 || echo /usr/bin/python3)"

IS_ROOT=0; [[ $EUID -eq 0 ]] && IS_ROOT=1

log()  { printf '%s ==> %s\n' "$(date +%H:%M:%S)" "$*"; }
warn() { printf '%s ==> WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf '%s ==> ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }
since() { "$PY" -c 'import sys; print("%.1f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$EPOCHREALTIME"; }
show_tail() {
  local f
  for f in "$@"; do
    [[ -f "$f" ]] || continue
    printf -- '----- last lines of %s -----\n' "$f" >&2
    tail -n 80 "$f" >&2 || true
    printf -- '----- end of %s -----\n' "$f" >&2
  done
}
alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }
as_root() { if [[ $IS_ROOT == 1 ]]; then "$@"; else sudo -n "$@"; fi; }

descendants() {
  ps -eo pid=,ppid= | awk -v roots="$*" '
    BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) want[r[i]] = 1 }
    { parent[$1] = $2 }
    END { do { changed = 0
                for (p in parent) if (!(p in want) && (parent[p] in want)) { want[p] = 1; print p; changed = 1 }
              } while (changed) }'
}

# Each server is started with setsid, so pid == pgid and the group holds that
# server and its helpers; helpers that left the group (Erlang's erl_child_setup
# calls setsid) are found as descendants beforehand.
stop_group() { # pid name [grace seconds] [descendants, if taken earlier]
  local pid="$1" name="$2" grace="${3:-15}" kids="${4:-}" i k
  [[ -n "$pid" ]] || return 0
  kids="$kids $(descendants "$pid")"
  if alive "$pid"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then
      warn "$name (pid $pid) ignored SIGTERM; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # helpers exit by themselves once the server is gone; give them a moment
  for k in $kids; do
    for ((i = 0; i < 30; i++)); do alive "$k" || break; sleep 0.1; done
    alive "$k" && kill -KILL "$k" 2>/dev/null
  done
  return 0
}
