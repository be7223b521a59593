#!/usr/bin/env bash
# Installs what the tests need and is missing: Debian packages (apt-get) and
# `npm ci` wherever a package-lock.json under src/ or tests/ has no
# node_modules yet (or an older one). tests/run.sh runs it first.
#
#   tests/scripts/install.sh [redis] [rabbitmq]
#
# Name the servers the run starts itself, to add their packages. Installing
# needs root or password-less sudo; with nothing missing it needs neither.
# LIVEWIRE_TEST_APT_EXTRA adds Debian packages (space separated).
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)"
# shellcheck source=tests/scripts/lib.sh
source "$ROOT/tests/scripts/lib.sh"

# ----------------------------------------------------------------------------
# Packages. Add to these lists when the project needs more from Debian.
# ----------------------------------------------------------------------------
# Needed only when the run starts its own servers:
APT_REDIS_PACKAGES=(redis-server redis-tools)
APT_RABBITMQ_PACKAGES=(rabbitmq-server)
# Always needed (python3 for the run's own timing, ports and summary, when no python3 is on PATH; redis-server
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

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

# processes a package install could start behind our back (system services
# run as these users; the run's own servers run as root or are not started yet)
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
    printf '#!/bin/sh\n# temporary, from LiveWire tests/scripts/install.sh\nexit 101\n' | as_root tee "$policy" >/dev/null
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
  # it was not there before and the run has started no server yet).
  local after newp
  after="$(service_pids)"
  for newp in $(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after")); do
    warn "the install started $(ps -o comm= -p "$newp" 2>/dev/null) (pid $newp); stopping it"
    as_root kill -TERM "$newp" 2>/dev/null || true
  done
  [[ $apt_rc == 0 ]] || die "apt-get install ${missing[*]} failed (exit $apt_rc)"
  log "installed in $(since "$t")s"
}

npm_install() {
  # Runs `npm ci` in every folder under src/ and tests/ with a package-lock.json
  # whose node_modules is missing or older than the lock file.
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
for server in "$@"; do
  case "$server" in
    redis) want+=("${APT_REDIS_PACKAGES[@]}") ;;
    rabbitmq) want+=("${APT_RABBITMQ_PACKAGES[@]}") ;;
    *) die "unknown server '$server' (expected: redis, rabbitmq)" ;;
  esac
done
install_packages "${want[@]}"
npm_install
