#!/usr/bin/env bash
# The test command: everything a change must pass.
#  1. scripts/setup.sh (apt packages, wasm toolchain, npm packages; skips what is there)
#  2. shellcheck on the scripts, cargo fmt --check
#  3. clippy on every crate and target, warnings denied; again with the runtime-benchmarks
#     and try-runtime features, so feature-gated code cannot rot
#  4. cargo test over the workspace (unit tests, runtime tests, chain-spec drift test), then
#     every pallet's benchmarks run as tests
#  5. the build, from an empty state folder (build.sh must run setup by itself)
#  6. the end-to-end tests: a dev node and the local consortium with @polkadot/api scripts
#     (scripts/e2e-smoke.sh); the record vaults and the `mhr` command line on a dev node
#     (scripts/e2e-vault.sh); then zombienet scenarios 01 and 02 (scripts/e2e-zombienet.sh)
# All cargo steps share one profile (release) and one target dir (~/.cache/mhr/target).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

step() {
	log "── $1"
	STEP_START=$SECONDS
}
done_step() { log "   done in $((SECONDS - STEP_START)) s"; }
START=$SECONDS

step "setup"
"$MHR_ROOT/scripts/setup.sh"
# setup.sh may have just written the wasm toolchain choice: load it.
# shellcheck source=scripts/env.sh
source "$MHR_ROOT/scripts/env.sh"
done_step

cd "$MHR_ROOT"
step "shellcheck scripts"
shellcheck -x scripts/*.sh .ci/run
done_step

step "cargo fmt --check"
cargo fmt --all -- --check || die "formatting differs: run 'cargo fmt --all'"
done_step

step "clippy (warnings denied)"
cargo clippy --locked --profile "$MHR_PROFILE" --workspace --all-targets -- -D warnings
done_step

step "clippy on the feature-gated code (runtime-benchmarks, try-runtime)"
# No wasm is needed to lint: SKIP_WASM_BUILD keeps these feature sets from building another
# runtime. One pass per feature, not both at once: runtime-benchmarks brings in the upstream
# pallet-staking 50.0.0 (through the node's frame-benchmarking-cli), which does not compile
# with try-runtime on.
for feature in runtime-benchmarks try-runtime; do
	SKIP_WASM_BUILD=1 cargo clippy --locked --profile "$MHR_PROFILE" --workspace --all-targets \
		--features "$feature" -- -D warnings
done
done_step

step "cargo test"
cargo test --locked --profile "$MHR_PROFILE" --workspace
done_step

step "pallet benchmarks, run as tests (feature runtime-benchmarks)"
pallets=()
for manifest in "$MHR_ROOT"/pallets/*/Cargo.toml; do
	pallets+=(-p "$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n 1)")
done
cargo test --locked --profile "$MHR_PROFILE" "${pallets[@]}" --features runtime-benchmarks benchmarking
done_step

step "build mhr-node, mhr and mhr-vault (from an empty state folder, as on a new machine)"
# build.sh (like start.sh and benchmark.sh) must set the machine up by itself when setup never
# ran: given a state folder with nothing in it, it has to write the wasm toolchain choice there.
fresh_state="$(mktemp -d)"
trap 'rm -rf "$fresh_state"' EXIT
new_machine_env "$fresh_state"
env "${NEW_MACHINE_ENV[@]}" "$MHR_ROOT/scripts/build.sh"
[[ -f "$fresh_state/wasm-env.sh" ]] || die "scripts/build.sh did not run setup on an empty state folder"
rm -rf "$fresh_state"
done_step

step "e2e smoke (dev node + @polkadot/api)"
"$MHR_ROOT/scripts/e2e-smoke.sh"
done_step

step "vaults and the mhr command line, end to end (scripts/e2e-vault.sh)"
"$MHR_ROOT/scripts/e2e-vault.sh"
done_step

step "zombienet scenarios 01 (finality) and 02 (records across hospitals)"
"$MHR_ROOT/scripts/e2e-zombienet.sh" 01 02
done_step

log "all tests passed in $((SECONDS - START)) s"
