#!/usr/bin/env bash
# End-to-end test of the record vaults and the `mhr` command line, on a running chain:
# scripts/start.sh --dev (one node, the three hospitals' vaults) on free ports in a temporary
# folder, then the story of a record told with `mhr` commands only:
#  - hospital 0 (Alice) registers Dave, hospital 1 (Bob) registers Eve and Ferdie; all bond;
#    the patient (//Dave//stash) and the doctors publish their encryption keys;
#  - the patient registers and grants Dave read-write access; Dave writes a record at
#    hospital 0 (sealed here, stored at vault 0, indexed, final);
#  - the patient grants Eve (hospital 1) cardiology: her key envelope is made by re-wrapping;
#    Eve reads the record from vault 0: plaintext in equals plaintext out;
#  - refused, leaving no audit entry: Ferdie (no grant), the record from vault 1 (which does
#    not keep it), and Eve after the patient revoked her grant; and, spoken by a second client
#    (tests/e2e/vault-protocol.mjs, @polkadot/keyring): a forged signature, a replayed or
#    missing one, a blob whose bytes do not match its address, a blob from another hospital's
#    doctor;
#  - under attack (tests/e2e/vault-attack.mjs, for MHR_ATTACK_SECONDS): oversized
#    Authorization headers, unsigned 16 MiB and forged uploads, a slowloris flood, all at once
#    against vault 0, while GET /v1/health and the patient's own read keep p95 < 200 ms;
#  - the patient's audit trail holds exactly Eve's read;
#  - load: N clients x M reads by Dave, no errors, requests/s printed; the trail grows by N x M;
#  - vault 0 is restarted from its configuration: it still holds and serves the record;
#  - a byte of the stored blob is flipped: `mhr` refuses the record and names hospital 0.
# Environment: MHR_LOAD_CLIENTS (default 4), MHR_LOAD_REQUESTS (default 5), MHR_ATTACK_SECONDS
# (default 12).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

for bin in "$MHR_NODE_BIN" "$MHR_BIN" "$MHR_VAULT_BIN"; do
	[[ -x "$bin" ]] || die "no $bin: run scripts/build.sh"
done
command -v jq >/dev/null || die "jq missing: run scripts/setup.sh"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mhr-vault-e2e.XXXXXX")"
RPC_PORT="$(free_ports 1)"
VAULT_PORT="$(free_ports 3)"
NODE="ws://127.0.0.1:$RPC_PORT"
START_PID=""
VAULT0_PID=""
export MHR_HOME="$WORK/home"
CLIENTS="${MHR_LOAD_CLIENTS:-4}"
REQUESTS="${MHR_LOAD_REQUESTS:-5}"
# The patient's audit window keeps the last 100 entries: the count check needs fewer.
((CLIENTS * REQUESTS < 100)) || die "MHR_LOAD_CLIENTS x MHR_LOAD_REQUESTS must stay below 100"

