#!/usr/bin/env bash
# Builds mhr-node (with its wasm runtime) in the project's one build profile.
#
# Usage: scripts/build.sh [extra cargo args, e.g. --features runtime-benchmarks]
# The binary lands in $CARGO_TARGET_DIR/release/mhr-node (default ~/.cache/mhr/target).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

command -v cargo >/dev/null || die "cargo not found: run scripts/setup.sh first"
[[ -f "$MHR_STATE_DIR/wasm-env.sh" ]] || die "no wasm toolchain configured: run scripts/setup.sh first"

log "building mhr-node ($MHR_PROFILE profile, target dir $CARGO_TARGET_DIR)"
cd "$MHR_ROOT"
cargo build --locked --profile "$MHR_PROFILE" -p mhr-node "$@"
log "built $MHR_NODE_BIN"
