#!/usr/bin/env bash
# Runs once, on the first start of an empty data volume (docker-entrypoint-initdb.d): applies every
# infra/sql/*.sql (mounted at /xip-sql) in file-name order, 01-main, 02-clustering, 03-persistence, ...,
# each in one transaction; the first error stops the container's initialisation.
set -euo pipefail

shopt -s nullglob
scripts=(/xip-sql/*.sql)
if [ ${#scripts[@]} -eq 0 ]; then
  echo "xip: no SQL scripts under /xip-sql; is infra/sql mounted?" >&2
  exit 1
fi

for file in "${scripts[@]}"; do
  echo "xip: applying $(basename "$file")"
  psql --no-psqlrc -v ON_ERROR_STOP=1 --single-transaction \
    --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --file "$file"
done
