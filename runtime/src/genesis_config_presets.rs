//! Genesis presets: the starting state of a chain, from which chain specs are generated.
//!
//! - `development`: the three hospitals of the consortium registered (admins Alice, Bob and
//!   Charlie, so the council has three members to vote with), but only Alice's node has session
//!   keys: it authors and finalizes alone. Alice is also the Sudo key, for one-node hacking.
//! - `local_testnet`: the consortium of three hospitals (Alice, Bob, Charlie), each an Aura
//!   author and a GRANDPA voter through its session keys, and no Sudo key.
//! - `local_four` ([`LOCAL_FOUR_PRESET`]): the same with a fourth hospital (Dave). GRANDPA
//!   finalizes with more than 2/3 of its voters, so three hospitals need all three nodes up,
//!   while four keep finalizing with one down: the preset of the outage tests.
//!
//! A hospital's admin account is its validator id and holds its session keys. The council is
//! not configured here: the hospitals registry makes the active admins the council at
//! genesis. Aura and GRANDPA are not configured either: the session pallet gives them the
//! keys of the registered admins.
//!
//! All fund the well-known development accounts (Alice to Ferdie and their `//stash`
//! accounts) so that test scripts can pay fees. Nothing here is secret: these keys are public
//! and must never secure a real chain.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_grandpa::AuthorityId as GrandpaId;
use pallet_mhr_hospitals::GenesisHospital;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	AccountId, Balance, BalancesConfig, HospitalsConfig, RecordsConfig, Runtime,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig, UNITS,
};

/// The id of the four-hospital local preset (`mhr-node --chain local4`).
pub const LOCAL_FOUR_PRESET: &str = "local_four";

/// What each development account is given at genesis.
pub const DEV_ENDOWMENT: Balance = 1_000_000 * UNITS;

/// What the doctors' reward pot holds at genesis: 10,000 records' worth of rewards.
pub const REWARD_POT_ENDOWMENT: Balance = 10_000 * UNITS;

/// The categories of a new chain: the 22 chapters of ICD-10 (with the code ranges of
/// ICD-10-CM), numbered as the chapters. The council adds finer ones by motion.
pub const ICD10_CHAPTERS: [(u16, &str); 22] = [
	(1, "ICD10:A00-B99"),
	(2, "ICD10:C00-D49"),
	(3, "ICD10:D50-D89"),
	(4, "ICD10:E00-E89"),
	(5, "ICD10:F01-F99"),
	(6, "ICD10:G00-G99"),
	(7, "ICD10:H00-H59"),
	(8, "ICD10:H60-H95"),
	(9, "ICD10:I00-I99"),
	(10, "ICD10:J00-J99"),
	(11, "ICD10:K00-K95"),
	(12, "ICD10:L00-L99"),
	(13, "ICD10:M00-M99"),
	(14, "ICD10:N00-N99"),
	(15, "ICD10:O00-O9A"),
	(16, "ICD10:P00-P96"),
	(17, "ICD10:Q00-Q99"),
	(18, "ICD10:R00-R99"),
	(19, "ICD10:S00-T88"),
	(20, "ICD10:V00-Y99"),
	(21, "ICD10:Z00-Z99"),
	(22, "ICD10:U00-U85"),
];

/// A founding hospital of a genesis state.
pub struct FoundingHospital {
	/// Its name.
	pub name: &'static str,
	/// Its admin account, also its validator id.
	pub admin: AccountId,
	/// Where its record vault serves.
	pub vault_url: &'static str,
	/// Its node's session keys, if it authors and votes from genesis.
	pub keys: Option<SessionKeys>,
}

impl FoundingHospital {
	/// A hospital administered by the well-known development account `admin`; when
	/// `with_keys`, its node's keys are `admin`'s Aura key and `grandpa`'s GRANDPA key (the
	/// same name, e.g. `//Alice` for both).
	pub fn dev(
		name: &'static str,
		vault_url: &'static str,
		admin: Sr25519Keyring,
		grandpa: Ed25519Keyring,
		with_keys: bool,
	) -> Self {
		let keys = with_keys.then(|| SessionKeys {
			aura: AuraId::from(admin.public()),
			grandpa: GrandpaId::from(grandpa.public()),
		});
		Self { name, admin: admin.to_account_id(), vault_url, keys }
	}
}

