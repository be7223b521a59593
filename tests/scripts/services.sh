# shellcheck shell=bash
# The run's own Redis and RabbitMQ: started on free loopback ports in folders
# under $RUN_BASE, stopped by pid. Sourced by tests/run.sh (after lib.sh), so
# that the pids stay in the shell whose exit trap stops them.
#   start_redis      exports LIVEWIRE_TEST_REDIS
#   start_rabbitmq   exports LIVEWIRE_TEST_RABBITMQ, LIVEWIRE_TEST_RABBITMQ_MANAGEMENT and
#                    LIVEWIRE_TEST_RABBITMQCTL (a rabbitmqctl for this node, used by the fault suite)
#   stop_services    stops whatever of them was started (nothing else)

RABBIT_READY_TIMEOUT=120   # seconds
REDIS_READY_TIMEOUT=20     # seconds

LW_SCRIPTS="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
REDIS_PID=""
RABBIT_PID=""
RABBIT_NODE=""
EPMD_PID=""

free_ports() { "$PY" "$LW_SCRIPTS/free-ports.py" "$1"; }   # N ports, then an 11-port block

# ----------------------------------------------------------------------------
# redis
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
# rabbitmq
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
  cat >"$RABBIT_DIR/rabbitmq.conf" <<CONF
# LiveWire test broker (tests/run.sh)
loopback_users.guest = true
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt
disk_free_limit.absolute = 50MB
log.console = false
log.file.level = info
CONF
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

# ----------------------------------------------------------------------------
# stop
# ----------------------------------------------------------------------------
stop_services() {
  local rabbit_kids="" i
  if alive "$RABBIT_PID"; then
    rabbit_kids="$(descendants "$RABBIT_PID")"   # beam.smp, erl_child_setup, ...
    rabbitctl stop >/dev/null 2>&1 || true     # graceful; times out by itself
    for ((i = 0; i < 150; i++)); do alive "$RABBIT_PID" || break; sleep 0.1; done
  fi
  stop_group "$RABBIT_PID" rabbitmq 15 "$rabbit_kids"
  stop_group "$EPMD_PID" epmd 5
  stop_group "$REDIS_PID" redis-server 10
}
