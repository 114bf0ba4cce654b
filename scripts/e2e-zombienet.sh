#!/usr/bin/env bash
# Runs the zombienet multi-node scenarios (zombienet/NN-name/test.zndsl) with the native
# provider and the built mhr-node, and prints one line per scenario with its time.
#
# Usage: scripts/e2e-zombienet.sh [--keep] [NN ...]   e.g. scripts/e2e-zombienet.sh 01 02   (default: all)
#
# --keep keeps every scenario's folder, passing ones too (their checks are in zombienet.log).
#
# Each scenario runs in its own folder under a temporary directory, on ports zombienet picks
# free. A passing scenario's folder is removed; a failing one's is kept (node logs under
# logs/, zombienet's output in zombienet.log) and its path printed. Ctrl-C stops every node.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

[[ -x "$MHR_NODE_BIN" ]] || die "no mhr-node at $MHR_NODE_BIN: run scripts/build.sh"
ZOMBIENET="$MHR_ROOT/node_modules/.bin/zombienet"
[[ -x "$ZOMBIENET" ]] || die "zombienet missing: run scripts/setup.sh (npm ci)"

keep=0
if [[ "${1:-}" == "--keep" ]]; then
	keep=1
	shift
fi
scenarios=()
if (($# == 0)); then
	for dir in "$MHR_ROOT"/zombienet/[0-9][0-9]-*/; do
		scenarios+=("$(basename "$dir")")
	done
else
	for number in "$@"; do
		matches=("$MHR_ROOT"/zombienet/"$number"-*/)
		[[ -d "${matches[0]}" ]] || die "no scenario $number under zombienet/ (they are: $(cd "$MHR_ROOT/zombienet" && echo [0-9][0-9]-*))"
		scenarios+=("$(basename "${matches[0]}")")
	done
fi

RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/mhr-zombienet.XXXXXX")"
ZOMBIE_PID=""
cleanup() {
	if [[ -n "$ZOMBIE_PID" ]]; then
		# zombienet removes its network when signalled; its nodes are in its process group.
		kill -TERM -- "-$ZOMBIE_PID" 2>/dev/null || true
		wait "$ZOMBIE_PID" 2>/dev/null || true
	fi
	rmdir "$RUN_DIR" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export MHR_ROOT MHR_NODE_BIN
failed=0
for scenario in "${scenarios[@]}"; do
	dir="$RUN_DIR/$scenario"
	mkdir -p "$dir"
	start=$SECONDS
	# Its own process group (setsid), so that cleanup can stop it and its nodes together.
	setsid "$ZOMBIENET" -p native -d "$dir/network" -f test "$MHR_ROOT/zombienet/$scenario/test.zndsl" \
		>"$dir/zombienet.log" 2>&1 &
	ZOMBIE_PID=$!
	status=0
	wait "$ZOMBIE_PID" || status=$?
	ZOMBIE_PID=""
	elapsed=$((SECONDS - start))
	if ((status == 0)); then
		if ((keep)); then
			printf '  %-24s passed in %3d s (kept: %s)\n' "$scenario" "$elapsed" "$dir"
		else
			printf '  %-24s passed in %3d s\n' "$scenario" "$elapsed"
			rm -rf "$dir"
		fi
	else
		printf '  %-24s FAILED in %3d s (exit %d): zombienet output %s, node logs %s\n' \
			"$scenario" "$elapsed" "$status" "$dir/zombienet.log" "$dir/network/logs"
		grep -E 'FAILED|check failed|timed out|Error running script|❌' "$dir/zombienet.log" | grep -v '^  ok  ' | head -n 5 >&2 || true
		failed=$((failed + 1))
	fi
done
((failed == 0)) || die "$failed of ${#scenarios[@]} zombienet scenario(s) failed; logs kept under $RUN_DIR"
log "all ${#scenarios[@]} zombienet scenario(s) passed"
