//! The medical pallets: doctors and their stake (`pallet-mhr-doctors`, as `Doctors`),
//! patients' consent (`pallet-mhr-access`, as `Access`) and the index of records
//! (`pallet-mhr-records`, as `Records`).
//!
//! Seniority ranks, from the most junior up. A doctor's endorsement weight is their bond,
//! capped at the rank's cap, times the rank's multiplier; below the rank's minimum bond they may
//! neither author nor endorse records. The priority is added to the pool priority of the
//! doctor's signed transactions: a step of 10^15 is what a tip of about 0.1 MHR adds to a
//! small transaction, so without large tips senior doctors' transactions go first.
//!
//! | rank | name | multiplier | minimum bond | bond cap | priority |
//! |---|---|---|---|---|---|
//! | 0 | intern | 1 | 10 MHR | 1,000 MHR | 0 |
//! | 1 | resident | 2 | 25 MHR | 2,000 MHR | 1 × 10^15 |
//! | 2 | specialist | 3 | 50 MHR | 5,000 MHR | 2 × 10^15 |
//! | 3 | senior | 4 | 100 MHR | 10,000 MHR | 3 × 10^15 |
//! | 4 | chief | 5 | 200 MHR | 20,000 MHR | 4 × 10^15 |

use alloc::vec;
use frame_support::{parameter_types, traits::ConstU32, weights::Weight, BoundedVec, PalletId};
use pallet_mhr_doctors::{RankParams, MAX_RANKS};
use sp_runtime::Perbill;

use crate::{
	configs::TwoThirdsOfCouncil, Access, AccountId, Balance, Balances, BlockNumber, Doctors,
	Hospitals, Records, Runtime, RuntimeHoldReason, Timestamp, DAYS, MILLI_UNITS, UNITS,
};
use mhr_primitives::RecordId;
use sp_runtime::traits::AccountIdConversion;

/// The priority one rank adds over the rank below it.
const PRIORITY_STEP: u64 = 1_000_000_000_000_000;

parameter_types! {
	/// The seniority ranks (see the table above).
	pub DoctorRanks: BoundedVec<RankParams<Balance>, ConstU32<MAX_RANKS>> =
		BoundedVec::truncate_from(vec![
			RankParams { multiplier: 1, min_bond: 10 * UNITS, bond_cap: 1_000 * UNITS, priority: 0 },
			RankParams {
				multiplier: 2,
				min_bond: 25 * UNITS,
				bond_cap: 2_000 * UNITS,
				priority: PRIORITY_STEP,
			},
			RankParams {
				multiplier: 3,
				min_bond: 50 * UNITS,
				bond_cap: 5_000 * UNITS,
				priority: 2 * PRIORITY_STEP,
			},
			RankParams {
				multiplier: 4,
				min_bond: 100 * UNITS,
				bond_cap: 10_000 * UNITS,
				priority: 3 * PRIORITY_STEP,
			},
			RankParams {
				multiplier: 5,
				min_bond: 200 * UNITS,
				bond_cap: 20_000 * UNITS,
				priority: 4 * PRIORITY_STEP,
			},
		]);
	/// Unbonded stake stays held, and slashable, for a week.
	pub const DoctorUnbondingPeriod: BlockNumber = 7 * DAYS;
	/// The reward pot's id.
	pub const RewardPotId: PalletId = PalletId(*b"mhr/rwrd");
	/// What a confirmed record pays from the pot, in total.
	pub const RecordReward: Balance = UNITS;
	/// The author's share of it; the endorsers split the rest by weight.
	pub const AuthorShare: Perbill = Perbill::from_percent(50);
}

