#!/usr/bin/env bash
# Regenerates chain-specs/ from the runtime's genesis presets, through the node binary:
#   dev.json        --chain dev   (plain: genesis as a preset patch)
#   local.json      --chain local (plain)
#   local-raw.json  --chain local --raw (storage as key/values: what operators launch with)
# Never edit those files by hand; node/tests/chain_specs.rs fails when they drift.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$MHR_ROOT/scripts/build.sh"
out="$MHR_ROOT/chain-specs"
mkdir -p "$out"
export_spec() {
	local file=$1
	shift
	log "writing chain-specs/$file"
	"$MHR_NODE_BIN" export-chain-spec "$@" >"$out/$file.tmp"
	mv "$out/$file.tmp" "$out/$file"
}
export_spec dev.json --chain dev
export_spec local.json --chain local
export_spec local-raw.json --chain local --raw
log "chain specs written to $out"
