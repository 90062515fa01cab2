#!/usr/bin/env bash
# A local XiP cluster on loopback: N silo processes and one gateway process (an Orleans client), with
# membership, grain state and results in the PostgreSQL of $XIP_POSTGRES (an Npgsql connection string).
#
#   infra/scripts/local-cluster.sh start --silos N [--roles R1,R2,...] [--cores C1,C2,...] [--state-dir DIR] [--configuration Release|Debug] [--no-build]
#   infra/scripts/local-cluster.sh kill-silo I [--signal KILL|TERM] [--state-dir DIR]
#   infra/scripts/local-cluster.sh stop [--state-dir DIR]
#
# `start` applies infra/sql (idempotent), builds the silo and gateway (Release unless --configuration says
# otherwise; --no-build uses what is built), starts the silos on free ports, waits until each answers /health
# (a silo serves HTTP only once it has joined the cluster), starts the gateway, waits until it answers /health
# (it connects to the cluster first), and prints one line per process:
#   silo <i> pid <pid>
#   gateway pid <pid> url http://127.0.0.1:<port>
# --roles gives each silo its roles (XiP:Silo:Roles), one entry per silo: control, compute, or control+compute
# (both, the default); --cores gives each silo its processor count (DOTNET_PROCESSOR_COUNT, which the silo also
# publishes as its capacity), so heterogeneous clusters can be tried on one machine. A list whose length is not
# --silos is refused. Every start gets its own cluster id, so membership rows of earlier clusters are never read. The
# processes inherit the environment, so XiP__ServiceId, XiP__Runs__*, XiP__Membership__*, XiP__Tls__* (a TLS cluster:
# every process gets the same certificate and authority) and Logging__* set by the caller reach them. Unless
# XiP__Auth__* is set, the gateway gets an admin API key ($XIP_API_KEY, else a new one), written to DIR/cluster.env as
# gateway_api_key. Their pids, ports and log files are kept as key=value lines in DIR/cluster.env
# (DIR: --state-dir, default $XIP_CLUSTER_STATE or /tmp/xip-local-cluster); logs go to DIR/*.log.
#
# `kill-silo` sends SIGKILL (default) or SIGTERM (a graceful stop) to silo I and waits until it is gone.
# `stop` sends SIGTERM to every process, then SIGKILL to what is left after 60 s.
set -Eeuo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
state="${XIP_CLUSTER_STATE:-/tmp/xip-local-cluster}"
started=""

usage() {
  sed -n '5,7p' "$0" | sed 's/^# *//' >&2
  exit 2
}

# reserve_port: ports no other start, script or test process is given at the same time
# shellcheck source=ports.sh
. "$root/infra/scripts/ports.sh"

# True when the process exists and is not a zombie (an orphan's zombie lingers where PID 1 does not reap).
alive() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [ "${stat%% *}" != Z ]
}

# GET http://127.0.0.1:PORT/health answers 200.
healthy() {
  local status
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  IFS= read -r -t 5 status <&3 || status=""
  exec 3<&- 3>&-
  [[ "$status" == *" 200 "* ]]
}

value() {
  sed -n "s/^$1=//p" "$state/cluster.env"
}

# Waits until the process answers /health; fails with its log's tail when it exits or the deadline passes.
wait_healthy() {
  local name="$1" pid="$2" port="$3" log="$4" deadline=$((SECONDS + 180))
  until healthy "$port"; do
    if ! alive "$pid"; then
      echo "$name (pid $pid) exited during start-up; the end of $log:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$name (pid $pid) did not answer /health on port $port within 180 s; see $log" >&2
      return 1
    fi
    sleep 0.2
  done
}

# Signals the processes and waits until they are gone; SIGKILL for what outlives the deadline.
terminate() {
  local signal="$1" grace="$2" pid deadline
  shift 2
  for pid in "$@"; do
    alive "$pid" && kill "-$signal" "$pid" 2>/dev/null || true
  done
  deadline=$((SECONDS + grace))
  for pid in "$@"; do
    while alive "$pid"; do
      if [ "$SECONDS" -ge "$deadline" ]; then
        echo "pid $pid outlived SIG$signal by ${grace} s: SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
        deadline=$((SECONDS + 10))
      fi
      sleep 0.1
    done
  done
}

