//! Tests of the runtime as composed: genesis presets, versions and the token.

use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::BuildStorage;

use crate::{
	genesis_config_presets::{self, DEV_ENDOWMENT},
	Balances, Runtime, RuntimeGenesisConfig, VERSION,
};

/// The genesis state of preset `name`, as a node would build it from a chain spec.
fn preset_externalities(name: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&PresetId::from(name))
		.unwrap_or_else(|| panic!("preset {name} exists"));
	let patch: serde_json::Value =
		serde_json::from_slice(&patch).unwrap_or_else(|e| panic!("preset {name} is JSON: {e}"));
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default())
		.unwrap_or_else(|e| panic!("default genesis serializes: {e}"));
	sc_merge(&mut config, patch);
	let config: RuntimeGenesisConfig = serde_json::from_value(config)
		.unwrap_or_else(|e| panic!("preset {name} is a valid genesis config: {e}"));
	let storage = config.build_storage().unwrap_or_else(|e| panic!("preset {name} builds: {e}"));
	sp_io::TestExternalities::new(storage)
}

/// Merges a JSON patch into a genesis config the way the genesis builder does (objects merged
/// key by key, everything else replaced).
fn sc_merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				sc_merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		}
		(base, patch) => *base = patch,
	}
}

fn aura(keyring: Sr25519Keyring) -> AuraId {
	keyring.public().into()
}

#[test]
fn the_runtime_lists_exactly_its_two_presets() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(
		names,
		vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
	);
	assert!(genesis_config_presets::get_preset(&PresetId::from("no_such_preset")).is_none());
}

#[test]
fn development_is_alice_alone_with_sudo() {
	preset_externalities(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(
			pallet_aura::Authorities::<Runtime>::get().into_inner(),
			vec![aura(Sr25519Keyring::Alice)]
		);
		assert_eq!(
			pallet_grandpa::Pallet::<Runtime>::grandpa_authorities(),
			vec![(Ed25519Keyring::Alice.public().into(), 1)]
		);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
	});
}

#[test]
fn local_testnet_is_three_hospitals_without_sudo() {
	preset_externalities(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let hospitals = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie];
		assert_eq!(
			pallet_aura::Authorities::<Runtime>::get().into_inner(),
			hospitals.iter().map(|k| aura(*k)).collect::<Vec<_>>()
		);
		let voters = [Ed25519Keyring::Alice, Ed25519Keyring::Bob, Ed25519Keyring::Charlie];
		assert_eq!(
			pallet_grandpa::Pallet::<Runtime>::grandpa_authorities(),
			voters.iter().map(|k| (k.public().into(), 1)).collect::<Vec<_>>()
		);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
	});
}

#[test]
fn presets_fund_the_development_accounts() {
	for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
		preset_externalities(preset).execute_with(|| {
			for account in Sr25519Keyring::well_known() {
				assert_eq!(
					Balances::free_balance(account.to_account_id()),
					DEV_ENDOWMENT,
					"{account} in {preset}"
				);
			}
			assert_eq!(
				pallet_balances::TotalIssuance::<Runtime>::get(),
				DEV_ENDOWMENT * Sr25519Keyring::well_known().count() as u128
			);
		});
	}
}

#[test]
fn slots_are_six_seconds() {
	assert_eq!(pallet_aura::Pallet::<Runtime>::slot_duration(), 6_000);
	assert_eq!(mhr_primitives::time::SLOT_DURATION, 6_000);
}

#[test]
fn token_and_addresses_match_the_primitives() {
	assert_eq!(
		<<Runtime as frame_system::Config>::SS58Prefix as frame_support::traits::Get<u16>>::get(),
		42
	);
	assert_eq!(mhr_primitives::token::SYMBOL, "MHR");
	assert_eq!(mhr_primitives::token::DECIMALS, 12);
}

#[test]
fn version_names_the_runtime() {
	assert_eq!(VERSION.spec_name, "mhr-runtime");
	assert_eq!(VERSION.impl_name, "mhr-runtime");
}
