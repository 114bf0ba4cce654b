//! The types the access pallet stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use mhr_primitives::{AccessBasis, CategoryId, HospitalId};
use scale_info::TypeInfo;
use sp_core::H256;

/// Who a grant is to.
#[derive(
	Clone,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Grantee<AccountId> {
	/// One doctor, while they practise (at whichever hospital).
	Doctor(AccountId),
	/// Every doctor practising at this hospital, while they practise there.
	Hospital(HospitalId),
}

/// Which categories a grant covers.
#[derive(
	CloneNoBound,
	DebugNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxCategories))]
pub enum Scope<MaxCategories: Get<u32>> {
	/// Every category.
	All,
	/// Only these categories.
	Only(BoundedVec<CategoryId, MaxCategories>),
}

/// A scope as a caller names it to `grant_access`: any number of categories, encoded exactly
/// as [`Scope`]. The call counts them and refuses more than `MaxScopeCategories` with a named
/// error (`TooManyScopeCategories`) instead of the bare decoding failure a bounded argument
/// gives.
pub type ScopeRequest = Scope<frame_support::traits::ConstU32<{ u32::MAX }>>;

impl<MaxCategories: Get<u32>> Scope<MaxCategories> {
	/// The same scope within `Bound` categories; `None` if it lists more.
	pub fn bounded<Bound: Get<u32>>(self) -> Option<Scope<Bound>> {
		match self {
			Scope::All => Some(Scope::All),
			Scope::Only(categories) => {
				BoundedVec::try_from(categories.into_inner()).ok().map(Scope::Only)
			}
		}
	}

	/// Whether the scope lists at most `max` categories.
	pub fn lists_at_most(&self, max: u32) -> bool {
		match self {
			Scope::All => true,
			Scope::Only(categories) => categories.len() <= max as usize,
		}
	}

	/// Whether the scope covers `category`.
	pub fn covers(&self, category: CategoryId) -> bool {
		match self {
			Scope::All => true,
			Scope::Only(categories) => categories.contains(&category),
		}
	}
}

/// What a grant allows.
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
pub enum AccessMode {
	/// Reading records.
	Read,
	/// Reading and writing (indexing new records about the patient).
	ReadWrite,
}

/// A patient's consent.
#[derive(
	CloneNoBound,
	DebugNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxCategories))]
pub struct Grant<AccountId, Balance, BlockNumber, MaxCategories>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	Balance: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
	MaxCategories: Get<u32>,
{
	/// To whom.
	pub grantee: Grantee<AccountId>,
	/// Which categories.
	pub scope: Scope<MaxCategories>,
	/// Read, or read and write.
	pub mode: AccessMode,
	/// When it was granted.
	pub granted_at: BlockNumber,
	/// The first block at which it no longer counts; `None` until revoked.
	pub expires_at: Option<BlockNumber>,
	/// The patient's deposit held for it.
	pub deposit: Balance,
}

/// A patient, known only by their pseudonymous account.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct PatientInfo<AccountId, BlockNumber> {
	/// Who may grant and revoke on the patient's behalf (minors, incapacitated patients).
	pub guardian: Option<AccountId>,
	/// A hospital's attestation that it verified the person: the hospital and a hash of its
	/// (off-chain) evidence.
	pub attestation: Option<(HospitalId, H256)>,
	/// The id the next grant gets.
	pub next_grant: mhr_primitives::GrantId,
	/// How many grants the patient holds (live or expired, until removed).
	pub grants: u32,
	/// When the patient registered.
	pub registered_at: BlockNumber,
}

/// A break-glass access.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Emergency<AccountId, BlockNumber> {
	/// Whose records.
	pub patient: AccountId,
	/// The doctor who opened it.
	pub doctor: AccountId,
	/// Where the doctor practised when opening it.
	pub hospital: HospitalId,
	/// The reason code.
	pub reason: u8,
	/// A hash of the written justification (kept off chain by the hospital).
	pub justification: H256,
	/// When it was opened.
	pub opened_at: BlockNumber,
	/// The first block at which it no longer counts.
	pub expires_at: BlockNumber,
	/// When the patient or guardian closed it early, if they did.
	pub closed_at: Option<BlockNumber>,
	/// Whether the patient or guardian flagged it for the council's review.
	pub flagged: bool,
	/// The council's verdict once reviewed: justified or not.
	pub reviewed: Option<bool>,
}

impl<AccountId, BlockNumber: PartialOrd + Copy> Emergency<AccountId, BlockNumber> {
	/// Whether it grants access at `now`.
	pub fn is_open(&self, now: BlockNumber) -> bool {
		self.closed_at.is_none() && now < self.expires_at
	}
}

/// One read of a patient's record, as the audit trail keeps it.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct AuditEntry<AccountId, RecordId, BlockNumber> {
	/// Who read it.
	pub reader: AccountId,
	/// Which record.
	pub record: RecordId,
	/// The purpose code the reader gave.
	pub purpose: u8,
	/// When.
	pub at: BlockNumber,
	/// Under which grant or emergency.
	pub basis: AccessBasis,
}
