#!/usr/bin/env bash
# Installs everything MHR Chain needs to build and test, on a fresh Debian machine.
#
# Idempotent: every step first checks whether it is already done and says so.
#  1. apt packages for the node (protobuf, clang for the C/C++ -sys crates) and the scripts
#     (jq, curl, shellcheck).
#  2. a wasm toolchain for the runtime: `rustup target add wasm32v1-none` when rustup can
#     reach its server, otherwise Debian's rustc-web (Rust 1.96) linked as the rustup
#     toolchain `web`, with a `wasm32v1-none` core/alloc sysroot built once from
#     rust-web-src (with embedded bitcode, as the runtime is linked with LTO).
#  3. the pinned npm packages of the end-to-end tests (`npm ci`).
# It writes $MHR_STATE_DIR/wasm-env.sh, which scripts/env.sh sources, so every later
# script builds the runtime with the toolchain chosen here. MHR_WASM_ROUTE=debian forces the
# Debian route (MHR_WASM_ROUTE=rustup fails instead of falling back).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
	command -v sudo >/dev/null || die "not root and no sudo: run scripts/setup.sh as root once"
	SUDO=(sudo)
fi

NODE_PACKAGES=(protobuf-compiler clang libclang-dev jq curl git shellcheck)
DEBIAN_WASM_PACKAGES=(rustc-web cargo-web rust-web-src lld-22)
WASM_TARGET=wasm32v1-none
WEB_SYSROOT=/usr/lib/rustlib/$WASM_TARGET/lib
APT_UPDATED=0

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

