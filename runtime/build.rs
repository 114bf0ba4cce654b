//! Builds the wasm runtime (the on-chain code) with the metadata hash enabled, so that
//! `CheckMetadataHash` lets offline signers verify what they sign.
//!
//! `SKIP_WASM_BUILD=1` skips it (pallet tests need no wasm); see `scripts/setup.sh` for the
//! wasm toolchain this needs.

fn main() {
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash(mhr_primitives::token::SYMBOL, mhr_primitives::token::DECIMALS)
		.build();
}
