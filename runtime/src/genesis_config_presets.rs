//! Genesis presets: the starting state of a chain, from which chain specs are generated.
//!
//! - `development`: one hospital node (Alice) authoring and finalizing alone, with a Sudo key
//!   (Alice) for one-node hacking.
//! - `local_testnet`: the consortium of three hospitals (Alice, Bob, Charlie), each an Aura
//!   author and a GRANDPA voter, and no Sudo key.
//!
//! Both fund the well-known development accounts (Alice to Ferdie and their `//stash`
//! accounts) so that test scripts can pay fees. Nothing here is secret: these keys are public
//! and must never secure a real chain.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_grandpa::AuthorityId as GrandpaId;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	AccountId, AuraConfig, Balance, BalancesConfig, GrandpaConfig, RuntimeGenesisConfig,
	SudoConfig, UNITS,
};

/// What each development account is given at genesis.
pub const DEV_ENDOWMENT: Balance = 1_000_000 * UNITS;

/// The keys of one hospital's node: it authors blocks with the first and votes on finality
/// with the second.
pub struct HospitalKeys {
	/// The Aura (block authoring) key.
	pub aura: AuraId,
	/// The GRANDPA (finality) key.
	pub grandpa: GrandpaId,
}

impl HospitalKeys {
	/// The well-known development keys `//Alice`, `//Bob`, ...: `aura` and `grandpa` must be
	/// the same name.
	pub fn dev(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> Self {
		Self { aura: aura.public().into(), grandpa: grandpa.public().into() }
	}
}

/// A genesis state with `hospitals` as the authority set, `endowed` accounts funded with
/// [`DEV_ENDOWMENT`] each, and `sudo` as the superuser (none on a consortium chain).
pub fn consortium_genesis(
	hospitals: Vec<HospitalKeys>,
	endowed: Vec<AccountId>,
	sudo: Option<AccountId>,
) -> Value {
	let (aura, grandpa): (Vec<_>, Vec<_>) =
		hospitals.into_iter().map(|keys| (keys.aura, (keys.grandpa, 1))).unzip();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|account| (account, DEV_ENDOWMENT)).collect(),
		},
		aura: AuraConfig { authorities: aura },
		grandpa: GrandpaConfig { authorities: grandpa },
		sudo: SudoConfig { key: sudo },
	})
}

/// The `development` preset: Alice alone, with Sudo.
pub fn development() -> Value {
	consortium_genesis(
		vec![HospitalKeys::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// The `local_testnet` preset: Alice, Bob and Charlie as three hospitals, without Sudo.
pub fn local_testnet() -> Value {
	consortium_genesis(
		vec![
			HospitalKeys::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			HospitalKeys::dev(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			HospitalKeys::dev(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		None,
	)
}

/// The JSON patch of the preset `id`, or `None` when the runtime has no such preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		_ => return None,
	};
	Some(serde_json::to_string(&patch).expect("a JSON value always serializes; qed").into_bytes())
}

/// The names of the presets this runtime provides.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
}
