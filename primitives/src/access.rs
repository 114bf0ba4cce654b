//! What the records pallet and the hospitals' vaults ask about access to a patient's records.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::HospitalId;

/// A category of medical record: an id in the council-maintained list of categories (e.g.
/// the chapters of ICD-10).
pub type CategoryId = u16;

/// A patient's grant, numbered per patient in the order granted (never reused).
pub type GrantId = u32;

/// An emergency (break-glass) access, numbered chain-wide (never reused).
pub type EmergencyId = u64;

/// An MHR index entry, numbered chain-wide in the order submitted (never reused).
pub type RecordId = u64;

/// An account's published X25519 public key: record keys are wrapped to it (HPKE, RFC 9180)
/// so that only the holder of the matching secret key can open them.
pub type EncryptionPublicKey = [u8; 32];

/// Why someone may access a patient's records right now.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum AccessBasis {
	/// The patient's grant with this id.
	Grant(GrantId),
	/// The emergency access with this id.
	Emergency(EmergencyId),
}

/// Who may read or write a patient's records, as the records pallet and the vaults ask it.
///
/// Implemented by `pallet-mhr-access`; `()` allows nothing.
pub trait AccessControl<AccountId, BlockNumber> {
	/// Why `who` may read `patient`'s records of `category` at block `now`, if they may.
	fn can_read(
		who: &AccountId,
		patient: &AccountId,
		category: CategoryId,
		now: BlockNumber,
	) -> Option<AccessBasis>;

	/// Why `who` may write `patient`'s records of `category` at block `now`, if they may.
	fn can_write(
		who: &AccountId,
		patient: &AccountId,
		category: CategoryId,
		now: BlockNumber,
	) -> Option<AccessBasis>;

	/// For other pallets' benchmarks: lets `who` (a practising doctor) read and write every
	/// category of `patient`'s records from now on, registering and funding the patient as
	/// needed.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_allow_write(who: AccountId, patient: AccountId);
}

impl<AccountId, BlockNumber> AccessControl<AccountId, BlockNumber> for () {
	fn can_read(
		_: &AccountId,
		_: &AccountId,
		_: CategoryId,
		_: BlockNumber,
	) -> Option<AccessBasis> {
		None
	}

	fn can_write(
		_: &AccountId,
		_: &AccountId,
		_: CategoryId,
		_: BlockNumber,
	) -> Option<AccessBasis> {
		None
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_allow_write(_: AccountId, _: AccountId) {
		panic!("the empty access control cannot grant access for benchmarks")
	}
}

/// What the access pallet needs to know of an indexed record to log a read of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordFacts<AccountId> {
	/// The patient the record is about.
	pub patient: AccountId,
	/// Its category.
	pub category: CategoryId,
	/// The hospital that filed it, whose vault keeps the encrypted record.
	pub hospital: HospitalId,
}

/// The index of records, as the access pallet asks it: implemented by the records pallet.
pub trait RecordIndex<AccountId, RecordId> {
	/// The patient and category of `record`, if it is indexed.
	fn record_facts(record: &RecordId) -> Option<RecordFacts<AccountId>>;

	/// For other pallets' benchmarks: indexes a record about `patient` in `category`.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_record(patient: AccountId, category: CategoryId) -> RecordId;
}

impl<AccountId, RecordId> RecordIndex<AccountId, RecordId> for () {
	fn record_facts(_: &RecordId) -> Option<RecordFacts<AccountId>> {
		None
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_record(_: AccountId, _: CategoryId) -> RecordId {
		panic!("the empty record index cannot index a record for benchmarks")
	}
}
