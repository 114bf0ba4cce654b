#!/usr/bin/env bash
# End-to-end smoke: starts `mhr-node --dev --tmp` on free ports, waits for 3 finalized
# blocks, then runs tests/e2e/smoke.mjs, governance.mjs and doctors.mjs (@polkadot/api)
# against it. The node is stopped on
# exit, also on failure; its log is kept and its path printed when something fails.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

[[ -x "$MHR_NODE_BIN" ]] || die "no mhr-node at $MHR_NODE_BIN: run scripts/build.sh"
[[ -d "$MHR_ROOT/node_modules/@polkadot/api" ]] || die "npm packages missing: run scripts/setup.sh"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
RPC_PORT="$(free_port)"
P2P_PORT="$(free_port)"
LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/mhr-e2e.XXXXXX")"
NODE_LOG="$LOG_DIR/node.log"
NODE_PID=""

cleanup() {
	local status=$?
	if [[ -n "$NODE_PID" ]]; then
		kill "$NODE_PID" 2>/dev/null || true
		wait "$NODE_PID" 2>/dev/null || true
	fi
	if [[ $status -ne 0 ]]; then
		log "e2e smoke failed; node log kept at $NODE_LOG"
	else
		rm -rf "$LOG_DIR"
	fi
}
trap cleanup EXIT

log "e2e: starting mhr-node --dev --tmp (rpc $RPC_PORT, p2p $P2P_PORT)"
"$MHR_NODE_BIN" --dev --tmp --rpc-port "$RPC_PORT" --port "$P2P_PORT" --no-prometheus \
	--no-telemetry >"$NODE_LOG" 2>&1 &
NODE_PID=$!

deadline=$((SECONDS + 120))
finalized=0
while ((finalized < 3)); do
	kill -0 "$NODE_PID" 2>/dev/null || die "mhr-node exited: see $NODE_LOG"
	((SECONDS < deadline)) || die "fewer than 3 finalized blocks after 120 s (at #$finalized): see $NODE_LOG"
	sleep 2
	finalized="$(finalized_number "$RPC_PORT" 2>/dev/null || echo 0)"
done
log "e2e: block #$finalized finalized; running the @polkadot/api smoke script"
node "$MHR_ROOT/tests/e2e/smoke.mjs" "ws://127.0.0.1:$RPC_PORT"
log "e2e: running the governance script (registry, council motions, session keys)"
node "$MHR_ROOT/tests/e2e/governance.mjs" "ws://127.0.0.1:$RPC_PORT"
log "e2e: running the doctors script (registration, bond, weight, priority extension)"
node "$MHR_ROOT/tests/e2e/doctors.mjs" "ws://127.0.0.1:$RPC_PORT"
