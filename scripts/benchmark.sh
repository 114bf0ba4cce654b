#!/usr/bin/env bash
# Generates the weights of the MHR pallets from their benchmarks.
#
# Builds mhr-node with the `runtime-benchmarks` feature (kept aside as
# $MHR_STATE_DIR/bin/mhr-node-benchmarks), runs `benchmark pallet` for each pallet and writes
# pallets/<name>/src/weights.rs through scripts/templates/pallet-weights.hbs; then rebuilds the
# ordinary node, so that $MHR_NODE_BIN never carries benchmark-only code.
#
# Usage: scripts/benchmark.sh [pallet folder ...]    e.g. scripts/benchmark.sh hospitals
#   default: every folder under pallets/
#   MHR_BENCH_STEPS (default 50) and MHR_BENCH_REPEAT (default 20) set the sampling.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

STEPS="${MHR_BENCH_STEPS:-50}"
REPEAT="${MHR_BENCH_REPEAT:-20}"
BENCH_BIN="$MHR_STATE_DIR/bin/mhr-node-benchmarks"

ensure_setup
cd "$MHR_ROOT"
if (($# == 0)); then
	for dir in pallets/*/; do
		dir="${dir%/}"
		set -- "$@" "${dir#pallets/}"
	done
fi
for name in "$@"; do
	[[ -f "pallets/$name/src/benchmarking.rs" ]] || die "pallets/$name has no src/benchmarking.rs"
done

"$MHR_ROOT/scripts/build.sh" --features runtime-benchmarks
mkdir -p "$(dirname "$BENCH_BIN")"
cp "$MHR_NODE_BIN" "$BENCH_BIN"

for name in "$@"; do
	crate="$(sed -n 's/^name = "\(.*\)"/\1/p' "pallets/$name/Cargo.toml" | head -n 1)"
	pallet="${crate//-/_}"
	log "benchmarking $pallet (steps $STEPS, repeat $REPEAT)"
	"$BENCH_BIN" benchmark pallet \
		--chain dev \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--template scripts/templates/pallet-weights.hbs \
		--output "pallets/$name/src/weights.rs"
	log "wrote pallets/$name/src/weights.rs"
done

log "rebuilding the ordinary node"
"$MHR_ROOT/scripts/build.sh"
