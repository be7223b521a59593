#!/usr/bin/env bash
# LiveWire's one test command (README: `tests/run.sh`; .ci/run calls it).
#
#   tests/run.sh [extra dotnet test args, e.g. --filter Category=Fast]
#
# What it does:
#   1. installs what is missing from Debian (redis, rabbitmq, chromium for the
#      browser tests, curl and the deployment checkers; see APT_* below) and runs
#      `npm ci` wherever a package-lock.json has no node_modules yet;
#   2. starts a throw-away redis-server and RabbitMQ node (with the management
#      plugin) on free loopback ports in fresh temp folders;
#   3. exports their addresses to the tests:
#        LIVEWIRE_TEST_REDIS               127.0.0.1:PORT
#        LIVEWIRE_TEST_RABBITMQ            amqp://guest:guest@127.0.0.1:PORT/
#        LIVEWIRE_TEST_RABBITMQ_MANAGEMENT http://127.0.0.1:PORT/  (guest/guest)
#        LIVEWIRE_TEST_RUN_DIR             a scratch folder for the tests
#   4. runs `dotnet test LiveWire.sln -c Release` (trx into $RESULTS), prints
#      `tests: N passed, N failed, N skipped` as the last line, and exits with
#      dotnet test's code (non-zero as well when no test ran);
#   5. always stops everything it started and removes its temp folders.
#
# Environment knobs:
#   LIVEWIRE_TEST_REDIS / LIVEWIRE_TEST_RABBITMQ + LIVEWIRE_TEST_RABBITMQ_MANAGEMENT
#       already set -> use those servers, start none of our own.
#   LIVEWIRE_TEST_RUN_DIR      already set -> used as is (and not deleted).
#   LIVEWIRE_TEST_RESULTS_DIR  where trx files go (default: <repo>/TestResults).
#   LIVEWIRE_TEST_COMMAND      replaces the dotnet test command (script self-checks);
#                              run with bash -c, extra args are passed as "$@".
#   LIVEWIRE_TEST_KEEP=1       keep the temp folders (server logs) after the run.
#   LIVEWIRE_TEST_APT_EXTRA    extra Debian packages to install (space separated).
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

# ----------------------------------------------------------------------------
# Packages. Add to these lists when the project needs more from Debian.
# ----------------------------------------------------------------------------
# Needed only when we start our own servers:
APT_REDIS_PACKAGES=(redis-server redis-tools)
APT_RABBITMQ_PACKAGES=(rabbitmq-server)
# Always needed (python3 for this script's own timing, ports and summary, when no python3 is on PATH; redis-server
# also for the tests that start and kill a Redis of their own, even when the run's Redis is the caller's):
APT_TOOL_PACKAGES=(curl redis-server)
command -v python3 >/dev/null || APT_TOOL_PACKAGES+=(python3)
# deploy/check.sh checks docker-compose.yml, k8s/, the nginx config and the alert rules (promtool, from Debian's
# prometheus package, whose service policy-rc.d keeps from starting) offline with these:
APT_TOOL_PACKAGES+=(yamllint docker-compose nginx-light prometheus)
# Browser tests (tests/LiveWire.Web.Tests) drive Debian's headless chromium; playwright never downloads one.
APT_TOOL_PACKAGES+=(chromium)
# shellcheck disable=SC2206
APT_TOOL_PACKAGES+=(${LIVEWIRE_TEST_APT_EXTRA:-})

RABBIT_READY_TIMEOUT=120   # seconds
REDIS_READY_TIMEOUT=20     # seconds

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
# Leave no MSBuild/compiler server processes running after the tests.
export MSBUILDDISABLENODEREUSE="${MSBUILDDISABLENODEREUSE:-1}"
export DOTNET_CLI_USE_MSBUILD_SERVER="${DOTNET_CLI_USE_MSBUILD_SERVER:-0}"
export UseSharedCompilation="${UseSharedCompilation:-false}"

