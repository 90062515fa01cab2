#!/usr/bin/env bash
# Load test of POST /v1/price: one European option, measure pv, on inline market data and on a stored snapshot.
#
#   infra/scripts/price-load.sh [--duration 10s] [--warmup 15] [--connections 32] [--threads 2] [--no-build] [--keep-logs]
#
# Builds the gateway (Release; --no-build uses what is built), starts it in embedded mode on loopback (HTTP on a
# port Kestrel picks, silo and silo gateway on reserved ones) with a throwaway data directory, stores the snapshot
# the stored case prices on, loads each case for --warmup seconds (the JIT needs about 30 s of load on two busy
# cores to finish its tiers; a run measured before that reports a fraction of the steady rate), then runs wrk once
# per case, prints one line per case with its requests/s and stops the gateway.
# Needs wrk (apt-get install -y wrk). Extra gateway settings can come in the environment (XiP__…, Logging__…).
set -Eeuo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
duration=10s
warmup=15
connections=32
threads=2
build=1
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --keep-logs) keep=1; shift ;;
    *) sed -n '4p' "$0" | sed 's/^# *//' >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }

# reserve_port: the silo's ports, which it must be given before it starts
# shellcheck source=ports.sh
. "$root/infra/scripts/ports.sh"

if [ "$build" = 1 ]; then
  dotnet build -c Release "$root/gateway/XiP.Gateway" -v q -nologo >/dev/null
fi

work="$(mktemp -d /tmp/xip-price-load.XXXXXX)"
url=""
gateway_pid=""
cleanup() {
  if [ -n "$gateway_pid" ] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill -TERM "$gateway_pid"
    wait "$gateway_pid" 2>/dev/null || true
  fi
  if [ "$keep" = 1 ]; then echo "logs: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

market='{"valuationDate":"2024-01-15","curves":{"USD-FLAT":{"flatRate":0.05}},"equities":{"ACME":{"spot":128.24,"dividendYield":0.0416,"volatility":0.1523}}}'
trades='"trades":[{"id":"eu-1","type":"europeanOption","underlying":"ACME","optionType":"call","strike":127.2,"expiry":"2029-11-23","quantity":1,"discountCurve":"USD-FLAT"}],"measures":["pv"]'
inline_body="{\"marketData\":$market,$trades}"
stored_body="{\"marketDataId\":\"price-load\",$trades}"

lua() {
  # $1: the JSON body, $2: the API key; both are sent with every request
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["X-API-Key"] = "%s"\nwrk.body = [[%s]]\n' "$2" "$1"
}

reserve_port silo_port
reserve_port silo_gateway_port
# the project folder as the working directory, as `dotnet run --project` has it: its appsettings.json applies;
# Kestrel binds port 0 itself and the start-up banner says which port it got
(cd "$root/gateway/XiP.Gateway" && exec dotnet "$root/gateway/XiP.Gateway/bin/Release/net10.0/XiP.Gateway.dll" \
  --urls "http://127.0.0.1:0" --XiP:DataDirectory="$work/data" \
  --XiP:SiloPort="$silo_port" --XiP:GatewayPort="$silo_gateway_port" >"$work/gateway.log" 2>&1) &
gateway_pid=$!

for _ in $(seq 1 120); do
  url="$(sed -n 's|^ *Health *\(http://[^ ]*\)/health$|\1|p' "$work/gateway.log")"
  if [ -n "$url" ] && curl -fsS -o /dev/null "$url/alive" 2>/dev/null; then break; fi
  kill -0 "$gateway_pid" 2>/dev/null || { echo "the gateway exited; log:" >&2; cat "$work/gateway.log" >&2; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { echo "the gateway did not say where it listens within 60 s; log:" >&2; cat "$work/gateway.log" >&2; exit 1; }

# with no key configured, the gateway made its own admin key in the data directory before it started listening
key="$(cat "$work/data/admin.key")"
lua "$inline_body" "$key" >"$work/inline.lua"
lua "$stored_body" "$key" >"$work/stored.lua"

curl -fsS -o /dev/null -X PUT "$url/v1/market-data/price-load" -H 'content-type: application/json' -H "X-API-Key: $key" -d "$market"
for case in inline stored; do
  # every case must price before it is measured: a load test of 400s measures nothing
  curl -fsS -o "$work/$case.response.json" "$url/v1/price" -H 'content-type: application/json' -H "X-API-Key: $key" -d @<(sed -n 's/^wrk.body = \[\[\(.*\)\]\]$/\1/p' "$work/$case.lua")
  wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$work/$case.lua" "$url/v1/price" >/dev/null
done
for case in inline stored; do
  wrk -t"$threads" -c"$connections" -d"$duration" -s "$work/$case.lua" "$url/v1/price" >"$work/$case.wrk.txt"
  rps="$(awk '/^Requests\/sec:/ { print $2 }' "$work/$case.wrk.txt")"
  latency="$(awk '/^    Latency/ { print $2 }' "$work/$case.wrk.txt")"
  non2xx="$(awk '/Non-2xx/ { print $NF }' "$work/$case.wrk.txt")"
  echo "$case: ${rps} requests/s, mean latency ${latency}, non-2xx ${non2xx:-0}, response $(cat "$work/$case.response.json")"
done
