#!/usr/bin/env bash
# LiveWire's one test command (README: `tests/run.sh`; .ci/run calls it).
#
#   tests/run.sh [extra dotnet test args, e.g. --filter Category=Fast]
#
# What it does:
#   1. installs what is missing from Debian (redis, rabbitmq, chromium for the
#      browser tests, curl and the deployment checkers) and runs `npm ci`
#      wherever a package-lock.json has no node_modules yet: scripts/install.sh;
#   2. starts a throw-away redis-server and RabbitMQ node (with the management
#      plugin) on free loopback ports in fresh temp folders: scripts/services.sh;
#   3. exports their addresses to the tests:
#        LIVEWIRE_TEST_REDIS               127.0.0.1:PORT
#        LIVEWIRE_TEST_RABBITMQ            amqp://guest:guest@127.0.0.1:PORT/
#        LIVEWIRE_TEST_RABBITMQ_MANAGEMENT http://127.0.0.1:PORT/  (guest/guest)
#        LIVEWIRE_TEST_RABBITMQCTL         rabbitmqctl for that node (the fault suite stops it)
#        LIVEWIRE_TEST_RUN_DIR             a scratch folder for the tests
#        LIVEWIRE_TEST_RESULTS_DIR         where the trx files go
#   4. checks the deployment files (deploy/check.sh) and the browser code
#      (scripts/web-checks.sh: tsc, eslint, node --test), then runs
#      `dotnet test LiveWire.sln -c Release` and after it the fault suite
#      (tests/LiveWire.Faults.Tests, which stops and starts the broker) on its
#      own: scripts/run-tests.sh, trx files into $RESULTS;
#   5. prints `tests: N passed, N failed, N skipped` as the last line (the trx
#      files counted by scripts/summary.py, plus deploy/check.sh's and
#      web-checks.sh's counts);
#   6. always stops everything it started (by pid, nothing else) and removes its
#      temp folders, on exit, INT, TERM, HUP or a closed stdout.
#
# Exit code: 0 when every test passed; otherwise dotnet test's (or
# LIVEWIRE_TEST_COMMAND's) code, or 1 (a failed test or deployment check, no
# test run, a failed install or start-up), or 130/143/129/141 when stopped by
# INT/TERM/HUP/PIPE.
#
# Environment knobs:
#   LIVEWIRE_TEST_REDIS / LIVEWIRE_TEST_RABBITMQ + LIVEWIRE_TEST_RABBITMQ_MANAGEMENT
#       already set -> use those servers, start none of our own.
#   LIVEWIRE_TEST_RUN_DIR      already set -> used as is (and not deleted).
#   LIVEWIRE_TEST_RESULTS_DIR  where trx files go (default: <repo>/TestResults).
#   LIVEWIRE_TEST_COMMAND      replaces the dotnet test command and the deployment
#                              check (script self-checks); run with bash -c, extra
#                              args are passed as "$@"; no summary line unless it
#                              leaves lw*.trx files in LIVEWIRE_TEST_RESULTS_DIR.
#   LIVEWIRE_TEST_KEEP=1       keep the temp folders (server logs) after the run.
#   LIVEWIRE_TEST_APT_EXTRA    extra Debian packages to install (space separated).
#
# The scripts it calls (tests/scripts/, one job each, each documented at its top):
#   lib.sh        shared helpers: log lines, stopping a process group
#   install.sh    Debian packages and npm ci
#   services.sh   start and stop Redis and RabbitMQ (free-ports.py picks the ports)
#   run-tests.sh  dotnet test over the solution, then the fault suite
#   summary.py    counts passed, failed and skipped in the trx files
#   web-checks.sh the browser code's type-check, lint and unit tests
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
SCRIPTS="$ROOT/tests/scripts"
cd "$ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
# Leave no MSBuild/compiler server processes running after the tests.
export MSBUILDDISABLENODEREUSE="${MSBUILDDISABLENODEREUSE:-1}"
export DOTNET_CLI_USE_MSBUILD_SERVER="${DOTNET_CLI_USE_MSBUILD_SERVER:-0}"
export UseSharedCompilation="${UseSharedCompilation:-false}"

# shellcheck source=tests/scripts/lib.sh
source "$SCRIPTS/lib.sh"
# shellcheck source=tests/scripts/services.sh
source "$SCRIPTS/services.sh"
T0=$EPOCHREALTIME

# ----------------------------------------------------------------------------
# cleanup: the test run, our servers, our temp root
# ----------------------------------------------------------------------------
RUN_BASE=""          # our temp root (removed at exit)
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
  stop_services
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
# 1. which servers do we start? install what they and the tests need
# ----------------------------------------------------------------------------
SERVERS=()
if [[ -n "${LIVEWIRE_TEST_REDIS:-}" ]]; then
  log "using the caller's redis at $LIVEWIRE_TEST_REDIS"