PY="$(command -v python3 || echo /usr/bin/python3)"

# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------
T0=$EPOCHREALTIME
log()  { printf '%s ==> %s\n' "$(date +%H:%M:%S)" "$*"; }
warn() { printf '%s ==> WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf '%s ==> ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }
# seconds since $1 (an $EPOCHREALTIME value), one decimal
since() { "$PY" -c 'import sys; print("%.1f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$EPOCHREALTIME"; }
# show the last lines of a log file (to stderr)
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

IS_ROOT=0; [[ $EUID -eq 0 ]] && IS_ROOT=1
as_root() { if [[ $IS_ROOT == 1 ]]; then "$@"; else sudo -n "$@"; fi; }

# All descendants of the given pids, as they are now (not the pids themselves).
descendants() {
  ps -eo pid=,ppid= | awk -v roots="$*" '
    BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) want[r[i]] = 1 }
    { parent[$1] = $2 }
    END { do { changed = 0
                for (p in parent) if (!(p in want) && (parent[p] in want)) { want[p] = 1; print p; changed = 1 }
              } while (changed) }'
}

# Stop a server we started. We start each one with setsid, so pid == pgid and
# the group holds that server and its helpers; helpers that left the group
# (Erlang's erl_child_setup calls setsid) are found as descendants beforehand.
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

# ----------------------------------------------------------------------------
# state + cleanup
# ----------------------------------------------------------------------------
RUN_BASE=""          # our temp root (removed at exit)
REDIS_PID=""
RABBIT_PID=""
RABBIT_NODE=""
EPMD_PID=""
TEST_PID=""
CLEANED=0

cleanup() {
  [[ $CLEANED == 1 ]] && return 0
  CLEANED=1
  set +e
  trap '' PIPE     # stdout may be gone: finish the cleanup regardless
  local t=$EPOCHREALTIME i
  if alive "$TEST_PID"; then
    # the test run and everything under it (dotnet, vstest, testhost, ...)
    local tree p
    tree="$TEST_PID $(descendants "$TEST_PID")"
    log "stopping the test run (pid $TEST_PID)"
    # shellcheck disable=SC2086  # a list of pids
    kill -TERM $tree 2>/dev/null
    for ((i = 0; i < 100; i++)); do alive "$TEST_PID" || break; sleep 0.1; done
    for p in $tree; do alive "$p" && kill -KILL "$p" 2>/dev/null; done
  fi
  if [[ -n "$RABBIT_PID" || -n "$REDIS_PID" || -n "$EPMD_PID" ]]; then
    log "cleaning up"
  fi
  local rabbit_kids=""
  if alive "$RABBIT_PID"; then
    rabbit_kids="$(descendants "$RABBIT_PID")"   # beam.smp, erl_child_setup, ...
    rabbitctl stop >/dev/null 2>&1 || true     # graceful; times out by itself
    for ((i = 0; i < 150; i++)); do alive "$RABBIT_PID" || break; sleep 0.1; done
  fi
  stop_group "$RABBIT_PID" rabbitmq 15 "$rabbit_kids"
  stop_group "$EPMD_PID" epmd 5
  stop_group "$REDIS_PID" redis-server 10
  if [[ -n "$RUN_BASE" && -d "$RUN_BASE" ]]; then
    if [[ "${LIVEWIRE_TEST_KEEP:-0}" == 1 ]]; then
      log "keeping $RUN_BASE (LIVEWIRE_TEST_KEEP=1)"
    else
      rm -rf -- "$RUN_BASE"
    fi
  fi
  if [[ -n "$RABBIT_PID" || -n "$REDIS_PID" ]]; then
    log "cleanup done in $(since "$t")s"
  fi
}
# shellcheck disable=SC2317  # called from the trap
on_exit() { local rc=$?; cleanup; exit "$rc"; }
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
# A closed stdout (e.g. `tests/run.sh | head`) must not kill us before cleanup.
trap 'exit 141' PIPE