cleanup() {
	local status=$?
	[[ -n "$VAULT0_PID" ]] && { kill "$VAULT0_PID" 2>/dev/null || true; }
	if [[ -n "$START_PID" ]]; then
		kill "$START_PID" 2>/dev/null || true
		wait "$START_PID" 2>/dev/null || true
	fi
	if [[ $status -ne 0 ]]; then
		log "vault e2e failed; logs kept in $WORK (start.log, mhr.log, dev/vaults/*/vault.log, dev/alice.log)"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT

pass() { printf '  \033[32m✓\033[0m %s\n' "$*"; }
fail() { die "FAILED: $*"; }
# mhr_raw KEY ARGS...: `mhr` against the dev node with key KEY; mhr_as the same, its progress
# lines kept in $WORK/mhr.log.
mhr_raw() { "$MHR_BIN" --node "$NODE" --key "$1" "${@:2}"; }
mhr_as() { mhr_raw "$@" 2>>"$WORK/mhr.log"; }
# refused WHAT PATTERN KEY ARGS...: `mhr` must fail, with PATTERN in its error.
refused() {
	local what=$1 pattern=$2 output
	if output="$(mhr_raw "${@:3}" 2>&1)"; then
		fail "$what: it succeeded"
	fi
	grep -q -- "$pattern" <<<"$output" || fail "$what: expected '$pattern' in: $output"
	pass "$what (refused: $(grep -o -- "$pattern" <<<"$output" | head -n 1))"
}
audit_count() { mhr_as patient --json patient audit | jq '.audit | length'; }
# expect_audit N: the patient's audit trail (read at the finalized head, while the vault
# answers once the read is in a block) reaches exactly N entries within a minute.
expect_audit() {
	local count
	for _ in $(seq 1 30); do
		count="$(audit_count)"
		[[ "$count" == "$1" ]] && return 0
		((count > $1)) && fail "the audit trail holds $count entries, more than $1"
		sleep 2
	done
	fail "the audit trail holds $count entries, not $1"
}

log "vault e2e: starting a dev node and three vaults (rpc $RPC_PORT, vaults from $VAULT_PORT) in $WORK"
MHR_DATA_DIR="$WORK/dev" MHR_RPC_PORT="$RPC_PORT" MHR_P2P_PORT="$(free_ports 1)" \
	MHR_PROMETHEUS_PORT="$(free_ports 1)" MHR_VAULT_PORT="$VAULT_PORT" \
	"$MHR_ROOT/scripts/start.sh" --dev >"$WORK/start.log" 2>&1 &
START_PID=$!
VAULT0="http://127.0.0.1:$VAULT_PORT"
VAULT1="http://127.0.0.1:$((VAULT_PORT + 1))"
deadline=$((SECONDS + 300))
until curl -sf "http://127.0.0.1:$((VAULT_PORT + 2))/v1/health" >/dev/null; do
	kill -0 "$START_PID" 2>/dev/null || fail "scripts/start.sh exited: $(tail -n 5 "$WORK/start.log")"
	((SECONDS < deadline)) || fail "the vaults did not start within 300 s: see $WORK/start.log"
	sleep 2
done
pass "scripts/start.sh --dev started the node and three vaults, registered on chain"

log "keys and registrations"
for who in alice://Alice bob://Bob dave://Dave eve://Eve ferdie://Ferdie patient://Dave//stash; do
	mhr_as "${who%%:*}" keys new "${who%%:*}" --suri "${who#*:}" >/dev/null
done
account() { mhr_as "$1" --json keys show | jq -r .account; }
PATIENT="$(account patient)"
DAVE="$(account dave)"
EVE="$(account eve)"
FERDIE="$(account ferdie)"
[[ "$(mhr_as alice --json hospital show 0 | jq -r .vault_url)" == "$VAULT0" ]] \
	|| fail "hospital 0's vault URL on chain is not $VAULT0"
pass "hospital 0's vault URL and account are on chain"
# In parallel across accounts, in order within each (one nonce sequence per account).
pids=()
mhr_as alice hospital register-doctor "$DAVE" --rank 0 --licence "licence of Dave" >/dev/null &
pids+=($!)
{ mhr_as bob hospital register-doctor "$EVE" --rank 0 --licence "licence of Eve" \
	&& mhr_as bob hospital register-doctor "$FERDIE" --rank 0 --licence "licence of Ferdie"; } >/dev/null &
pids+=($!)
{ mhr_as patient patient register && mhr_as patient keys publish; } >/dev/null &
pids+=($!)
for pid in "${pids[@]}"; do wait "$pid" || fail "a registration or key publication failed"; done
pids=()
for doctor in dave eve ferdie; do
	{ mhr_as "$doctor" doctor bond 20 && mhr_as "$doctor" keys publish; } >/dev/null &
	pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || fail "a doctor's bond or key publication failed"; done
pass "doctors registered and bonded; patient registered; encryption keys published"

log "the record: written at hospital 0, read at hospital 1"
mhr_as patient patient grant "$DAVE" --write >/dev/null
printf 'ECG 2026-12-01: sinus rhythm, 72 bpm. QTc 410 ms. Signed: Dr Dave.\n' >"$WORK/ecg.txt"
RECORD="$(mhr_as dave --json doctor write --patient "$PATIENT" --category 9 --file "$WORK/ecg.txt" | jq -r .record)"
[[ "$RECORD" =~ ^[0-9]+$ ]] || fail "no record id from doctor write"
pass "Dave wrote record #$RECORD: sealed, stored at vault 0, indexed and final"
[[ "$(mhr_as eve --json doctor search --patient "$PATIENT" --category 9 | jq -r '.records[0].id')" == "$RECORD" ]] \
	|| fail "Eve's search by patient and category does not find record #$RECORD"
pass "Eve finds it by patient and category"
refused "Eve reads before any grant" "no_access" eve doctor read "$RECORD"
# The chain's limits, checked by `mhr` before it signs anything.
refused "a grant of 17 categories" "a grant lists at most 16 categories" \
	patient patient grant "$EVE" --categories "$(seq -s, 1 17)"
refused "a 200-byte vault URL (its records' locations would not fit)" "the chain takes at most 182" \
	alice hospital set-vault-url "http://127.0.0.1/$(printf 'x%.0s' $(seq 1 183))"
mhr_as patient --json patient grant "$EVE" --categories 9 >"$WORK/grant.json"
[[ "$(jq -r '.envelopes_for | join(",")' "$WORK/grant.json")" == "$RECORD" ]] \
	|| fail "granting Eve did not re-wrap the key of record #$RECORD: $(cat "$WORK/grant.json")"
EVE_GRANT="$(jq -r .grant "$WORK/grant.json")"
pass "the patient granted Eve cardiology (grant $EVE_GRANT); the record key was re-wrapped to her"
mhr_as eve doctor read "$RECORD" --out "$WORK/read-by-eve.txt" >/dev/null
cmp -s "$WORK/ecg.txt" "$WORK/read-by-eve.txt" || fail "Eve's plaintext differs from Dave's"
pass "Eve (hospital 1) read record #$RECORD from vault 0: plaintext in equals plaintext out"

log "refusals leave nothing behind"
refused "Ferdie, a doctor without a grant" "no_access" ferdie doctor read "$RECORD"
refused "the record from vault 1, which does not keep it" "not_held" eve doctor read "$RECORD" --vault "$VAULT1"
node "$MHR_ROOT/tests/e2e/vault-protocol.mjs" "$VAULT0" "$RECORD" \
	|| fail "the vault protocol checks (tests/e2e/vault-protocol.mjs)"
log "under attack: vault 0 for ${MHR_ATTACK_SECONDS:-12} s"
node "$MHR_ROOT/tests/e2e/vault-attack.mjs" "$VAULT0" "$RECORD" | tee "$WORK/attack.txt" \
	|| fail "vault 0 under attack (tests/e2e/vault-attack.mjs): see $WORK/attack.txt"
expect_audit 1
[[ "$(mhr_as patient --json patient audit | jq -r '.audit[0].reader')" == "$EVE" ]] || fail "the audit entry is not Eve's"
pass "the audit trail holds exactly one entry: Eve's read of record #$RECORD"
mhr_as patient patient revoke "$EVE_GRANT" >/dev/null
refused "Eve after the revocation" "no_access" eve doctor read "$RECORD"
expect_audit 1
pass "after revocation Eve is refused and the trail still holds one entry"

log "load: $CLIENTS clients x $REQUESTS reads"
mhr_as dave vault load --record "$RECORD" --clients "$CLIENTS" --requests "$REQUESTS" | tee "$WORK/load.txt"
expect_audit $((1 + CLIENTS * REQUESTS))
pass "every read of the load was served and logged ($((CLIENTS * REQUESTS)) more entries)"

log "restart: vault 0 stopped and started again from its configuration"
blobs="$(curl -sf "$VAULT0/v1/health" | jq .blobs)"
pkill -TERM -f -- "--config $WORK/dev/vaults/alice/vault.toml" || fail "vault 0 is not running"
for _ in $(seq 1 40); do curl -sf "$VAULT0/v1/health" >/dev/null || break; sleep 0.25; done
"$MHR_VAULT_BIN" --config "$WORK/dev/vaults/alice/vault.toml" >>"$WORK/vault0-restarted.log" 2>&1 &
VAULT0_PID=$!
for _ in $(seq 1 60); do curl -sf "$VAULT0/v1/health" >/dev/null && break; sleep 0.5; done
[[ "$(curl -sf "$VAULT0/v1/health" | jq .blobs)" == "$blobs" ]] || fail "vault 0 lost blobs across the restart"
mhr_as dave doctor read "$RECORD" --out "$WORK/after-restart.txt" >/dev/null
cmp -s "$WORK/ecg.txt" "$WORK/after-restart.txt" || fail "the record read after the restart differs"
pass "after the restart vault 0 holds its $blobs sealed record(s) and serves record #$RECORD intact"

log "tamper evidence"
sha="$(mhr_as dave --json doctor search --patient "$PATIENT" --category 9 | jq -r '.records[0].sha256 | ltrimstr("0x")')"
blob="$WORK/dev/vaults/alice/data/blobs/$sha"
[[ -f "$blob" ]] || fail "no blob at $blob"
python3 - "$blob" <<'PY'
import sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
data[len(data) // 2] ^= 0x01
open(path, "wb").write(bytes(data))
PY
refused "a corrupted blob" "TAMPERED: hospital 0" dave doctor read "$RECORD"
log "vault e2e: all checks passed"
