# Sourced by the scripts that start servers on loopback (local-cluster.sh, price-load.sh, postgres-test-server.sh).
#
#   reserve_port NAME   # sets the variable NAME to a reserved port
#
# A free TCP port on 127.0.0.1 for a process about to be started, reserved for the rest of the calling shell's life.
# Ports come from 20000–31999, below Linux's ephemeral range (32768+), from which the kernel takes the local ports of
# outgoing connections and of binds to port 0, so none of those takes a port between its choice and the process
# binding it. Each is reserved by an exclusive flock on $TMPDIR/xip-test-ports/PORT.lock, the directory where the test
# hosts reserve theirs (test/Shared/LoopbackPorts.cs), held on a descriptor of the calling shell (and of the processes
# it starts, which inherit it) until they exit, so concurrent scripts and test processes never hand out the same
# port; a port something already listens on is passed over. It must not run in a subshell (no "$(reserve_port)"): the
# lock and the variable would go with it.
reserve_port() {
  # its locals are prefixed: printf -v would set a local of the same name as the caller's variable
  local _rp_name="$1" _rp_dir="${TMPDIR:-/tmp}/xip-test-ports" _rp_port _rp_fd
  mkdir -p "$_rp_dir"
  for _ in $(seq 1 1000); do
    _rp_port=$((20000 + RANDOM % 12000))
    exec {_rp_fd}>>"$_rp_dir/$_rp_port.lock"
    if flock -n "$_rp_fd" && ! (exec 3<>"/dev/tcp/127.0.0.1/$_rp_port") 2>/dev/null; then
      printf -v "$_rp_name" '%s' "$_rp_port"
      return 0
    fi
    exec {_rp_fd}>&-
  done
  echo "no free port between 20000 and 31999 could be reserved (lock files in $_rp_dir)" >&2
  return 1
}