# ----------------------------------------------------------------------------
# which servers do we start?
# ----------------------------------------------------------------------------
START_REDIS=1
START_RABBIT=1
if [[ -n "${LIVEWIRE_TEST_REDIS:-}" ]]; then
  START_REDIS=0
  log "using the caller's redis at $LIVEWIRE_TEST_REDIS"
fi
if [[ -n "${LIVEWIRE_TEST_RABBITMQ:-}" || -n "${LIVEWIRE_TEST_RABBITMQ_MANAGEMENT:-}" ]]; then
  [[ -n "${LIVEWIRE_TEST_RABBITMQ:-}" && -n "${LIVEWIRE_TEST_RABBITMQ_MANAGEMENT:-}" ]] ||
    die "set both LIVEWIRE_TEST_RABBITMQ and LIVEWIRE_TEST_RABBITMQ_MANAGEMENT (or neither)"
  START_RABBIT=0
  log "using the caller's rabbitmq at $LIVEWIRE_TEST_RABBITMQ (management $LIVEWIRE_TEST_RABBITMQ_MANAGEMENT)"
fi

# ----------------------------------------------------------------------------
# 1. packages
# ----------------------------------------------------------------------------
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

# processes a package install could start behind our back (system services
# run as these users; our own servers run as root or are not started yet)
service_pids() {
  ps -eo pid=,user=,comm= | awk '
    ($2 == "redis" || $2 == "rabbitmq" || $2 == "epmd" || $2 == "prometheus") &&
    ($3 == "redis-server" || $3 == "beam.smp" || $3 == "epmd" || $3 == "prometheus") { print $1 }' | sort
}

install_packages() {
  local wanted=("$@") missing=() p
  for p in "${wanted[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "packages present: ${wanted[*]}"
    return 0
  fi
  local t=$EPOCHREALTIME
  log "installing from Debian: ${missing[*]}"
  if [[ $IS_ROOT != 1 ]] && ! sudo -n true 2>/dev/null; then
    die "missing packages (${missing[*]}) and not root: install them, or run as root"
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Keep the packages' maintainer scripts from starting the system services
  # (redis-server, rabbitmq-server, prometheus): policy-rc.d exiting 101 = "not allowed".
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# temporary, from LiveWire tests/run.sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 0755 "$policy"
    made_policy=1
  fi
  local before
  before="$(service_pids)"
  local apt_rc=0
  {
    as_root apt-get -q update -o DPkg::Lock::Timeout=300 &&
      as_root apt-get -q install -y --no-install-recommends \
        -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}"
  } > >(sed -u 's/^/    apt: /') 2>&1 || apt_rc=$?
  [[ $made_policy == 1 ]] && as_root rm -f "$policy"
  # Stop any service process that appeared during the install (only ours:
  # it was not there before and we have started no server yet).
  local after newp
  after="$(service_pids)"
  for newp in $(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after")); do
    warn "the install started $(ps -o comm= -p "$newp" 2>/dev/null) (pid $newp); stopping it"
    as_root kill -TERM "$newp" 2>/dev/null || true
  done
  [[ $apt_rc == 0 ]] || die "apt-get install ${missing[*]} failed (exit $apt_rc)"
  log "installed in $(since "$t")s"
}

npm_install_hook() {
  # Runs `npm ci` in every folder under src/ and tests/ with a package-lock.json
  # whose node_modules is missing or older than the lock file. Nothing to do
  # while the project has no such folder.
  local lock dir
  while IFS= read -r -d '' lock; do
    dir="$(dirname -- "$lock")"
    if [[ -d "$dir/node_modules" && ! "$lock" -nt "$dir/node_modules/.package-lock.json" ]]; then
      continue
    fi
    command -v npm >/dev/null || die "npm is needed for $dir but is not installed"
    local t=$EPOCHREALTIME
    log "npm ci in ${dir#"$ROOT"/}"
    (cd -- "$dir" && npm ci --no-audit --no-fund) || die "npm ci failed in $dir"
    log "npm ci done in $(since "$t")s"
  done < <(find "$ROOT/src" "$ROOT/tests" -name node_modules -prune -o -name package-lock.json -type f -print0 2>/dev/null)
}

