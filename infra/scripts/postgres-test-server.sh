#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for tests and local clusters: listens on 127.0.0.1 only, on a free port, with
# its data in a temporary directory; durability is off (fsync, synchronous_commit), as nothing in it
# outlives the run. Its time zone is deliberately far from UTC (Pacific/Chatham, +12:45/+13:45), so code
# that stores local instead of UTC times fails here rather than in production.
#
#   infra/scripts/postgres-test-server.sh start   # prints the Npgsql connection string as its last line
#   infra/scripts/postgres-test-server.sh stop    # stops it and deletes its data
#   infra/scripts/postgres-test-server.sh pause   # stops it (a fast shutdown, as an operator's restart does), keeping its data
#   infra/scripts/postgres-test-server.sh resume  # starts it again on the same port with the same data
#
# The server's state (data, socket, log, port) lives in $XIP_POSTGRES_STATE (default /tmp/xip-postgres-test);
# give each concurrent server its own. `start` installs the Debian packages if the binaries are missing
# (as root), runs the server as the `postgres` system user when started by root, creates the database
# `xip` and applies infra/sql with apply-sql.sh.
set -euo pipefail

state="${XIP_POSTGRES_STATE:-/tmp/xip-postgres-test}"
bin=/usr/lib/postgresql/15/bin
here="$(cd "$(dirname "$0")" && pwd)"

# Runs a PostgreSQL binary as the server's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

install_postgres() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL 15 is not installed ($bin) and only root can install it: apt-get install -y postgresql-15" >&2
    exit 1
  fi
  echo "installing postgresql-15 ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q postgresql-15 >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql-15 >&2; }
}

# reserve_port: a port no concurrent script or test process is given; a process that takes no part in the
# reservations may still bind it first, so start retries
# shellcheck source=ports.sh
. "$here/ports.sh"

start() {
  if [ -f "$state/port" ]; then
    echo "a server already runs from $state; stop it first or set XIP_POSTGRES_STATE" >&2
    exit 1
  fi
  [ -x "$bin/postgres" ] || install_postgres
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
  fi

  rm -rf "$state"
  mkdir -p "$state"
  chmod 700 "$state"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$state"

  local password
  password="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  as_owner sh -c "umask 077 && printf '%s\n' '$password' > '$state/pwfile'"
  as_owner "$bin/initdb" -D "$state/data" -U xip --pwfile="$state/pwfile" -E UTF8 --locale=C \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 >"$state/initdb.log" 2>&1 \
    || { cat "$state/initdb.log" >&2; exit 1; }

  local port started=""
  for _ in 1 2 3 4 5; do
    reserve_port port
    if run_server "$port"; then
      started=1
      break
    fi
    grep -q "could not bind\|Address already in use" "$state/server.log" 2>/dev/null || break
  done
  if [ -z "$started" ]; then
    cat "$state/server.log" >&2 || true
    exit 1
  fi
  echo "$port" > "$state/port"

  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 10
  PGPASSWORD="$password" "$bin/psql" "host=127.0.0.1 port=$port user=xip dbname=postgres" \
    --no-psqlrc --quiet --set ON_ERROR_STOP=1 -c "CREATE DATABASE xip;" >/dev/null

  local connection="Host=127.0.0.1;Port=$port;Database=xip;Username=xip;Password=$password"
  "$here/apply-sql.sh" "$connection"
  echo "$connection"
}

# Starts the server on port $1; -w waits until it accepts connections (pg_ctl pings it as pg_isready does).
run_server() {
  as_owner "$bin/pg_ctl" -D "$state/data" -l "$state/server.log" -w -t 60 -s \
    -o "-c listen_addresses=127.0.0.1 -p $1 -k $state -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c timezone=Pacific/Chatham" \
    start >&2
}

pause() {
  [ -f "$state/port" ] || { echo "no server runs from $state" >&2; exit 1; }
  # fast: open sessions are ended, as when an operator restarts the server
  as_owner "$bin/pg_ctl" -D "$state/data" -m fast -w -s stop >&2
}

resume() {
  [ -f "$state/port" ] || { echo "no server was started from $state" >&2; exit 1; }
  run_server "$(cat "$state/port")"
}

stop() {
  if [ ! -d "$state/data" ]; then
    rm -rf "$state"
    return
  fi
  as_owner "$bin/pg_ctl" -D "$state/data" -m immediate -w -s stop >&2 || true
  rm -rf "$state"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  pause) pause ;;
  resume) resume ;;
  *) echo "usage: $0 start|stop|pause|resume" >&2; exit 2 ;;
esac