start() {
  local silos="" configuration=Release build=1 roles_list="" cores_list=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --silos) silos="${2:?}"; shift 2 ;;
      --roles) roles_list="${2:?}"; shift 2 ;;
      --cores) cores_list="${2:?}"; shift 2 ;;
      --state-dir) state="${2:?}"; shift 2 ;;
      --configuration|-c) configuration="${2:?}"; shift 2 ;;
      --no-build) build=""; shift ;;
      *) usage ;;
    esac
  done
  [[ "$silos" =~ ^[1-9][0-9]*$ ]] || usage
  local roles=() cores=() entry
  if [ -n "$roles_list" ]; then
    IFS=, read -r -a roles <<<"$roles_list"
    if [ "${#roles[@]}" -ne "$silos" ]; then
      echo "--roles names ${#roles[@]} silos' roles for --silos $silos: give one entry per silo (control, compute or control+compute)" >&2
      exit 2
    fi
    for entry in "${roles[@]}"; do
      [[ "$entry" =~ ^(control|compute|control\+compute|compute\+control)$ ]] || { echo "--roles: '$entry' is not control, compute or control+compute" >&2; exit 2; }
    done
  fi
  if [ -n "$cores_list" ]; then
    IFS=, read -r -a cores <<<"$cores_list"
    if [ "${#cores[@]}" -ne "$silos" ]; then
      echo "--cores gives ${#cores[@]} processor counts for --silos $silos: give one per silo" >&2
      exit 2
    fi
    for entry in "${cores[@]}"; do
      [[ "$entry" =~ ^[1-9][0-9]*$ ]] || { echo "--cores: '$entry' is not a positive whole number" >&2; exit 2; }
    done
  fi
  if [ -z "${XIP_POSTGRES:-}" ]; then
    echo "XIP_POSTGRES is not set: export the Npgsql connection string of a PostgreSQL (infra/scripts/postgres-test-server.sh start prints one)" >&2
    exit 2
  fi
  mkdir -p "$state"
  # Claimed before anything is built or started: creating cluster.env with noclobber (O_EXCL) fails when it exists,
  # so of two starts on one state directory, however close together, the second is refused here.
  if ! (set -o noclobber; : >"$state/cluster.env") 2>/dev/null; then
    echo "a cluster already runs from $state; stop it first or give another --state-dir" >&2
    exit 1
  fi

  # On failure, what was started is stopped again and the state directory released.
  trap '[ -n "$started" ] || stop >/dev/null 2>&1 || true' EXIT

  "$root/infra/scripts/apply-sql.sh" "$XIP_POSTGRES" >&2
  if [ -n "$build" ]; then
    dotnet build -c "$configuration" -v q -nologo "$root/silo/XiP.Silo/XiP.Silo.csproj" >&2
    dotnet build -c "$configuration" -v q -nologo "$root/gateway/XiP.Gateway/XiP.Gateway.csproj" >&2
  fi
  local silo_dll="$root/silo/XiP.Silo/bin/$configuration/net10.0/XiP.Silo.dll"
  local gateway_dll="$root/gateway/XiP.Gateway/bin/$configuration/net10.0/XiP.Gateway.dll"
  for dll in "$silo_dll" "$gateway_dll"; do
    [ -f "$dll" ] || { echo "$dll is missing: build with -c $configuration or leave out --no-build" >&2; exit 1; }
  done

  local cluster_id
  cluster_id="local-$(date +%s)-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export XiP__Clustering=postgres XiP__GrainStorage=postgres XiP__Results=postgres
  export ConnectionStrings__Postgres="$XIP_POSTGRES" XiP__ClusterId="$cluster_id" XiP__AdvertisedAddress=127.0.0.1
  {
    echo "cluster_id=$cluster_id"
    echo "silos=$silos"
  } >> "$state/cluster.env"

  local i pids=() http=()
  for i in $(seq 1 "$silos"); do
    local silo_port gateway_port http_port log="$state/silo-$i.log" silo_roles="${roles[i-1]:-control+compute}" silo_cores="${cores[i-1]:-}"
    reserve_port silo_port; reserve_port gateway_port; reserve_port http_port
    # setsid: the silo outlives this script and a Ctrl-C in its terminal; its output goes only to the log.
    env ${silo_cores:+DOTNET_PROCESSOR_COUNT="$silo_cores"} XiP__Silo__Roles="${silo_roles/+/,}" XiP__SiloPort="$silo_port" XiP__GatewayPort="$gateway_port" \
      setsid dotnet "$silo_dll" --urls "http://127.0.0.1:$http_port" </dev/null >"$log" 2>&1 &
    pids[i]=$!
    http[i]=$http_port
    {
      echo "silo_${i}_pid=${pids[i]}"
      echo "silo_${i}_silo_port=$silo_port"
      echo "silo_${i}_gateway_port=$gateway_port"
      echo "silo_${i}_url=http://127.0.0.1:$http_port"
      echo "silo_${i}_log=$log"
      echo "silo_${i}_roles=${silo_roles/+/,}"
      echo "silo_${i}_cores=${silo_cores:-$(nproc)}"
    } >> "$state/cluster.env"
  done
  for i in $(seq 1 "$silos"); do
    wait_healthy "silo $i" "${pids[i]}" "${http[i]}" "$state/silo-$i.log"
  done

  local gateway_http gateway_pid log="$state/gateway.log" api_key=""
  reserve_port gateway_http
  # A cluster gateway refuses to start without credentials: unless the caller configured XiP__Auth__*, it gets an
  # admin key ($XIP_API_KEY, else a fresh one), kept in the owner-only cluster.env for whoever drives the cluster.
  if ! env | grep -q '^XiP__Auth__'; then
    api_key="${XIP_API_KEY:-xip_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
  fi
  if [ -n "$api_key" ]; then
    XiP__Auth__ApiKeys__local__Key="$api_key" XiP__Auth__ApiKeys__local__Roles=admin \
      setsid dotnet "$gateway_dll" --urls "http://127.0.0.1:$gateway_http" </dev/null >"$log" 2>&1 &
  else
    setsid dotnet "$gateway_dll" --urls "http://127.0.0.1:$gateway_http" </dev/null >"$log" 2>&1 &
  fi
  gateway_pid=$!
  chmod 600 "$state/cluster.env"
  {
    echo "gateway_api_key=$api_key"
    echo "gateway_pid=$gateway_pid"
    echo "gateway_url=http://127.0.0.1:$gateway_http"
    echo "gateway_log=$log"
  } >> "$state/cluster.env"
  wait_healthy gateway "$gateway_pid" "$gateway_http" "$log"
  started=1

  for i in $(seq 1 "$silos"); do
    echo "silo $i pid ${pids[i]}"
  done
  echo "gateway pid $gateway_pid url http://127.0.0.1:$gateway_http"
}

