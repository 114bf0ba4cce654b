#!/usr/bin/env bash
# Starts MHR Chain on this machine, building mhr-node, mhr and mhr-vault first if needed.
#
#   scripts/start.sh            the `local` consortium: three hospital nodes (Alice, Bob,
#                               Charlie) authoring with Aura and finalizing with GRANDPA, and
#                               each hospital's record vault next to its node
#   scripts/start.sh --dev      one development node (Alice, with Sudo), state thrown away on
#                               exit, and the three hospitals' vaults, all on Alice's node
#   scripts/start.sh --fresh    wipe the consortium's databases first (needed after a runtime
#                               change: the old databases hold another genesis)
#   scripts/start.sh --no-vaults   nodes only
#
# Each vault signs with the hospital's `//<Name>//stash` development account (funded at
# genesis, so it pays for the reads it logs); on first start each hospital's admin names that
# account as its vault and registers the vault's URL on chain, with the `mhr` command line.
# Key files of the admins and vaults are written under $MHR_DATA_DIR/keys and /vaults.
#
# Environment: MHR_DATA_DIR (default ~/.cache/mhr/local, or ~/.cache/mhr/dev with --dev),
# MHR_RPC_PORT (9944: nodes use 9944, 9945, 9946), MHR_P2P_PORT (30333, 30334, 30335),
# MHR_PROMETHEUS_PORT (9615, 9616, 9617), MHR_VAULT_PORT (8801: vaults use 8801, 8802, 8803).
# Ctrl-C stops every node and vault this script started.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

MODE=local
FRESH=0
VAULTS=1
for arg in "$@"; do
	case "$arg" in
	--dev) MODE=dev ;;
	--fresh) FRESH=1 ;;
	--no-vaults) VAULTS=0 ;;
	-h | --help)
		sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*) die "unknown option '$arg': use --dev, --fresh, --no-vaults or --help" ;;
	esac
done

ensure_setup
DATA_DIR="${MHR_DATA_DIR:-$MHR_STATE_DIR/$MODE}"
RPC_PORT="${MHR_RPC_PORT:-9944}"
P2P_PORT="${MHR_P2P_PORT:-30333}"
PROMETHEUS_PORT="${MHR_PROMETHEUS_PORT:-9615}"
VAULT_PORT="${MHR_VAULT_PORT:-8801}"
PIDS=()
NODE_PIDS=()
VAULT_PIDS=()

port_in_use() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_free_port() {
	if port_in_use "$1"; then
		die "port $1 is already in use (another node or vault?): stop it, or choose other ports with MHR_RPC_PORT / MHR_P2P_PORT / MHR_PROMETHEUS_PORT / MHR_VAULT_PORT"
	fi
}