apt_install() {
	local missing=()
	for pkg in "$@"; do installed "$pkg" || missing+=("$pkg"); done
	if [[ ${#missing[@]} -eq 0 ]]; then
		log "apt: already installed: $*"
		return
	fi
	if [[ $APT_UPDATED -eq 0 ]]; then
		log "apt: updating package lists"
		"${SUDO[@]}" apt-get update -qq || die "apt-get update failed: check the network or /etc/apt/sources.list.d"
		APT_UPDATED=1
	fi
	log "apt: installing ${missing[*]}"
	mkdir -p "$MHR_STATE_DIR"
	if ! DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >"$MHR_STATE_DIR/apt.log" 2>&1; then
		tail -n 20 "$MHR_STATE_DIR/apt.log" >&2
		die "apt-get install ${missing[*]} failed (full log: $MHR_STATE_DIR/apt.log)"
	fi
}

ensure_rust() {
	if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
		die "cargo/rustup not found: install Rust with https://rustup.rs, then run this again"
	fi
	for component in rustfmt clippy; do
		if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
			log "rustup: adding $component"
			timeout 120 rustup component add "$component" || die "rustup could not add $component"
		fi
	done
	log "rust: $(rustc --version)"
}

write_wasm_env() {
	mkdir -p "$MHR_STATE_DIR"
	printf '%s\n' "# Written by scripts/setup.sh ($1 route)." "${@:2}" >"$MHR_STATE_DIR/wasm-env.sh"
	# shellcheck disable=SC1091
	source "$MHR_STATE_DIR/wasm-env.sh"
}

rustup_wasm_ready() {
	rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET" \
		&& rustup component list --installed 2>/dev/null | grep -q '^rust-src'
}

try_rustup_wasm() {
	rustup_wasm_ready && return 0
	log "wasm: trying 'rustup target add $WASM_TARGET' (60 s limit)"
	timeout 60 rustup target add "$WASM_TARGET" >/dev/null 2>&1 \
		&& timeout 60 rustup component add rust-src >/dev/null 2>&1 \
		&& rustup_wasm_ready
}

build_web_sysroot() {
	if compgen -G "$WEB_SYSROOT/libcore-*.rlib" >/dev/null \
		&& compgen -G "$WEB_SYSROOT/liballoc-*.rlib" >/dev/null \
		&& compgen -G "$WEB_SYSROOT/libcompiler_builtins-*.rlib" >/dev/null; then
		log "wasm: $WASM_TARGET sysroot already in $WEB_SYSROOT"
		return
	fi
	log "wasm: building core/alloc for $WASM_TARGET with embedded bitcode (about 1 minute)"
	local scratch
	scratch="$(mktemp -d)"
	mkdir -p "$scratch/src"
	printf '[package]\nname = "sysroot"\nversion = "0.0.0"\nedition = "2021"\n[lib]\npath = "src/lib.rs"\n[profile.release]\npanic = "abort"\n' \
		>"$scratch/Cargo.toml"
	printf '#![no_std]\nextern crate alloc;\npub use alloc::vec::Vec;\n' >"$scratch/src/lib.rs"
	(
		cd "$scratch"
		CARGO_TARGET_DIR="$scratch/target" RUSTFLAGS=-Cembed-bitcode=yes RUSTC_BOOTSTRAP=1 \
			rustup run web cargo build --quiet --release --target "$WASM_TARGET" -Zbuild-std=core,alloc
	) || die "building the $WASM_TARGET sysroot failed (see above); is rust-web-src installed?"
	"${SUDO[@]}" mkdir -p "$WEB_SYSROOT"
	for lib in core alloc compiler_builtins; do
		"${SUDO[@]}" cp "$scratch"/target/"$WASM_TARGET"/release/deps/lib"$lib"-*.rlib "$WEB_SYSROOT/"
	done
	rm -rf "$scratch"
	# Runtime artifacts built against an older sysroot no longer link: drop them.
	rm -rf "$CARGO_TARGET_DIR"/*/wbuild
	log "wasm: sysroot installed in $WEB_SYSROOT"
}

debian_wasm() {
	log "wasm: using Debian's rustc-web toolchain for $WASM_TARGET"
	apt_install "${DEBIAN_WASM_PACKAGES[@]}"
	if ! rustup toolchain list | grep -q '^web'; then
		log "wasm: linking /usr (rustc-web) as the rustup toolchain 'web'"
		rustup toolchain link web /usr
	fi
	if ! command -v rust-lld >/dev/null; then
		log "wasm: linking /usr/local/bin/rust-lld -> lld-22"
		"${SUDO[@]}" ln -sf /usr/lib/llvm-22/bin/lld /usr/local/bin/rust-lld
	fi
	build_web_sysroot
	write_wasm_env debian \
		"export WASM_BUILD_TOOLCHAIN=web" \
		"export WASM_BUILD_RUSTFLAGS='-C link-arg=--allow-undefined'"
}

ensure_wasm() {
	case "${MHR_WASM_ROUTE:-}" in
	"" | rustup | debian) ;;
	*) die "MHR_WASM_ROUTE must be 'rustup' or 'debian', not '$MHR_WASM_ROUTE'" ;;
	esac
	if [[ "${MHR_WASM_ROUTE:-}" == debian ]] \
		|| { [[ -f "$MHR_STATE_DIR/wasm-env.sh" ]] && grep -q debian "$MHR_STATE_DIR/wasm-env.sh"; }; then
		debian_wasm
	elif try_rustup_wasm; then
		log "wasm: rustup target $WASM_TARGET is installed"
		write_wasm_env rustup "export WASM_BUILD_RUSTFLAGS='-C link-arg=--allow-undefined'"
	elif [[ "${MHR_WASM_ROUTE:-}" == rustup ]]; then
		die "rustup could not install $WASM_TARGET (MHR_WASM_ROUTE=rustup): check network access to static.rust-lang.org"
	else
		log "wasm: rustup cannot fetch $WASM_TARGET here"
		debian_wasm
	fi
}

ensure_npm() {
	command -v npm >/dev/null || apt_install nodejs npm
	if [[ -d "$MHR_ROOT/node_modules/@polkadot/api" ]] \
		&& [[ "$MHR_ROOT/node_modules/.package-lock.json" -nt "$MHR_ROOT/package-lock.json" ]]; then
		log "npm: packages already installed"
		return
	fi
	log "npm: installing the pinned e2e packages (npm ci)"
	(cd "$MHR_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed: is the npm registry reachable?"
}

main() {
	log "setup: target dir $CARGO_TARGET_DIR"
	apt_install "${NODE_PACKAGES[@]}"
	ensure_rust
	ensure_wasm
	ensure_npm
	log "setup: done"
}

main "$@"
