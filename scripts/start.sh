#!/usr/bin/env bash
# Starts MHR Chain on this machine, building mhr-node first if needed.
#
#   scripts/start.sh            the `local` consortium: three hospital nodes (Alice, Bob,
#                               Charlie) authoring with Aura and finalizing with GRANDPA
#   scripts/start.sh --dev      one development node (Alice, with Sudo), state thrown away on exit
#   scripts/start.sh --fresh    wipe the consortium's databases first (needed after a runtime
#                               change: the old databases hold another genesis)
#
# Environment: MHR_DATA_DIR (default ~/.cache/mhr/local), MHR_RPC_PORT (9944: nodes use
# 9944, 9945, 9946), MHR_P2P_PORT (30333, 30334, 30335), MHR_PROMETHEUS_PORT (9615, 9616, 9617).
# Ctrl-C stops every node this script started.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

MODE=local
FRESH=0
for arg in "$@"; do
	case "$arg" in
	--dev) MODE=dev ;;
	--fresh) FRESH=1 ;;
	-h | --help)
		sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*) die "unknown option '$arg': use --dev, --fresh or --help" ;;
	esac
done

DATA_DIR="${MHR_DATA_DIR:-$MHR_STATE_DIR/local}"
RPC_PORT="${MHR_RPC_PORT:-9944}"
P2P_PORT="${MHR_P2P_PORT:-30333}"
PROMETHEUS_PORT="${MHR_PROMETHEUS_PORT:-9615}"
PIDS=()

port_in_use() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_free_port() {
	if port_in_use "$1"; then
		die "port $1 is already in use (another node?): stop it, or choose other ports with MHR_RPC_PORT / MHR_P2P_PORT / MHR_PROMETHEUS_PORT"
	fi
}

stop_nodes() {
	trap - INT TERM EXIT
	if [[ ${#PIDS[@]} -gt 0 ]]; then
		log "stopping ${#PIDS[@]} node(s)"
		kill "${PIDS[@]}" 2>/dev/null || true
		wait "${PIDS[@]}" 2>/dev/null || true
	fi
}
trap stop_nodes INT TERM EXIT

wait_for_rpc() {
	local port=$1 log_file=$2
	for _ in $(seq 1 120); do
		node_rpc "$port" system_health >/dev/null && return 0
		for pid in "${PIDS[@]}"; do
			kill -0 "$pid" 2>/dev/null || die "a node exited while starting: see $log_file"
		done
		sleep 0.5
	done
	die "node on RPC port $port did not answer within 60 s: see $log_file"
}

# start_node NAME INDEX EXTRA_ARGS...: a node with RPC port RPC_PORT+INDEX, p2p P2P_PORT+INDEX.
start_node() {
	local name=$1 index=$2
	shift 2
	local rpc_port=$((RPC_PORT + index)) p2p_port=$((P2P_PORT + index))
	local log_file="$DATA_DIR/$name.log"
	local prometheus_port=$((PROMETHEUS_PORT + index))
	require_free_port "$rpc_port"
	require_free_port "$p2p_port"
	require_free_port "$prometheus_port"
	"$MHR_NODE_BIN" --name "$name" --rpc-port "$rpc_port" --port "$p2p_port" \
		--prometheus-port "$prometheus_port" "$@" >"$log_file" 2>&1 &
	PIDS+=("$!")
	wait_for_rpc "$rpc_port" "$log_file"
	printf '  %-8s ws://127.0.0.1:%s   https://polkadot.js.org/apps/?rpc=ws%%3A%%2F%%2F127.0.0.1%%3A%s#/explorer\n' \
		"$name" "$rpc_port" "$rpc_port"
	printf '  %-8s log: %s\n' "" "$log_file"
}

[[ -x "$MHR_NODE_BIN" ]] || "$MHR_ROOT/scripts/build.sh"
[[ -x "$MHR_NODE_BIN" ]] || die "no mhr-node at $MHR_NODE_BIN after building"

if [[ $FRESH -eq 1 ]]; then
	log "wiping $DATA_DIR"
	rm -rf "$DATA_DIR"
fi
mkdir -p "$DATA_DIR"

if [[ $MODE == dev ]]; then
	log "starting one development node (Alice, Sudo), state in a temporary directory"
	start_node alice 0 --dev --tmp
else
	log "starting the local consortium: three hospital nodes, data in $DATA_DIR"
	bootnode=""
	index=0
	for name in alice bob charlie; do
		key_file="$DATA_DIR/$name/node-key"
		if [[ ! -f "$key_file" ]]; then
			mkdir -p "$DATA_DIR/$name"
			"$MHR_NODE_BIN" key generate-node-key --file "$key_file" 2>/dev/null
		fi
		peer_id="$("$MHR_NODE_BIN" key inspect-node-key --file "$key_file")"
		args=(--chain local --base-path "$DATA_DIR/$name" --node-key-file "$key_file" "--$name" --validator)
		[[ -n "$bootnode" ]] && args+=(--bootnodes "$bootnode")
		start_node "$name" "$index" "${args[@]}"
		[[ -z "$bootnode" ]] && bootnode="/ip4/127.0.0.1/tcp/$P2P_PORT/p2p/$peer_id"
		index=$((index + 1))
	done
fi

log "running; Ctrl-C stops every node"
while true; do
	for pid in "${PIDS[@]}"; do
		kill -0 "$pid" 2>/dev/null || die "node (pid $pid) exited: see the logs in $DATA_DIR"
	done
	if number="$(finalized_number "$RPC_PORT" 2>/dev/null)"; then
		log "finalized block #$number"
	fi
	# In the background, so that a TERM stops the nodes at once rather than after the sleep.
	sleep 30 &
	wait $! || true
done