else
  SERVERS+=(redis)
fi
if [[ -n "${LIVEWIRE_TEST_RABBITMQ:-}" || -n "${LIVEWIRE_TEST_RABBITMQ_MANAGEMENT:-}" ]]; then
  [[ -n "${LIVEWIRE_TEST_RABBITMQ:-}" && -n "${LIVEWIRE_TEST_RABBITMQ_MANAGEMENT:-}" ]] ||
    die "set both LIVEWIRE_TEST_RABBITMQ and LIVEWIRE_TEST_RABBITMQ_MANAGEMENT (or neither)"
  log "using the caller's rabbitmq at $LIVEWIRE_TEST_RABBITMQ (management $LIVEWIRE_TEST_RABBITMQ_MANAGEMENT)"
else
  SERVERS+=(rabbitmq)
fi
bash "$SCRIPTS/install.sh" "${SERVERS[@]}"

# ----------------------------------------------------------------------------
# 2. temp folders, servers
# ----------------------------------------------------------------------------
RUN_BASE="$(mktemp -d "${TMPDIR:-/tmp}/livewire-test.XXXXXX")"
chmod 0755 "$RUN_BASE"   # the rabbitmq user must reach its sub-folder
if [[ -z "${LIVEWIRE_TEST_RUN_DIR:-}" ]]; then
  LIVEWIRE_TEST_RUN_DIR="$RUN_BASE/run"
  mkdir -m 0777 "$LIVEWIRE_TEST_RUN_DIR"
fi
export LIVEWIRE_TEST_RUN_DIR

for server in "${SERVERS[@]}"; do "start_$server"; done   # start_redis, start_rabbitmq: services.sh
log "servers ready after $(since "$T0")s in all"
log "LIVEWIRE_TEST_REDIS=$LIVEWIRE_TEST_REDIS"
log "LIVEWIRE_TEST_RABBITMQ=$LIVEWIRE_TEST_RABBITMQ"
log "LIVEWIRE_TEST_RABBITMQ_MANAGEMENT=$LIVEWIRE_TEST_RABBITMQ_MANAGEMENT"
log "LIVEWIRE_TEST_RUN_DIR=$LIVEWIRE_TEST_RUN_DIR"

# ----------------------------------------------------------------------------
# 3. the deployment check, the tests
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
  FAULTS="$ROOT/tests/LiveWire.Faults.Tests/LiveWire.Faults.Tests.csproj"
  TEST_CMD=(bash "$SCRIPTS/run-tests.sh" "$ROOT/LiveWire.sln" "$FAULTS" "$RESULTS" "$@")
  log "running: dotnet test LiveWire.sln, then the fault suite ($FAULTS)"
fi

# Checkers that end with `N passed, N failed, N skipped`: their counts join the summary line.
check_counts="0 0 0"
check_rc=0
run_checker() { # run_checker WHAT SCRIPT: adds the counts to check_counts, a failure to check_rc
  local out counts rc=0 p f s p0 f0 s0
  log "checking $1: ${2#"$ROOT"/}"
  out="$("$2" 2>&1)" || rc=$?
  printf '%s\n' "$out" | sed 's/^/    /'
  counts="$(printf '%s\n' "$out" | tail -n 1 | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/\1 \2 \3/p')"
  [[ -n "$counts" ]] || { counts="0 1 0"; rc=1; }
  read -r p f s <<<"$counts"
  read -r p0 f0 s0 <<<"$check_counts"
  check_counts="$((p0 + p)) $((f0 + f)) $((s0 + s))"
  ((rc == 0)) || check_rc=1
}
if [[ $OVERRIDE == 0 ]]; then
  # the deployment files users run (compose, k8s, nginx), with tools that run here
  run_checker "the deployment files" "$ROOT/deploy/check.sh"
  run_checker "the browser code (type-check, lint, unit tests)" "$SCRIPTS/web-checks.sh"
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
# 4. the summary line
# ----------------------------------------------------------------------------
shopt -s nullglob
trx=("$RESULTS"/lw*.trx)
shopt -u nullglob
summary=""
if [[ ${#trx[@]} -gt 0 ]]; then
  summary="$("$PY" "$SCRIPTS/summary.py" "${trx[@]}")" || { warn "could not read the trx files"; summary=""; }
fi

final_line=""
if [[ -n "$summary" ]]; then
  read -r n_pass n_fail n_skip <<<"$summary"
  read -r c_pass c_fail c_skip <<<"$check_counts"
  n_pass=$((n_pass + c_pass)); n_fail=$((n_fail + c_fail)); n_skip=$((n_skip + c_skip))
  ((check_rc == 0)) || rc=1
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
