#!/usr/bin/env bash
# The browser code's own checks, in src/LiveWire.Server/ClientApp (its README, "Checks"): the type-check
# (`npm run typecheck`), the lint (`npm run lint`) and the unit tests (`npm test`, Node's test runner).
# tests/run.sh runs it beside deploy/check.sh and adds its counts to the summary line.
#
#   tests/scripts/web-checks.sh
#
# Needs node_modules in ClientApp (tests/scripts/install.sh runs `npm ci` there). Each check's output is printed;
# the type-check and the lint count one check each, the unit tests one each. The last line is
# `N passed, N failed, N skipped`; the exit code is 1 when anything failed.
set -u
cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../../src/LiveWire.Server/ClientApp" || exit 1
passed=0 failed=0 skipped=0

check() { # check NAME COMMAND...: one pass or one failure
  if "${@:2}"; then
    echo "ok   $1"; passed=$((passed + 1))
  else
    echo "FAIL $1"; failed=$((failed + 1))
  fi
}

check "tsc --noEmit (strict)" npm run -s typecheck
check "eslint" npm run -s lint

out="$(npm test -s 2>&1)"
rc=$?
printf '%s\n' "$out" | grep -E '^(not ok|# (tests|pass|fail|skipped|todo|cancelled) )' || true
count() { printf '%s\n' "$out" | sed -nE "s/^# $1 ([0-9]+)$/\1/p" | tail -n 1; }
t_pass="$(count pass)" t_fail="$(count fail)" t_skip="$(count skipped)" t_cancel="$(count cancelled)"
if [[ -z "$t_pass" ]]; then
  # no summary from the runner: the tests did not build or the runner broke
  printf '%s\n' "$out" | tail -n 20
  echo "FAIL unit tests: no result from node --test"
  failed=$((failed + 1))
else
  passed=$((passed + t_pass)); failed=$((failed + t_fail + ${t_cancel:-0})); skipped=$((skipped + t_skip))
  if ((rc != 0 && t_fail + ${t_cancel:-0} == 0)); then failed=$((failed + 1)); fi
fi

echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0))
