#!/usr/bin/env bash
# Runs every test: starts a throwaway PostgreSQL (postgres-test-server.sh), exports its connection string as
# XIP_POSTGRES, runs `dotnet test Orleans.XiP.sln` with any arguments given, stops the server, and exits with
# dotnet test's status.
#
#   infra/scripts/test.sh
#   infra/scripts/test.sh --logger trx --results-directory /tmp/results
set -euo pipefail
cd "$(dirname "$0")/../.."

# A state directory of its own, so concurrent runs on one machine each get their own server.
XIP_POSTGRES_STATE="$(mktemp -d /tmp/xip-postgres-test.XXXXXX)"
export XIP_POSTGRES_STATE
trap 'infra/scripts/postgres-test-server.sh stop' EXIT

XIP_POSTGRES="$(infra/scripts/postgres-test-server.sh start | tail -n 1)"
export XIP_POSTGRES

status=0
# One test project at a time (-m:1): the cluster tests run three silo processes and a gateway and time a
# silo kill against a run's progress; other test hosts competing for the same two cores make that, and
# their own time-outs, a matter of luck.
dotnet test Orleans.XiP.sln -m:1 "$@" || status=$?
exit "$status"