/// A genesis state with `hospitals` registered (those with keys as the authority set), the
/// [`ICD10_CHAPTERS`] as record categories,
/// `endowed` accounts funded with [`DEV_ENDOWMENT`] each, the doctors' reward pot with
/// [`REWARD_POT_ENDOWMENT`], and `sudo` as the superuser (none on a consortium chain).
pub fn consortium_genesis(
	hospitals: Vec<FoundingHospital>,
	endowed: Vec<AccountId>,
	sudo: Option<AccountId>,
) -> Value {
	let keys = hospitals
		.iter()
		.filter_map(|h| h.keys.clone().map(|keys| (h.admin.clone(), h.admin.clone(), keys)))
		.collect::<Vec<_>>();
	let registry = hospitals
		.into_iter()
		.map(|h| GenesisHospital {
			name: h.name.into(),
			admin: h.admin,
			vault_url: h.vault_url.into(),
		})
		.collect::<Vec<_>>();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed
				.into_iter()
				.map(|account| (account, DEV_ENDOWMENT))
				.chain([(
					pallet_mhr_doctors::Pallet::<Runtime>::pot_account(),
					REWARD_POT_ENDOWMENT
				)])
				.collect(),
		},
		hospitals: HospitalsConfig { hospitals: registry },
		records: RecordsConfig {
			categories: ICD10_CHAPTERS.iter().map(|(id, code)| (*id, (*code).into())).collect(),
		},
		session: SessionConfig { keys },
		sudo: SudoConfig { key: sudo },
	})
}

/// The founding hospitals of the development chains, administered by Alice, Bob, Charlie and
/// (when `with_keys` has four entries) Dave, whose vaults `scripts/start.sh` serves on ports
/// 8801 and up; `with_keys` says which of them exist and which author and vote from genesis.
fn dev_hospitals(with_keys: &[bool]) -> Vec<FoundingHospital> {
	let hospitals = [
		(
			"Alice General Hospital",
			"http://127.0.0.1:8801",
			Sr25519Keyring::Alice,
			Ed25519Keyring::Alice,
		),
		(
			"Bob University Hospital",
			"http://127.0.0.1:8802",
			Sr25519Keyring::Bob,
			Ed25519Keyring::Bob,
		),
		(
			"Charlie Children's Hospital",
			"http://127.0.0.1:8803",
			Sr25519Keyring::Charlie,
			Ed25519Keyring::Charlie,
		),
		(
			"Dave District Hospital",
			"http://127.0.0.1:8804",
			Sr25519Keyring::Dave,
			Ed25519Keyring::Dave,
		),
	];
	hospitals
		.into_iter()
		.zip(with_keys)
		.map(|((name, vault, admin, grandpa), keys)| {
			FoundingHospital::dev(name, vault, admin, grandpa, *keys)
		})
		.collect()
}

/// The `development` preset: three hospitals registered, Alice's node alone authoring, and
/// Alice as Sudo.
pub fn development() -> Value {
	consortium_genesis(
		dev_hospitals(&[true, false, false]),
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// The `local_testnet` preset: Alice, Bob and Charlie as three hospitals, each authoring and
/// voting, without Sudo.
pub fn local_testnet() -> Value {
	consortium_genesis(
		dev_hospitals(&[true, true, true]),
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		None,
	)
}

/// The `local_four` preset: Alice, Bob, Charlie and Dave as four hospitals, each authoring
/// and voting, without Sudo.
pub fn local_four() -> Value {
	consortium_genesis(
		dev_hospitals(&[true, true, true, true]),
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		None,
	)
}

/// The JSON patch of the preset `id`, or `None` when the runtime has no such preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		LOCAL_FOUR_PRESET => local_four(),
		_ => return None,
	};
	Some(serde_json::to_string(&patch).expect("a JSON value always serializes; qed").into_bytes())
}

/// The names of the presets this runtime provides.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(LOCAL_FOUR_PRESET),
	]
}
