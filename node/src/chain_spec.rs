//! The chain specs `mhr-node` knows by name. Their genesis comes from the runtime's presets
//! (`mhr_runtime::genesis_config_presets`); the node only names the chain and its token.

use mhr_primitives::token;
use mhr_runtime::{genesis_config_presets::LOCAL_FOUR_PRESET, WASM_BINARY};
use sc_service::{ChainType, Properties};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// A chain spec of MHR Chain (no node-specific extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// The names `--chain` accepts besides a path to a chain-spec JSON file.
pub const BUILT_IN: &[&str] = &["dev", "local", "local4"];

/// The libp2p protocol id of MHR Chain's networks: without one, every Substrate chain speaks
/// the default `sup` and the node warns about it.
pub const PROTOCOL_ID: &str = "mhr";

/// The token as wallets show it: `MHR`, 12 decimals, SS58 prefix 42.
pub fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), token::SYMBOL.into());
	properties.insert("tokenDecimals".into(), token::DECIMALS.into());
	properties.insert("ss58Format".into(), token::SS58_FORMAT.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"this mhr-node was built without its wasm runtime (SKIP_WASM_BUILD was set): rebuild \
		 it with scripts/build.sh"
			.to_string()
	})
}

/// A chain spec named `name` (id `id`) from the runtime's genesis preset `preset`.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_protocol_id(PROTOCOL_ID)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `--chain dev`: one hospital node (Alice) authoring and finalizing alone, with Sudo.
pub fn development() -> Result<ChainSpec, String> {
	from_preset("MHR Chain Development", "mhr_dev", ChainType::Development, DEV_RUNTIME_PRESET)
}

/// `--chain local`: the consortium of three hospitals (Alice, Bob, Charlie), without Sudo.
pub fn local_testnet() -> Result<ChainSpec, String> {
	from_preset(
		"MHR Chain Local Consortium",
		"mhr_local",
		ChainType::Local,
		LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// `--chain local4`: a consortium of four hospitals (Alice, Bob, Charlie, Dave), without Sudo:
/// the smallest one whose finality survives a node down (GRANDPA needs 3 of 4 votes).
pub fn local_four() -> Result<ChainSpec, String> {
	from_preset(
		"MHR Chain Local Consortium of Four",
		"mhr_local4",
		ChainType::Local,
		LOCAL_FOUR_PRESET,
	)
}

/// The chain spec `--chain id` names: a built-in name, or a path to a JSON file.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"dev" | "" => Box::new(development()?),
		"local" => Box::new(local_testnet()?),
		"local4" => Box::new(local_four()?),
		path => {
			let file = std::path::PathBuf::from(path);
			if !file.exists() {
				return Err(format!(
					"unknown chain '{path}': use one of {} or the path of a chain-spec JSON file \
					 (for example chain-specs/local-raw.json)",
					BUILT_IN.join(", ")
				));
			}
			Box::new(ChainSpec::from_json_file(file)?)
		}
	})
}
