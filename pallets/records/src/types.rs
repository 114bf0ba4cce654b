//! The types the records pallet stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use mhr_primitives::{CategoryId, EndorsementWeight, HospitalId, Moment, RecordId};
use scale_info::TypeInfo;
use sp_core::H256;

/// A category of records in the council-maintained list.
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
#[scale_info(skip_type_params(MaxCodeLen))]
pub struct Category<MaxCodeLen: Get<u32>> {
	/// Its code, e.g. `ICD10:I00-I99` (UTF-8 by convention; never medical content).
	pub code: BoundedVec<u8, MaxCodeLen>,
	/// Whether it is retired: no new record may be filed under a retired category.
	pub retired: bool,
}

/// Why a record was rejected.
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
pub enum Rejection {
	/// Doctors holding more than 1/3 of the vote's weight disputed it.
	Disputed,
	/// It was still pending when its pending period ended.
	Expired,
}

impl Rejection {
	/// Its name as clients show it: `disputed` or `expired`.
	pub fn name(&self) -> &'static str {
		match self {
			Rejection::Disputed => "disputed",
			Rejection::Expired => "expired",
		}
	}
}

/// Where a record stands.
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
pub enum RecordStatus<BlockNumber> {
	/// Open to endorsement and dispute until (not including) `deadline`.
	Pending {
		/// The block at which it expires if still pending.
		deadline: BlockNumber,
	},
	/// Endorsed by more than 2/3 of the vote's weight.
	Confirmed {
		/// When.
		at: BlockNumber,
	},
	/// Disputed by more than 1/3 of the vote's weight, or expired.
	Rejected {
		/// When.
		at: BlockNumber,
		/// Why.
		cause: Rejection,
	},
	/// Corrected by a later record (which stays in the index, as does this one).
	Superseded {
		/// The correcting record.
		by: RecordId,
		/// When.
		at: BlockNumber,
	},
}

impl<BlockNumber> RecordStatus<BlockNumber> {
	/// Whether the record is still open to votes.
	pub fn is_pending(&self) -> bool {
		matches!(self, RecordStatus::Pending { .. })
	}

	/// Its name as clients show it: `pending`, `confirmed`, `rejected` or `superseded`.
	pub fn name(&self) -> &'static str {
		match self {
			RecordStatus::Pending { .. } => "pending",
			RecordStatus::Confirmed { .. } => "confirmed",
			RecordStatus::Rejected { .. } => "rejected",
			RecordStatus::Superseded { .. } => "superseded",
		}
	}
}

/// An MHR index entry: which record of whom, filed by whom, where it lives and its hash.
/// Never any medical content.
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
#[scale_info(skip_type_params(MaxLocationLen))]
pub struct Record<AccountId, Balance, BlockNumber, MaxLocationLen: Get<u32>>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	Balance: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// The patient (a pseudonymous account).
	pub patient: AccountId,
	/// The category.
	pub category: CategoryId,
	/// The SHA-256 of the encrypted record.
	pub sha256: H256,
	/// Where the encrypted record lives: a URI at the hospital's vault.
	pub location: BoundedVec<u8, MaxLocationLen>,
	/// The authoring doctor.
	pub author: AccountId,
	/// The author's hospital.
	pub hospital: HospitalId,
	/// The block it was submitted in.
	pub submitted_at: BlockNumber,
	/// The time it was submitted (milliseconds since the Unix epoch, from the block's
	/// timestamp).
	pub timestamp: Moment,
	/// Where it stands.
	pub status: RecordStatus<BlockNumber>,
	/// The record it corrects, if any.
	pub supersedes: Option<RecordId>,
	/// The author's deposit: held while the record is pending.
	pub deposit: Balance,
}

/// A doctor's vote on a pending record.
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
pub enum Vote {
	/// The doctor vouches for the record.
	Endorse,
	/// The doctor disputes it.
	Dispute,
}

/// The running count of a pending record's vote.
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
#[scale_info(skip_type_params(MaxVoters))]
pub struct Tally<AccountId, MaxVoters: Get<u32>>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// The weight that may vote, fixed at submission: the hospital's total weight less the
	/// author's.
	pub eligible: EndorsementWeight,
	/// The weight of the endorsements so far.
	pub endorsed: EndorsementWeight,
	/// The weight of the disputes so far.
	pub disputed: EndorsementWeight,
	/// The first endorsers, in the order they voted: those rewarded on confirmation.
	pub endorsers: BoundedVec<AccountId, MaxVoters>,
	/// How many doctors endorsed (the rewarded ones and any beyond them).
	pub endorsements: u32,
	/// How many doctors disputed.
	pub disputes: u32,
}

impl<AccountId, MaxVoters> Tally<AccountId, MaxVoters>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	MaxVoters: Get<u32>,
{
	/// An empty tally over `eligible` weight.
	pub fn new(eligible: EndorsementWeight) -> Self {
		Tally {
			eligible,
			endorsed: 0,
			disputed: 0,
			endorsers: BoundedVec::new(),
			endorsements: 0,
			disputes: 0,
		}
	}

	/// How many doctors voted.
	pub fn voters(&self) -> u32 {
		self.endorsements.saturating_add(self.disputes)
	}
}

/// What verifying a fetched file against the index found.
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
pub struct Verification<BlockNumber> {
	/// Whether the SHA-256 given is the one indexed.
	pub matches: bool,
	/// Where the record stands (a match of a rejected or superseded record is still a match:
	/// the caller decides what to make of it).
	pub status: RecordStatus<BlockNumber>,
}
