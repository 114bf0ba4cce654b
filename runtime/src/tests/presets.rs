//! Genesis presets, versions and the token.

use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use super::{check_governance, preset_externalities};
use crate::{
	genesis_config_presets::{self, DEV_ENDOWMENT, LOCAL_FOUR_PRESET, REWARD_POT_ENDOWMENT},
	Balances, Runtime, VERSION,
};

fn aura(keyring: Sr25519Keyring) -> AuraId {
	keyring.public().into()
}

#[test]
fn the_runtime_lists_exactly_its_three_presets() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(
		names,
		vec![
			PresetId::from(DEV_RUNTIME_PRESET),
			PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
			PresetId::from(LOCAL_FOUR_PRESET)
		]
	);
	assert!(genesis_config_presets::get_preset(&PresetId::from("no_such_preset")).is_none());
}

/// The founding hospitals' admins in the order the registry, the council and the sessions
/// keep them: sorted by account.
fn founders() -> Vec<Sr25519Keyring> {
	sorted(vec![Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie])
}

fn sorted(mut admins: Vec<Sr25519Keyring>) -> Vec<Sr25519Keyring> {
	admins.sort_by_key(|k| k.to_account_id());
	admins
}

fn accounts(keyrings: &[Sr25519Keyring]) -> Vec<sp_runtime::AccountId32> {
	keyrings.iter().map(|k| k.to_account_id()).collect()
}

/// The GRANDPA key of the same name as `keyring`.
fn grandpa(keyring: Sr25519Keyring) -> (sp_consensus_grandpa::AuthorityId, u64) {
	let ed = Ed25519Keyring::iter()
		.find(|ed| format!("{ed}") == format!("{keyring}"))
		.unwrap_or_else(|| panic!("an ed25519 {keyring}"));
	(ed.public().into(), 1)
}

#[test]
fn development_registers_three_hospitals_with_alice_alone_authoring_and_sudo() {
	preset_externalities(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(
			pallet_mhr_hospitals::ActiveAdmins::<Runtime>::get().into_inner(),
			accounts(&founders())
		);
		assert_eq!(
			pallet_aura::Authorities::<Runtime>::get().into_inner(),
			vec![aura(Sr25519Keyring::Alice)]
		);
		assert_eq!(
			pallet_grandpa::Pallet::<Runtime>::grandpa_authorities(),
			vec![grandpa(Sr25519Keyring::Alice)]
		);
		// Only Alice has keys: she alone is a validator of session 0 (so every block's author
		// is Alice) and queued for the next session.
		assert_eq!(crate::Session::validators(), vec![Sr25519Keyring::Alice.to_account_id()]);
		assert_eq!(
			crate::Session::queued_keys().into_iter().map(|(v, _)| v).collect::<Vec<_>>(),
			vec![Sr25519Keyring::Alice.to_account_id()]
		);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
		check_governance(true);
	});
}

#[test]
fn local_testnet_is_three_hospitals_authoring_without_sudo() {
	preset_externalities(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(
			pallet_aura::Authorities::<Runtime>::get().into_inner(),
			founders().into_iter().map(aura).collect::<Vec<_>>()
		);
		assert_eq!(
			pallet_grandpa::Pallet::<Runtime>::grandpa_authorities(),
			founders().into_iter().map(grandpa).collect::<Vec<_>>()
		);
		assert_eq!(crate::Session::validators(), accounts(&founders()));
		assert_eq!(
			pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get(),
			accounts(&founders())
		);
		let registered = [
			("Alice General Hospital", Sr25519Keyring::Alice),
			("Bob University Hospital", Sr25519Keyring::Bob),
			("Charlie Children's Hospital", Sr25519Keyring::Charlie),
		];
		for (id, (name, admin)) in registered.into_iter().enumerate() {
			let info = pallet_mhr_hospitals::Hospitals::<Runtime>::get(id as u32)
				.unwrap_or_else(|| panic!("hospital {id} is registered"));
			assert_eq!(info.name.to_vec(), name.as_bytes());
			assert_eq!(info.admin, admin.to_account_id());
		}
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		check_governance(true);
	});
}

#[test]
fn local_four_is_four_hospitals_authoring_so_one_may_be_down() {
	preset_externalities(LOCAL_FOUR_PRESET).execute_with(|| {
		let four = sorted(vec![
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		]);
		assert_eq!(
			pallet_aura::Authorities::<Runtime>::get().into_inner(),
			four.iter().copied().map(aura).collect::<Vec<_>>()
		);
		let voters = pallet_grandpa::Pallet::<Runtime>::grandpa_authorities();
		assert_eq!(voters, four.iter().copied().map(grandpa).collect::<Vec<_>>());
		// GRANDPA needs more than 2/3 of the voters' weight: three of four.
		let total: u64 = voters.iter().map(|(_, weight)| weight).sum();
		assert!(mhr_primitives::exceeds_two_thirds(3, u128::from(total)));
		assert!(!mhr_primitives::exceeds_two_thirds(2, u128::from(total)));
		assert_eq!(crate::Session::validators(), accounts(&four));
		let dave = pallet_mhr_hospitals::Hospitals::<Runtime>::get(3).expect("hospital 3");
		assert_eq!(dave.name.to_vec(), b"Dave District Hospital");
		assert_eq!(dave.admin, Sr25519Keyring::Dave.to_account_id());
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		check_governance(true);
	});
}

#[test]
fn presets_fund_the_development_accounts_and_the_reward_pot() {
	for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET, LOCAL_FOUR_PRESET] {
		preset_externalities(preset).execute_with(|| {
			for account in Sr25519Keyring::well_known() {
				assert_eq!(
					Balances::free_balance(account.to_account_id()),
					DEV_ENDOWMENT,
					"{account} in {preset}"
				);
			}
			let pot = pallet_mhr_doctors::Pallet::<Runtime>::pot_account();
			assert_eq!(Balances::free_balance(&pot), REWARD_POT_ENDOWMENT);
			assert_eq!(
				pallet_balances::TotalIssuance::<Runtime>::get(),
				DEV_ENDOWMENT * Sr25519Keyring::well_known().count() as u128 + REWARD_POT_ENDOWMENT
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
