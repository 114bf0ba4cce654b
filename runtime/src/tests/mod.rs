//! Tests of the runtime as composed, by topic.

use codec::Encode;
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, BuildStorage};

use crate::{
	genesis_config_presets, Hospitals, Runtime, RuntimeCall, RuntimeGenesisConfig, Session,
	SignedPayload, UncheckedExtrinsic,
};

mod doctors;
mod governance;
mod presets;
mod records;

/// `call` signed by `who` with `nonce`, immortal, no tip, with every transaction extension of
/// the runtime: what a wallet would submit.
fn signed(who: Sr25519Keyring, call: RuntimeCall, nonce: u32) -> UncheckedExtrinsic {
	let extension = crate::tx_extension(nonce, Era::Immortal);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("a valid payload");
	let signature = payload.using_encoded(|bytes| who.sign(bytes));
	UncheckedExtrinsic::new_signed(call, who.to_account_id().into(), signature.into(), extension)
}

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

/// The invariants between the hospitals registry, the council and the sessions:
/// - the registry's own invariants (`try_state`);
/// - the council is exactly the admins of the active hospitals, and its prime the prime
///   hospital's admin;
/// - when `settled` (the registry and the keys have not changed during the last two session
///   changes, or since genesis), the current and the queued validators are exactly the active
///   admins with session keys.
fn check_governance(settled: bool) {
	Hospitals::do_try_state().expect("the registry's invariants hold");
	let active = pallet_mhr_hospitals::ActiveAdmins::<Runtime>::get().into_inner();
	assert_eq!(
		pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get(),
		active,
		"the council is the active admins"
	);
	let prime_admin = pallet_mhr_hospitals::PrimeHospital::<Runtime>::get()
		.and_then(pallet_mhr_hospitals::Hospitals::<Runtime>::get)
		.map(|info| info.admin);
	assert_eq!(
		pallet_collective::Prime::<Runtime, crate::configs::CouncilCollective>::get(),
		prime_admin,
		"the council's prime is the prime hospital's admin"
	);
	if settled {
		let with_keys: Vec<_> = active
			.into_iter()
			.filter(|admin| pallet_session::NextKeys::<Runtime>::contains_key(admin))
			.collect();
		let queued: Vec<_> = Session::queued_keys().into_iter().map(|(v, _)| v).collect();
		assert_eq!(queued, with_keys, "the queued validators are the active admins with keys");
		// From genesis on: explorers map Aura slots onto `session.validators`, so a keyless
		// validator there would have its slots credited to others.
		assert_eq!(Session::validators(), with_keys, "the validators are the active admins");
	}
}