kill_silo() {
  local index="" signal=KILL
  while [ $# -gt 0 ]; do
    case "$1" in
      --signal) signal="${2:?}"; shift 2 ;;
      --state-dir) state="${2:?}"; shift 2 ;;
      *) [ -z "$index" ] && index="$1" && shift || usage ;;
    esac
  done
  [[ "$index" =~ ^[0-9]+$ ]] && [[ "$signal" =~ ^(KILL|TERM)$ ]] || usage
  [ -f "$state/cluster.env" ] || { echo "no cluster runs from $state" >&2; exit 1; }
  local pid
  pid="$(value "silo_${index}_pid")"
  [ -n "$pid" ] || { echo "no silo $index in $state/cluster.env" >&2; exit 1; }
  # A graceful stop gets the silo's own shutdown timeout (a minute) and some.
  terminate "$signal" 90 "$pid"
  echo "silo $index stopped"
}

stop() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --state-dir) state="${2:?}"; shift 2 ;;
      *) usage ;;
    esac
  done
  [ -f "$state/cluster.env" ] || return 0
  local pids
  # the gateway first, so no request reaches a silo that is stopping
  mapfile -t pids < <(sed -n 's/^gateway_pid=//p' "$state/cluster.env")
  [ ${#pids[@]} -gt 0 ] && terminate TERM 60 "${pids[@]}"
  mapfile -t pids < <(sed -n 's/^silo_[0-9]*_pid=//p' "$state/cluster.env")
  [ ${#pids[@]} -gt 0 ] && terminate TERM 60 "${pids[@]}"
  mv "$state/cluster.env" "$state/cluster.env.stopped"
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  start) start "$@" ;;
  kill-silo) kill_silo "$@" ;;
  stop) stop "$@" ;;
  *) usage ;;
esac
