#!/usr/bin/env bash
# Builds mhr-node (with its wasm runtime), the `mhr` command line and `mhr-vault` in the
# project's one build profile.
#
# Usage: scripts/build.sh [extra cargo args for the node alone, e.g. --features runtime-benchmarks]
# The binaries land in $CARGO_TARGET_DIR/release/ (default ~/.cache/mhr/target).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

ensure_setup

cd "$MHR_ROOT"
if (($# == 0)); then
	log "building mhr-node, mhr and mhr-vault ($MHR_PROFILE profile, target dir $CARGO_TARGET_DIR)"
	# The whole workspace, not `-p mhr-node -p mhr-cli -p mhr-vault`: selecting members by -p
	# builds the pallets as dependencies without their `default` feature, a feature set of its
	# own, so after `cargo test --workspace` (scripts/test.sh) every MHR crate compiled again.
	# Built as the workspace, the libraries are the ones the tests compiled.
	cargo build --locked --profile "$MHR_PROFILE" --workspace
	log "built $MHR_NODE_BIN, $MHR_BIN and $MHR_VAULT_BIN"
else
	# Extra arguments (node features) are for the node alone.
	log "building mhr-node $* ($MHR_PROFILE profile, target dir $CARGO_TARGET_DIR)"
	cargo build --locked --profile "$MHR_PROFILE" -p mhr-node "$@"
	log "built $MHR_NODE_BIN"
fi