stop_nodes() {
	trap - INT TERM EXIT
	if [[ ${#PIDS[@]} -gt 0 ]]; then
		log "stopping ${#PIDS[@]} node(s) and vault(s)"
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
	NODE_PIDS+=("$!")
	wait_for_rpc "$rpc_port" "$log_file"
	printf '  %-8s ws://127.0.0.1:%s   https://polkadot.js.org/apps/?rpc=ws%%3A%%2F%%2F127.0.0.1%%3A%s#/explorer\n' \
		"$name" "$rpc_port" "$rpc_port"
	printf '  %-8s log: %s\n' "" "$log_file"
}

if [[ ! -x "$MHR_NODE_BIN" ]] || { [[ $VAULTS -eq 1 ]] && { [[ ! -x "$MHR_BIN" ]] || [[ ! -x "$MHR_VAULT_BIN" ]]; }; }; then
	"$MHR_ROOT/scripts/build.sh"
fi
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

# mhr_as KEY ARGS...: the mhr command line against the first node, with key file KEY.
mhr_as() { "$MHR_BIN" --node "ws://127.0.0.1:$RPC_PORT" --key "$1" "${@:2}"; }

# start_vault NAME HOSPITAL NODE_PORT: hospital HOSPITAL's vault on VAULT_PORT+HOSPITAL, its
# account named on chain (and its URL registered) by the admin NAME if they are not yet.
start_vault() {
	local name=$1 hospital=$2 node_port=$3
	local port=$((VAULT_PORT + hospital)) dir="$DATA_DIR/vaults/$name"
	local url="http://127.0.0.1:$port" admin_key="$DATA_DIR/keys/$name.json" vault_key="$dir/key.json"
	local title="${name^}"
	mkdir -p "$dir"
	require_free_port "$port"
	[[ -f "$admin_key" ]] || mhr_as "$admin_key" keys new "$admin_key" --suri "//$title" >/dev/null
	[[ -f "$vault_key" ]] || mhr_as "$vault_key" keys new "$vault_key" --suri "//$title//stash" >/dev/null
	local account registered
	account="$(mhr_as "$vault_key" --json keys show | jq -r .account)" \
		|| die "cannot read the vault key $vault_key"
	registered="$(mhr_as "$admin_key" --json hospital show "$hospital" 2>/dev/null)" \
		|| die "cannot read hospital $hospital from the chain: see the node logs in $DATA_DIR"
	if [[ "$(jq -r .vault_account <<<"$registered")" != "$account" ]]; then
		log "hospital $hospital: naming $account as its vault on chain"
		mhr_as "$admin_key" hospital set-vault "$account" >/dev/null 2>>"$dir/setup.log" \
			|| die "naming the vault of hospital $hospital failed: see $dir/setup.log"
	fi
	if [[ "$(jq -r .vault_url <<<"$registered")" != "$url" ]]; then
		log "hospital $hospital: registering its vault URL $url on chain"
		mhr_as "$admin_key" hospital set-vault-url "$url" >/dev/null 2>>"$dir/setup.log" \
			|| die "registering the vault URL of hospital $hospital failed: see $dir/setup.log"
	fi
	cat >"$dir/vault.toml" <<-EOF
		# Written by scripts/start.sh: the vault of hospital $hospital ($title).
		listen = "127.0.0.1:$port"
		node = "ws://127.0.0.1:$node_port"
		data_dir = "$dir/data"
		key_file = "$vault_key"
		hospital = $hospital
	EOF
	"$MHR_VAULT_BIN" --config "$dir/vault.toml" >"$dir/vault.log" 2>&1 &
	PIDS+=("$!")
	VAULT_PIDS+=("$!")
	for _ in $(seq 1 60); do
		curl -sf "$url/v1/health" >/dev/null && break
		kill -0 "${PIDS[-1]}" 2>/dev/null || die "the vault of hospital $hospital exited: see $dir/vault.log"
		sleep 0.5
	done
	curl -sf "$url/v1/health" >/dev/null || die "the vault of hospital $hospital did not answer: see $dir/vault.log"
	printf '  vault %-3s %s   config: %s   log: %s\n' "$hospital" "$url" "$dir/vault.toml" "$dir/vault.log"
}

if [[ $VAULTS -eq 1 ]]; then
	log "waiting for a finalized block before setting up the vaults"
	number=0
	for _ in $(seq 1 60); do
		number="$(finalized_number "$RPC_PORT" 2>/dev/null || echo 0)"
		((number > 0)) && break
		sleep 2
	done
	((number > 0)) || die "no block finalized in 120 s: see the node logs in $DATA_DIR"
	log "starting the hospitals' record vaults"
	hospital=0
	for name in alice bob charlie; do
		node_port=$RPC_PORT
		[[ $MODE == local ]] && node_port=$((RPC_PORT + hospital))
		start_vault "$name" "$hospital" "$node_port"
		hospital=$((hospital + 1))
	done
fi

log "running; Ctrl-C stops every node and vault"
while true; do
	for pid in "${NODE_PIDS[@]}"; do
		kill -0 "$pid" 2>/dev/null || die "a node (pid $pid) exited: see the logs in $DATA_DIR"
	done
	# A vault that stops is reported once; the chain goes on (an operator may restart it
	# from its config file, as the vault e2e test does).
	for index in "${!VAULT_PIDS[@]}"; do
		if ! kill -0 "${VAULT_PIDS[$index]}" 2>/dev/null; then
			log "the vault of hospital $index (pid ${VAULT_PIDS[$index]}) stopped: see $DATA_DIR/vaults/*/vault.log"
			unset "VAULT_PIDS[$index]"
		fi
	done
	if number="$(finalized_number "$RPC_PORT" 2>/dev/null)"; then
		log "finalized block #$number"
	fi
	# In the background, so that a TERM stops the nodes at once rather than after the sleep.
	sleep 30 &
	wait $! || true
done
