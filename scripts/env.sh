# shellcheck shell=bash
# Shared environment for every MHR Chain script: sourced, never run.
#
# The cargo target dir lives outside the work tree so a fresh clone (a new
# session, a CI run) reuses the compiled dependencies of the previous one.

MHR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MHR_ROOT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mhr/target}"
export MHR_STATE_DIR="${MHR_STATE_DIR:-$HOME/.cache/mhr}"
# One profile for the node, the tests and the e2e smoke: see Cargo.toml.
export MHR_PROFILE="${MHR_PROFILE:-release}"
export MHR_NODE_BIN="$CARGO_TARGET_DIR/$MHR_PROFILE/mhr-node"
export MHR_BIN="$CARGO_TARGET_DIR/$MHR_PROFILE/mhr"
export MHR_VAULT_BIN="$CARGO_TARGET_DIR/$MHR_PROFILE/mhr-vault"
# The wasm builder looks for Cargo.lock above the target dir; with the target dir outside the
# work tree it must be told where the workspace is, or it resolves dependencies anew.
export WASM_BUILD_WORKSPACE_HINT="$MHR_ROOT"
# frame-benchmarking-cli (node feature `runtime-benchmarks`) depends on a test runtime whose wasm
# build cannot find itself in this workspace's metadata through that hint; it is only used by
# `benchmark storage --enable-pov-recorder`, so it is not built.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1

if [[ -f "$HOME/.cargo/env" ]]; then
	# shellcheck disable=SC1091
	source "$HOME/.cargo/env"
fi

# Written by scripts/setup.sh: how this machine builds the wasm runtime
# (the rustup target, or Debian's rustc-web toolchain linked as `web`).
if [[ -f "$MHR_STATE_DIR/wasm-env.sh" ]]; then
	# shellcheck disable=SC1091
	source "$MHR_STATE_DIR/wasm-env.sh"
	# A reproducible runtime: panic messages embed source paths, so map the checkout, the
	# cargo registry and the toolchains (the standard library's sources) to fixed names. The same commit then gives the same wasm (and the same
	# chain specs) in any clone, for anyone with the same toolchain.
	WASM_BUILD_RUSTFLAGS="${WASM_BUILD_RUSTFLAGS:-} --remap-path-prefix=$MHR_ROOT=/mhr-chain"
	WASM_BUILD_RUSTFLAGS+=" --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src=/cargo-registry"
	WASM_BUILD_RUSTFLAGS+=" --remap-path-prefix=${RUSTUP_HOME:-$HOME/.rustup}=/rustup"
	export WASM_BUILD_RUSTFLAGS
fi

# node_rpc PORT METHOD [PARAMS]: one JSON-RPC call to the node on 127.0.0.1:PORT.
node_rpc() {
	curl -sf -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":[${3:-}]}" "http://127.0.0.1:$1"
}

# finalized_number PORT: the number of the node's finalized head.
finalized_number() {
	local head
	head="$(node_rpc "$1" chain_getFinalizedHead | jq -r .result)" || return 1
	node_rpc "$1" chain_getHeader "\"$head\"" | jq -r '.result.number' | xargs printf '%d\n'
}

# free_ports N: the first of N consecutive free ports.
free_ports() {
	python3 - "$1" <<'PY'
import random, socket, sys
n = int(sys.argv[1])
for _ in range(200):
    base = random.randint(20000, 60000 - n)
    sockets = []
    try:
        for port in range(base, base + n):
            s = socket.socket()
            s.bind(("127.0.0.1", port))
            sockets.append(s)
        print(base)
        sys.exit(0)
    except OSError:
        pass
    finally:
        for s in sockets:
            s.close()
sys.exit("no free ports")
PY
}

# ensure_setup: run scripts/setup.sh when this machine has not been set up yet (no wasm
# toolchain chosen in $MHR_STATE_DIR, or no cargo), then load what it wrote. Every script that
# builds or runs something calls it, so its first command on a new machine sets it up.
ensure_setup() {
	if [[ -f "$MHR_STATE_DIR/wasm-env.sh" ]] && command -v cargo >/dev/null; then
		return
	fi
	log "first run on this machine (no $MHR_STATE_DIR/wasm-env.sh): running scripts/setup.sh"
	"$MHR_ROOT/scripts/setup.sh"
	# shellcheck source=scripts/env.sh
	source "$MHR_ROOT/scripts/env.sh"
}

# new_machine_env STATE_DIR: sets NEW_MACHINE_ENV to the arguments of `env` that run a command
# as on a machine where setup never ran: an empty state folder and none of this shell's wasm
# settings, so the command builds only if it runs setup itself. Setup is told the wasm route
# this machine's setup chose, so it builds the same runtime (and reuses the compiled
# dependencies) without first trying the other route. Use: env "${NEW_MACHINE_ENV[@]}" CMD.
new_machine_env() {
	local route
	NEW_MACHINE_ENV=(-u WASM_BUILD_TOOLCHAIN -u WASM_BUILD_RUSTFLAGS MHR_STATE_DIR="$1")
	route="$(sed -n 's/^# Written by scripts\/setup.sh (\(.*\) route)\.$/\1/p' \
		"$MHR_STATE_DIR/wasm-env.sh" 2>/dev/null || true)"
	if [[ -n "$route" ]]; then
		NEW_MACHINE_ENV+=(MHR_WASM_ROUTE="$route")
	fi
}

log() { printf '\033[1;34m[mhr]\033[0m %s\n' "$*" >&2; }
die() {
	printf '\033[1;31m[mhr] error:\033[0m %s\n' "$*" >&2
	exit 1
}