want=("${APT_TOOL_PACKAGES[@]}")
[[ $START_REDIS == 1 ]] && want+=("${APT_REDIS_PACKAGES[@]}")
[[ $START_RABBIT == 1 ]] && want+=("${APT_RABBITMQ_PACKAGES[@]}")
install_packages "${want[@]}"
npm_install_hook

# ----------------------------------------------------------------------------
# temp folders + free ports
# ----------------------------------------------------------------------------
RUN_BASE="$(mktemp -d "${TMPDIR:-/tmp}/livewire-test.XXXXXX")"
chmod 0755 "$RUN_BASE"   # the rabbitmq user must reach its sub-folder
if [[ -z "${LIVEWIRE_TEST_RUN_DIR:-}" ]]; then
  LIVEWIRE_TEST_RUN_DIR="$RUN_BASE/run"
  mkdir -m 0777 "$LIVEWIRE_TEST_RUN_DIR"
fi
export LIVEWIRE_TEST_RUN_DIR

# Prints N distinct free loopback TCP ports, then the first port of a block of
# 11 consecutive free ports (for the rabbitmq CLI's own distribution listener).
# Ports come from below the kernel's ephemeral range, so outgoing connections
# made during the tests cannot take them.
free_ports() {
  "$PY" - "$1" <<'EOF'
import random, socket, sys
n = int(sys.argv[1])
try:
    eph_lo = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
except Exception:
    eph_lo = 32768
lo, hi = 20000, min(32000, eph_lo - 1)
if hi - lo < 2000:
    lo, hi = 10000, 60000
avoid = set(range(25672, 25683)) | {4369, 5672, 6379, 15672}
taken = set()
def free(p):
    if p in avoid or p in taken:
        return False
    for addr in ("127.0.0.1", "0.0.0.0"):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind((addr, p))
        except OSError:
            return False
        finally:
            s.close()
    return True
rnd = random.SystemRandom()
out = []
for _ in range(n):
    for _ in range(5000):
        p = rnd.randint(lo, hi)
        if free(p):
            taken.add(p); out.append(p); break
    else:
        sys.exit("no free port found")
for _ in range(5000):
    b = rnd.randint(lo, hi - 10)
    if all(free(p) for p in range(b, b + 11)):
        taken.update(range(b, b + 11)); out.append(b); break
else:
    sys.exit("no free port block found")
print(" ".join(map(str, out)))
EOF
}

