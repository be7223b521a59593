#!/usr/bin/env bash
# The tests themselves, as tests/run.sh runs them (once the servers are up):
# `dotnet test` over the solution, then the fault suite on its own, because it
# stops the shared broker; the fault suite is skipped when the broker is the
# caller's (no LIVEWIRE_TEST_RABBITMQCTL). trx files go to RESULTS_DIR, named
# lw*.trx (the solution) and lwfaults*.trx (the fault suite).
#
#   tests/scripts/run-tests.sh SOLUTION FAULTS_PROJECT RESULTS_DIR [dotnet test args]
#
# Exits non-zero when either dotnet test did.
set -u
solution="$1" faults="$2" results="$3"
shift 3
rc=0
dotnet test "$solution" -c Release --logger "trx;LogFilePrefix=lw" --results-directory "$results" "$@" || rc=$?
if [[ -z "${LIVEWIRE_TEST_RABBITMQCTL:-}" ]]; then
  echo "fault suite skipped: the broker is not ours to stop" >&2
else
  dotnet test "$faults" -c Release --logger "trx;LogFilePrefix=lwfaults" --results-directory "$results" "$@" || rc=$?
fi
exit $rc
