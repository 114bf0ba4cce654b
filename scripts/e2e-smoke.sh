#!/usr/bin/env bash
# End-to-end tests with @polkadot/api:
# 1. starts `mhr-node --dev --tmp` on free ports, waits for 3 finalized blocks, then runs
#    tests/e2e/smoke.mjs, governance.mjs and doctors.mjs against it;
# 2. starts the `local` consortium (three nodes, scripts/start.sh --fresh) on free ports in a
#    temporary folder, waits for a finalized block, then runs tests/e2e/records.mjs (a
#    record's whole life) and tests/e2e/compat.mjs (polkadot.js decodes every MHR storage
#    entry, event and error, and signs through every transaction extension) against Alice's
#    node.
# Nodes are stopped on exit, also on failure; their logs are kept and their paths printed
# when something fails.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

[[ -x "$MHR_NODE_BIN" ]] || die "no mhr-node at $MHR_NODE_BIN: run scripts/build.sh"
[[ -d "$MHR_ROOT/node_modules/@polkadot/api" ]] || die "npm packages missing: run scripts/setup.sh"

RPC_PORT="$(free_ports 1)"
P2P_PORT="$(free_ports 1)"
LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/mhr-e2e.XXXXXX")"
NODE_LOG="$LOG_DIR/node.log"
NODE_PID=""
LOCAL_PID=""

cleanup() {
	local status=$?
	if [[ -n "$NODE_PID" ]]; then
		kill "$NODE_PID" 2>/dev/null || true
		wait "$NODE_PID" 2>/dev/null || true
	fi
	if [[ -n "$LOCAL_PID" ]]; then
		kill "$LOCAL_PID" 2>/dev/null || true
		wait "$LOCAL_PID" 2>/dev/null || true
	fi
	if [[ $status -ne 0 ]]; then
		log "e2e failed; node logs kept in $LOG_DIR"
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

log "e2e: stopping the dev node; starting the local consortium (three nodes)"
kill "$NODE_PID" 2>/dev/null || true
wait "$NODE_PID" 2>/dev/null || true
NODE_PID=""

LOCAL_RPC="$(free_ports 3)"
# An empty state folder: start.sh must run setup by itself, as on a machine where it never ran.
new_machine_env "$LOG_DIR/state"
env "${NEW_MACHINE_ENV[@]}" MHR_DATA_DIR="$LOG_DIR/local" MHR_RPC_PORT="$LOCAL_RPC" \
	MHR_P2P_PORT="$(free_ports 3)" MHR_PROMETHEUS_PORT="$(free_ports 3)" \
	"$MHR_ROOT/scripts/start.sh" --fresh --no-vaults >"$LOG_DIR/start.log" 2>&1 &
LOCAL_PID=$!
# Setup (its package checks, npm ci) runs first, within the same deadline.
deadline=$((SECONDS + 300))
finalized=0
while ((finalized < 1)); do
	kill -0 "$LOCAL_PID" 2>/dev/null || die "scripts/start.sh exited: see $LOG_DIR/start.log and $LOG_DIR/local/*.log"
	((SECONDS < deadline)) || die "the local consortium finalized nothing in 300 s: see $LOG_DIR/local/*.log"
	sleep 3
	finalized="$(finalized_number "$LOCAL_RPC" 2>/dev/null || echo 0)"
done
[[ -f "$LOG_DIR/state/wasm-env.sh" ]] || die "scripts/start.sh did not run setup on an empty state folder"
log "e2e: local consortium finalized #$finalized; running the records script (a record's life)"
node "$MHR_ROOT/tests/e2e/records.mjs" "ws://127.0.0.1:$LOCAL_RPC"
log "e2e: polkadot.js compatibility check (every MHR storage entry, event and error; every transaction extension)"
node "$MHR_ROOT/tests/e2e/compat.mjs" "ws://127.0.0.1:$LOCAL_RPC"