impl pallet_mhr_doctors::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Hospitals = Hospitals;
	type Ranks = DoctorRanks;
	type CouncilOrigin = TwoThirdsOfCouncil;
	type SlashOrigin = TwoThirdsOfCouncil;
	type UnbondingPeriod = DoctorUnbondingPeriod;
	type MaxUnlockingChunks = ConstU32<16>;
	type PotId = RewardPotId;
	type RecordReward = RecordReward;
	type AuthorShare = AuthorShare;
	type WeightInfo = pallet_mhr_doctors::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// What each grant holds of the patient's funds until revoked or removed: a hundredth of
	/// an MHR.
	pub const GrantDeposit: Balance = 10 * MILLI_UNITS;
	/// The most grants a patient holds at once.
	pub const MaxGrantsPerPatient: u32 = 64;
	/// Break-glass access lasts a day.
	pub const EmergencyAccessDuration: BlockNumber = DAYS;
	/// Patients (with their guardians) make up to 20 fee-less consent calls a day; beyond
	/// that their calls pay the usual fee.
	pub const FeelessWindow: BlockNumber = DAYS;
	/// A patient's fee-less consent calls enter the pool at the highest priority there is:
	/// above every doctor's (at most 4 × 10^15 for seniority, plus what fee and tip add), so a
	/// revocation or the closing of an emergency is included before the reads it stops. A
	/// paying transaction could only tie it with a tip of about 1,800 MHR (the payment
	/// pallet's priority is the tip times the transactions that fit in a block); ties go to the
	/// one that came first. The fee-less allowance bounds how often a patient can use it.
	pub const ConsentPriority: sp_runtime::transaction_validity::TransactionPriority =
		sp_runtime::transaction_validity::TransactionPriority::MAX;
}

impl pallet_mhr_access::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Hospitals = Hospitals;
	type Doctors = Doctors;
	type RecordId = RecordId;
	type Records = Records;
	type ReviewOrigin = TwoThirdsOfCouncil;
	type VaultClearOrigin = TwoThirdsOfCouncil;
	type MaxGrantsPerPatient = MaxGrantsPerPatient;
	type MaxScopeCategories = ConstU32<16>;
	type GrantDeposit = GrantDeposit;
	type EmergencyAccessDuration = EmergencyAccessDuration;
	type MaxAuditWindow = ConstU32<100>;
	type MaxFeelessCalls = ConstU32<20>;
	type FeelessWindow = FeelessWindow;
	type ConsentPriority = ConsentPriority;
	type WeightInfo = pallet_mhr_access::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// What an author holds per pending record: one MHR, back on confirmation or expiry,
	/// forfeited to the reward pot if colleagues reject the record.
	pub const RecordDeposit: Balance = UNITS;
	/// A record is open to its hospital's votes for three days.
	pub const RecordPendingPeriod: BlockNumber = 3 * DAYS;
	/// The doctors' reward pot, which receives forfeited record deposits.
	pub RewardPot: AccountId = RewardPotId::get().into_account_truncating();
	/// An upper bound of one write-access check: the access pallet's `log_access` over a
	/// patient holding the most grants (it looks the record up, scans the grants and writes the
	/// audit trail: more than `can_write` does).
	pub WriteCheckWeight: Weight =
		<pallet_mhr_access::weights::SubstrateWeight<Runtime> as pallet_mhr_access::WeightInfo>
			::log_access(MaxGrantsPerPatient::get());
}

impl pallet_mhr_records::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Hospitals = Hospitals;
	type Doctors = Doctors;
	type Access = Access;
	type Rewards = Doctors;
	type Time = Timestamp;
	type CategoryOrigin = TwoThirdsOfCouncil;
	type ForfeitTo = RewardPot;
	type RecordDeposit = RecordDeposit;
	type PendingPeriod = RecordPendingPeriod;
	type MaxLocationLen = ConstU32<256>;
	type MaxCategoryCodeLen = ConstU32<32>;
	type MaxEndorsers = ConstU32<100>;
	type MaxSubmissionsPerBlock = ConstU32<128>;
	type WriteCheckWeight = WriteCheckWeight;
	type WeightInfo = pallet_mhr_records::weights::SubstrateWeight<Runtime>;
}
