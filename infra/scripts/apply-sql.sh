#!/usr/bin/env bash
# Applies infra/sql/*.sql (the Orleans query table, clustering and grain storage schema) to a PostgreSQL
# database, in file-name order, each file in one transaction. Idempotent: safe to run on every deployment.
#
#   infra/scripts/apply-sql.sh 'Host=127.0.0.1;Port=5432;Database=xip;Username=xip;Password=secret'
#   infra/scripts/apply-sql.sh 'postgresql://xip:secret@127.0.0.1:5432/xip'
#
# The Npgsql form (what ConnectionStrings:Postgres holds) is translated to libpq keywords for psql.
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 CONNECTION_STRING (Npgsql 'Host=...;Port=...' or a postgresql:// URL)" >&2
  exit 2
fi

sql_dir="$(cd "$(dirname "$0")/../sql" && pwd)"
psql_bin="$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)"

# Npgsql "Key=Value;..." -> libpq "key='value' ...". Keys Npgsql spells differently are mapped; values are
# quoted for libpq (backslash and single quote escaped). Keys libpq does not know are left out.
to_libpq() {
  local conninfo="" pair key value
  local IFS=';'
  for pair in $1; do
    [ -z "${pair//[[:space:]]/}" ] && continue
    key="$(echo "${pair%%=*}" | tr -d '[:space:]' | tr '[:upper:]' '[:lower:]')"
    value="${pair#*=}"
    case "$key" in
      host|server) key=host ;;
      port) key=port ;;
      database|db) key=dbname ;;
      username|userid|user|uid) key=user ;;
      password|pwd|psw) key=password ;;
      sslmode) key=sslmode ;;
      timeout) key=connect_timeout ;;
      *) continue ;;
    esac
    value="${value//\\/\\\\}"
    value="${value//\'/\\\'}"
    conninfo+="$key='$value' "
  done
  echo "$conninfo"
}

case "$1" in
  postgres://*|postgresql://*) conninfo="$1" ;;
  *) conninfo="$(to_libpq "$1")" ;;
esac

export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
for file in "$sql_dir"/*.sql; do
  PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}" "$psql_bin" "$conninfo" \
    --no-psqlrc --quiet --set ON_ERROR_STOP=1 --single-transaction --file "$file" >/dev/null
done
