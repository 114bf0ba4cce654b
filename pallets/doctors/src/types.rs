//! The types the doctors pallet stores and configures.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use mhr_primitives::{EndorsementWeight, HospitalId, Rank};
use scale_info::TypeInfo;
use sp_core::{Get, H256};
use sp_runtime::traits::AtLeast32BitUnsigned;

/// What the runtime configures for one seniority rank.
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
pub struct RankParams<Balance> {
	/// How much one unit of (capped) bond weighs at this rank.
	pub multiplier: u32,
	/// The least a doctor of this rank must bond to author and endorse records.
	pub min_bond: Balance,
	/// The most bond that counts towards weight at this rank: stake beyond it adds nothing.
	pub bond_cap: Balance,
	/// The pool priority added to this rank's signed transactions.
	pub priority: u64,
}

impl<Balance: AtLeast32BitUnsigned + Copy> RankParams<Balance> {
	/// The endorsement weight of a doctor of this rank with `bonded` at stake, while
	/// practising: nothing below `min_bond`; otherwise the bond, capped at `bond_cap`, times
	/// `multiplier`.
	pub fn weight(&self, bonded: Balance) -> EndorsementWeight {
		if bonded < self.min_bond || bonded.is_zero() {
			return 0;
		}
		let counted: u128 = bonded.min(self.bond_cap).saturated_into();
		counted.saturating_mul(u128::from(self.multiplier))
	}
}

use sp_runtime::SaturatedConversion;

/// Bond on its way out: released once `unlocks_at` is reached.
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
pub struct UnlockChunk<Balance, BlockNumber> {
	/// How much.
	pub amount: Balance,
	/// The first block at which it can be withdrawn.
	pub unlocks_at: BlockNumber,
}

/// A registered doctor.
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
#[scale_info(skip_type_params(MaxChunks))]
pub struct DoctorInfo<Balance, BlockNumber, MaxChunks>
where
	Balance: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
	MaxChunks: Get<u32>,
{
	/// The hospital the doctor practises at; `None` once released by it (the doctor keeps
	/// their bond and may be registered by another hospital).
	pub hospital: Option<HospitalId>,
	/// Seniority rank.
	pub rank: Rank,
	/// SHA-256 of the licence document the hospital checked.
	pub licence_hash: H256,
	/// Suspended by their hospital's admin.
	pub suspended_by_hospital: bool,
	/// Suspended by the council (only the council lifts it, and moving hospital keeps it).
	pub suspended_by_council: bool,
	/// Bond at stake, held.
	pub bonded: Balance,
	/// Bond being unbonded, still held (and slashable) until withdrawn.
	pub unlocking: BoundedVec<UnlockChunk<Balance, BlockNumber>, MaxChunks>,
	/// The endorsement weight currently counted in the hospital's total.
	pub weight: EndorsementWeight,
}

impl<Balance, BlockNumber, MaxChunks> DoctorInfo<Balance, BlockNumber, MaxChunks>
where
	Balance: AtLeast32BitUnsigned + Copy + core::fmt::Debug,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
	MaxChunks: Get<u32>,
{
	/// The hospital the doctor practises at, unless released or suspended.
	pub fn practising_at(&self) -> Option<HospitalId> {
		self.hospital.filter(|_| !self.suspended_by_hospital && !self.suspended_by_council)
	}

	/// Everything held: bonded and unlocking.
	pub fn total_held(&self) -> Balance {
		self.unlocking.iter().fold(self.bonded, |sum, chunk| sum.saturating_add(chunk.amount))
	}

	/// Everything unlocking.
	pub fn total_unlocking(&self) -> Balance {
		self.unlocking.iter().fold(Balance::zero(), |sum, chunk| sum.saturating_add(chunk.amount))
	}

	/// Takes up to `amount` out of the unlocking chunks, newest first, dropping emptied chunks;
	/// returns what was taken.
	pub fn take_unlocking_newest_first(&mut self, amount: Balance) -> Balance {
		let mut left = amount;
		while !left.is_zero() {
			let Some(last) = self.unlocking.last_mut() else { break };
			let taken = left.min(last.amount);
			last.amount = last.amount.saturating_sub(taken);
			left = left.saturating_sub(taken);
			if last.amount.is_zero() {
				self.unlocking.pop();
			}
		}
		amount.saturating_sub(left)
	}
}