# ----------------------------------------------------------------------------
# 3. redis
# ----------------------------------------------------------------------------
start_redis() {
  local t=$EPOCHREALTIME dir="$RUN_BASE/redis" attempt port
  mkdir -p "$dir"
  for attempt in 1 2 3; do
    port="$(free_ports 1 | cut -d" " -f1)"
    log "starting redis on 127.0.0.1:$port"
    rm -f "$dir/redis.log" "$dir/redis.out"
    setsid redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes \
      --dir "$dir" --appendonly yes --save '' --daemonize no \
      --logfile "$dir/redis.log" --loglevel notice \
      </dev/null >"$dir/redis.out" 2>&1 &
    REDIS_PID=$!
    local deadline=$((SECONDS + REDIS_READY_TIMEOUT))
    while alive "$REDIS_PID" && ((SECONDS < deadline)); do
      if [[ "$(timeout 2 redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == PONG ]]; then
        export LIVEWIRE_TEST_REDIS="127.0.0.1:$port"
        log "redis ready (pid $REDIS_PID) in $(since "$t")s"
        return 0
      fi
      sleep 0.1
    done
    if ! alive "$REDIS_PID" && cat "$dir"/redis.* 2>/dev/null | grep -q 'Address already in use' && ((attempt < 3)); then
      warn "port $port was taken meanwhile; trying another"
      stop_group "$REDIS_PID" redis-server 5; REDIS_PID=""
      continue
    fi
    show_tail "$dir/redis.out" "$dir/redis.log"
    if alive "$REDIS_PID"; then
      stop_group "$REDIS_PID" redis-server 5; REDIS_PID=""
      die "redis-server did not answer PING within ${REDIS_READY_TIMEOUT}s"
    fi
    REDIS_PID=""
    die "redis-server exited during startup"
  done
}

# ----------------------------------------------------------------------------
# 4. rabbitmq
# ----------------------------------------------------------------------------
RABBIT_BIN=/usr/lib/rabbitmq/bin     # not /usr/sbin: Debian's wrapper forces /var/lib/rabbitmq
RABBIT_DIR=""
RABBIT_ENV=()
# Debian's rabbitmq must run as the rabbitmq user; so does our rabbitmqctl,
# with the same HOME (same Erlang cookie).
AS_RABBIT=()
[[ $IS_ROOT == 1 ]] && AS_RABBIT=(setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups --)

# rabbitmqctl against our node; never hangs for long
# (timeout makes itself a process group leader: once it returns, whatever the
# CLI's Erlang VM left behind in that group is killed.)
rabbitctl() {
  [[ -n "$RABBIT_NODE" ]] || return 1
  local tpid rc=0
  (cd "$RABBIT_DIR" && exec timeout 60 "${AS_RABBIT[@]}" env "${RABBIT_ENV[@]}" \
    "$RABBIT_BIN/rabbitmqctl" -n "$RABBIT_NODE" "$@") </dev/null &
  tpid=$!
  wait "$tpid" || rc=$?
  kill -KILL -- "-$tpid" 2>/dev/null || true
  return "$rc"
}

mgmt_ok() { # url -> 0 when /api/overview answers 200 for guest
  curl -fsS -o /dev/null --max-time 5 -u guest:guest "${1}api/overview" 2>/dev/null
}

start_rabbitmq() {
  local t=$EPOCHREALTIME
  [[ -x "$RABBIT_BIN/rabbitmq-server" ]] || die "$RABBIT_BIN/rabbitmq-server not found (rabbitmq-server package missing?)"
  if [[ $IS_ROOT == 1 ]] && ! id rabbitmq >/dev/null 2>&1; then die "user rabbitmq does not exist"; fi
  local amqp mgmt dist epmd ctlmin
  read -r amqp mgmt dist epmd ctlmin <<<"$(free_ports 4)"
  RABBIT_NODE="lwtest-$$@localhost"
  RABBIT_DIR="$RUN_BASE/rabbitmq"
  mkdir -p "$RABBIT_DIR"/{home,mnesia,log}
  # Our own cookie, in the HOME that both the node and our rabbitmqctl use.
  "$PY" -c 'import secrets; print(secrets.token_hex(20).upper(), end="")' >"$RABBIT_DIR/home/.erlang.cookie"
  chmod 0400 "$RABBIT_DIR/home/.erlang.cookie"
  echo '[rabbitmq_management].' >"$RABBIT_DIR/enabled_plugins"
  : >"$RABBIT_DIR/rabbitmq-env.conf"   # ignore /etc/rabbitmq/rabbitmq-env.conf
  # Resolve host names (localhost) from /etc/hosts inside Erlang, so the node
  # and each rabbitmqctl need no inet_gethost helper process.
  echo '{lookup, [file, native]}.' >"$RABBIT_DIR/erl_inetrc"
  cat >"$RABBIT_DIR/rabbitmq.conf" <<EOF
# LiveWire test broker (tests/run.sh)
loopback_users.guest = true
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt
disk_free_limit.absolute = 50MB
log.console = false
log.file.level = info
EOF
  [[ $IS_ROOT == 1 ]] && chown -R rabbitmq:rabbitmq "$RABBIT_DIR"

  RABBIT_ENV=(
    HOME="$RABBIT_DIR/home"
    LANG=C.UTF-8 LC_ALL=C.UTF-8
    ERL_EPMD_PORT="$epmd"
    ERL_CRASH_DUMP="$RABBIT_DIR/log/erl_crash.dump"
    ERL_INETRC="$RABBIT_DIR/erl_inetrc"
    RABBITMQ_NODENAME="$RABBIT_NODE"
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    RABBITMQ_NODE_PORT="$amqp"
    RABBITMQ_DIST_PORT="$dist"
    RABBITMQ_CTL_DIST_PORT_MIN="$ctlmin"
    RABBITMQ_CTL_DIST_PORT_MAX="$((ctlmin + 10))"
    RABBITMQ_CONF_ENV_FILE="$RABBIT_DIR/rabbitmq-env.conf"
    RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq.conf"
    RABBITMQ_ADVANCED_CONFIG_FILE="$RABBIT_DIR/advanced.config"
    RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins"
    RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia"
    RABBITMQ_LOG_BASE="$RABBIT_DIR/log"
    RABBITMQ_PID_FILE="$RABBIT_DIR/rabbitmq.pid"
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  )

  # Our own epmd on our own port, so we know its pid and share it with nobody.
  log "starting epmd on 127.0.0.1:$epmd"
  (cd "$RABBIT_DIR" && exec setsid "${AS_RABBIT[@]}" env "${RABBIT_ENV[@]}" epmd -address 127.0.0.1 -port "$epmd") \
    </dev/null >"$RABBIT_DIR/log/epmd.log" 2>&1 &
  EPMD_PID=$!
  local deadline=$((SECONDS + 15))
  until epmd -port "$epmd" -names >/dev/null 2>&1; do
    if ! alive "$EPMD_PID" || ((SECONDS >= deadline)); then
      show_tail "$RABBIT_DIR/log/epmd.log"
      die "epmd did not start on port $epmd"
    fi
    sleep 0.1
  done

  log "starting rabbitmq $RABBIT_NODE on 127.0.0.1:$amqp (management :$mgmt, dist :$dist)"
  (cd "$RABBIT_DIR" && exec setsid "${AS_RABBIT[@]}" env "${RABBIT_ENV[@]}" "$RABBIT_BIN/rabbitmq-server") \
    </dev/null >"$RABBIT_DIR/log/startup.log" 2>&1 &
  RABBIT_PID=$!

  local mgmt_url="http://127.0.0.1:$mgmt/" node_log="$RABBIT_DIR/log/$RABBIT_NODE.log"
  deadline=$((SECONDS + RABBIT_READY_TIMEOUT))
  # The management API answers only once the broker has booted its plugins:
  # poll it cheaply (each rabbitmqctl call boots an Erlang VM, ~1-2 s).
  until mgmt_ok "$mgmt_url"; do
    if ! alive "$RABBIT_PID"; then
      show_tail "$RABBIT_DIR/log/startup.log" "$node_log"
      die "rabbitmq exited during startup"
    fi
    if ((SECONDS >= deadline)); then
      show_tail "$RABBIT_DIR/log/startup.log" "$node_log"
      die "rabbitmq management API not up within ${RABBIT_READY_TIMEOUT}s"
    fi
    sleep 0.25
  done
  log "rabbitmq management API answers after $(since "$t")s; checking the node with rabbitmqctl"
  # await_startup fails outright until the node is registered with epmd: poll.
  until rabbitctl await_startup --timeout 10 >"$RABBIT_DIR/log/ctl.log" 2>&1; do
    if ! alive "$RABBIT_PID" || ((SECONDS >= deadline)); then
      show_tail "$RABBIT_DIR/log/ctl.log" "$RABBIT_DIR/log/startup.log" "$node_log"
      die "rabbitmqctl -n $RABBIT_NODE await_startup did not succeed"
    fi
    sleep 1
  done
  # and the AMQP listener
  "$PY" -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 5).close()' "$amqp" ||
    { show_tail "$node_log"; die "rabbitmq AMQP port $amqp does not accept connections"; }

  # The fault suite stops and starts this node (stop_app / start_app) through this command.
  {
    printf '#!/usr/bin/env bash\ncd %q && exec timeout 60' "$RABBIT_DIR"
    printf ' %q' "${AS_RABBIT[@]}" env "${RABBIT_ENV[@]}" "$RABBIT_BIN/rabbitmqctl" -n "$RABBIT_NODE"
    printf ' "$@"\n'
  } >"$RUN_BASE/rabbitmqctl"
  chmod 0755 "$RUN_BASE/rabbitmqctl"
  export LIVEWIRE_TEST_RABBITMQCTL="$RUN_BASE/rabbitmqctl"
  export LIVEWIRE_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$amqp/"
  export LIVEWIRE_TEST_RABBITMQ_MANAGEMENT="$mgmt_url"
  log "rabbitmq ready (pid $RABBIT_PID) in $(since "$t")s"
}


[[ $START_REDIS == 1 ]] && start_redis
[[ $START_RABBIT == 1 ]] && start_rabbitmq
log "servers ready after $(since "$T0")s in all"
log "LIVEWIRE_TEST_REDIS=$LIVEWIRE_TEST_REDIS"
log "LIVEWIRE_TEST_RABBITMQ=$LIVEWIRE_TEST_RABBITMQ"
log "LIVEWIRE_TEST_RABBITMQ_MANAGEMENT=$LIVEWIRE_TEST_RABBITMQ_MANAGEMENT"
log "LIVEWIRE_TEST_RUN_DIR=$LIVEWIRE_TEST_RUN_DIR"

# ----------------------------------------------------------------------------
# 6. the tests
# ----------------------------------------------------------------------------
RESULTS="${LIVEWIRE_TEST_RESULTS_DIR:-$ROOT/TestResults}"
if [[ -z "${LIVEWIRE_TEST_COMMAND:-}" ]] || [[ -d "$RESULTS" ]]; then
  mkdir -p "$RESULTS"
  RESULTS="$(cd -- "$RESULTS" && pwd -P)"
  rm -f -- "$RESULTS"/lw*.trx   # only this run's trx files get counted
fi
export LIVEWIRE_TEST_RESULTS_DIR="$RESULTS"

OVERRIDE=0
if [[ -n "${LIVEWIRE_TEST_COMMAND:-}" ]]; then
  OVERRIDE=1
  TEST_CMD=(bash -c "$LIVEWIRE_TEST_COMMAND" run-tests "$@")
  log "running LIVEWIRE_TEST_COMMAND instead of dotnet test"
else
  command -v dotnet >/dev/null || die "dotnet is not on PATH"
  [[ -f "$ROOT/LiveWire.sln" ]] || die "$ROOT/LiveWire.sln not found"
  # The fault suite stops the shared broker, so it runs after the solution's tests, on its own.
  FAULTS="$ROOT/tests/LiveWire.Faults.Tests/LiveWire.Faults.Tests.csproj"
  TEST_CMD=(bash -c 'rc=0
    dotnet test "$1" -c Release --logger "trx;LogFilePrefix=lw" --results-directory "$2" "${@:4}" || rc=$?
    if [[ -z "${LIVEWIRE_TEST_RABBITMQCTL:-}" ]]; then echo "fault suite skipped: the broker is not ours to stop" >&2
    else dotnet test "$3" -c Release --logger "trx;LogFilePrefix=lwfaults" --results-directory "$2" "${@:4}" || rc=$?; fi
    exit $rc' run-tests "$ROOT/LiveWire.sln" "$RESULTS" "$FAULTS" "$@")
  log "running: dotnet test LiveWire.sln, then the fault suite ($FAULTS)"
fi

# The deployment files users run (compose, k8s, nginx) are checked with tools that run here.
deploy_counts="0 0 0"
deploy_rc=0
if [[ $OVERRIDE == 0 ]]; then
  log "checking the deployment files: deploy/check.sh"
  deploy_out="$("$ROOT/deploy/check.sh" 2>&1)" || deploy_rc=$?
  printf '%s\n' "$deploy_out" | sed 's/^/    /'
  deploy_counts="$(printf '%s\n' "$deploy_out" | tail -n 1 | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/\1 \2 \3/p')"
  [[ -n "$deploy_counts" ]] || { deploy_counts="0 1 0"; deploy_rc=1; }
fi

t_tests=$EPOCHREALTIME
# In the background + wait, so that INT/TERM reach our trap at once.
"${TEST_CMD[@]}" </dev/null &
TEST_PID=$!
rc=0
wait "$TEST_PID" || rc=$?
TEST_PID=""
log "tests finished with exit code $rc after $(since "$t_tests")s"

# ----------------------------------------------------------------------------
# summary from the trx files
# ----------------------------------------------------------------------------
shopt -s nullglob
trx=("$RESULTS"/lw*.trx)
shopt -u nullglob
summary=""
if [[ ${#trx[@]} -gt 0 ]]; then
  summary="$("$PY" - "${trx[@]}" <<'EOF_PY'
import sys
import xml.etree.ElementTree as ET
passed = failed = skipped = 0
failures = []
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print("warning: cannot parse %s: %s" % (path, e), file=sys.stderr)
        failed += 1
        continue
    ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    results = root.find(ns + "Results")
    items = list(results.findall(ns + "UnitTestResult")) if results is not None else []
    if items:
        for r in items:  # top-level results only (data rows nest as InnerResults)
            o = r.get("outcome", "")
            if o == "Passed":
                passed += 1
            elif o in ("NotExecuted", "Inconclusive", "Pending", "NotRunnable", "Disconnected"):
                skipped += 1
            else:
                failed += 1
                failures.append(r.get("testName", "?"))
    else:
        c = root.find("%sResultSummary/%sCounters" % (ns, ns))
        if c is not None:
            g = lambda k: int(c.get(k, "0") or 0)
            passed += g("passed")
            failed += g("failed") + g("error") + g("timeout") + g("aborted")
            skipped += g("notExecuted") + g("inconclusive")
for name in failures[:50]:
    print("  failed: " + name, file=sys.stderr)
if len(failures) > 50:
    print("  ... and %d more failed" % (len(failures) - 50), file=sys.stderr)
print("%d %d %d" % (passed, failed, skipped))
EOF_PY
)" || { warn "could not read the trx files"; summary=""; }
fi

final_line=""
if [[ -n "$summary" ]]; then
  read -r n_pass n_fail n_skip <<<"$summary"
  read -r d_pass d_fail d_skip <<<"$deploy_counts"
  n_pass=$((n_pass + d_pass)); n_fail=$((n_fail + d_fail)); n_skip=$((n_skip + d_skip))
  ((deploy_rc == 0)) || rc=1
  if ((rc != 0 && n_fail == 0)); then
    # a project that did not build, or a test host that crashed, leaves no failed test in the trx files
    warn "dotnet test failed without a failed test (a build error or a crashed test host): counted as one failure"
    n_fail=1
  fi
  final_line="tests: $n_pass passed, $n_fail failed, $n_skip skipped"
  if ((n_fail > 0 && rc == 0)); then rc=1; fi
  if ((n_pass + n_fail == 0 && rc == 0)); then
    warn "no test ran"
    rc=1
  fi
elif [[ $OVERRIDE == 0 ]]; then
  warn "no trx file in $RESULTS: no test ran, or the run broke before testing"
  final_line="tests: 0 passed, 0 failed, 0 skipped"
  ((rc == 0)) && rc=1
fi

cleanup
log "total $(since "$T0")s, exit code $rc"
# the summary line comes last (CI reads 'N passed, N failed')
[[ -n "$final_line" ]] && echo "$final_line"
exit "$rc"
