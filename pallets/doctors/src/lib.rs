#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod extension;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
	},
	PalletId,
};
use frame_system::pallet_prelude::*;
use mhr_primitives::{
	DoctorRegistry, DoctorStanding, EndorsementWeight, HospitalId, HospitalRegistry, Rank,
	RecordRewards,
};
use sp_core::H256;
use sp_runtime::{
	traits::{AccountIdConversion, Saturating, Zero},
	Perbill, SaturatedConversion,
};

pub use extension::PrioritizeSeniority;
pub use pallet::*;
pub use types::{DoctorInfo, RankParams, UnlockChunk};
pub use weights::WeightInfo;

/// The balance type of the currency doctors bond.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A doctor as this runtime stores it.
pub type DoctorOf<T> =
	DoctorInfo<BalanceOf<T>, BlockNumberFor<T>, <T as Config>::MaxUnlockingChunks>;

/// The most ranks a runtime may configure.
pub const MAX_RANKS: u32 = 16;

/// Who suspended or reinstated a doctor.
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
pub enum SuspensionBy {
	/// The doctor's hospital, by its admin.
	Hospital,
	/// The council.
	Council,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the doctors pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency doctors bond, held under [`HoldReason::Bond`].
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, of which this pallet's are one.
		type RuntimeHoldReason: From<HoldReason>;

		/// The consortium's hospitals.
		type Hospitals: HospitalRegistry<Self::AccountId>;

		/// The seniority ranks, from the most junior (rank 0) up.
		#[pallet::constant]
		type Ranks: Get<BoundedVec<RankParams<BalanceOf<Self>>, ConstU32<MAX_RANKS>>>;

		/// Who may suspend and reinstate any doctor (in the runtime: the council).
		type CouncilOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who may slash a doctor's bond (in the runtime: the council).
		type SlashOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// How many blocks unbonded funds stay held.
		#[pallet::constant]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// The most unlocking chunks a doctor may have at once.
		#[pallet::constant]
		type MaxUnlockingChunks: Get<u32>;

		/// The reward pot's id, from which its account is derived.
		#[pallet::constant]
		type PotId: Get<PalletId>;

		/// What one confirmed record pays, in total, from the pot.
		#[pallet::constant]
		type RecordReward: Get<BalanceOf<Self>>;

		/// The author's share of a record's reward; the endorsers split the rest by weight.
		#[pallet::constant]
		type AuthorShare: Get<Perbill>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A doctor's bond, and bond being unbonded.
		#[codec(index = 0)]
		Bond,
	}

	/// The registered doctors.
	#[pallet::storage]
	pub type Doctors<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, DoctorOf<T>>;

	/// The sum of the endorsement weights of each hospital's doctors.
	///
	/// `Twox64Concat` is safe: hospital ids are assigned in sequence by the hospitals pallet.
	#[pallet::storage]
	pub type HospitalWeight<T> =
		StorageMap<_, Twox64Concat, HospitalId, EndorsementWeight, ValueQuery>;

	/// The last block at which each doctor's endorsement weight went up (kept while the doctor
	/// is stored), so that a vote on a record cannot count weight raised after the record was
	/// submitted.
	#[pallet::storage]
	pub type WeightRaisedAt<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>>;

	/// How many doctors each hospital has registered (suspended ones included).
	///
	/// `Twox64Concat` is safe: hospital ids are assigned in sequence by the hospitals pallet.
	#[pallet::storage]
	pub type DoctorCount<T> = StorageMap<_, Twox64Concat, HospitalId, u32, ValueQuery>;

	/// Events of the doctors pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A hospital registered a doctor.
		DoctorRegistered {
			/// The doctor.
			doctor: T::AccountId,
			/// The hospital.
			hospital: HospitalId,
			/// Their rank.
			rank: Rank,
		},
		/// A doctor's rank changed.
		RankChanged {
			/// The doctor.
			doctor: T::AccountId,
			/// The rank before.
			old_rank: Rank,
			/// The rank now.
			new_rank: Rank,
		},
		/// A hospital released a doctor: they no longer practise there.
		DoctorReleased {
			/// The doctor.
			doctor: T::AccountId,
			/// The hospital they left.
			hospital: HospitalId,
		},
		/// A doctor was suspended.
		DoctorSuspended {
			/// The doctor.
			doctor: T::AccountId,
			/// By whom.
			by: SuspensionBy,
		},
		/// A doctor's suspension was lifted (they may still be suspended by the other party).
		DoctorReinstated {
			/// The doctor.
			doctor: T::AccountId,
			/// By whom.
			by: SuspensionBy,
		},
		/// A doctor bonded more.
		Bonded {
			/// The doctor.
			doctor: T::AccountId,
			/// How much more.
			amount: BalanceOf<T>,
		},
		/// A doctor started unbonding.
		Unbonded {
			/// The doctor.
			doctor: T::AccountId,
			/// How much.
			amount: BalanceOf<T>,
			/// From when it can be withdrawn.
			unlocks_at: BlockNumberFor<T>,
		},
		/// A doctor withdrew unbonded funds: no longer held.
		Withdrawn {
			/// The doctor.
			doctor: T::AccountId,
			/// How much.
			amount: BalanceOf<T>,
		},
		/// A doctor took unlocking funds back into their bond.
		Rebonded {
			/// The doctor.
			doctor: T::AccountId,
			/// How much.
			amount: BalanceOf<T>,
		},
		/// The council slashed a doctor; the funds went to the reward pot.
		Slashed {
			/// The doctor.
			doctor: T::AccountId,
			/// How much was taken.
			amount: BalanceOf<T>,
			/// What it was for (e.g. the fraudulent record's id or a case file's hash).
			reason: H256,
		},
		/// A doctor was paid for a confirmed record.
		Rewarded {
			/// The doctor (author or endorser).
			doctor: T::AccountId,
			/// How much.
			amount: BalanceOf<T>,
		},
		/// A doctor's endorsement weight changed.
		WeightChanged {
			/// The doctor.
			doctor: T::AccountId,
			/// Their weight now.
			weight: EndorsementWeight,
		},
	}

	/// Errors of the doctors pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not the admin of an active hospital.
		NotHospitalAdmin,
		/// The doctor practises at another hospital than the caller's.
		NotYourDoctor,
		/// No doctor is registered under this account.
		UnknownDoctor,
		/// The doctor already practises at a hospital.
		DoctorAlreadyRegistered,
		/// The runtime has no such rank.
		UnknownRank,
		/// The doctor is already suspended by this party.
		AlreadySuspended,
		/// The doctor is not suspended by this party.
		NotSuspended,
		/// The amount is zero.
		ZeroAmount,
		/// The doctor has bonded less than this.
		InsufficientBond,
		/// The doctor has less than this unlocking.
		InsufficientUnlocking,
		/// The doctor already has `MaxUnlockingChunks` chunks unlocking.
		TooManyUnlockingChunks,
		/// Nothing has finished unlocking yet.
		NothingToWithdraw,
		/// The doctor has nothing bonded or unlocking to slash.
		NothingToSlash,
		/// The licence hash is all zeros: it can match no licence document.
		ZeroLicenceHash,
		/// The doctor was released and practises nowhere: register them again first.
		DoctorReleased,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			let ranks = T::Ranks::get();
			assert!(!ranks.is_empty(), "at least one rank must be configured");
			for rank in ranks.iter() {
				assert!(rank.multiplier > 0, "a rank's multiplier must be positive");
				assert!(rank.bond_cap >= rank.min_bond, "a rank's bond cap is below its minimum");
			}
			assert!(T::MaxUnlockingChunks::get() > 0, "MaxUnlockingChunks must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers `doctor` at the caller's hospital with `rank` and the hash of the licence
		/// the hospital checked. A doctor released by a hospital (this one included), or whose
		/// hospital was removed from the consortium, keeps their bond (and a council suspension);
		/// a suspension by the removed hospital ends.
		///
		/// The dispatch origin must be _Signed_ by the admin of an active hospital (the caller's
		/// hospital); an unsigned origin is `BadOrigin`.
		///
		/// Parameters:
		/// - `doctor`: the doctor's account: new, released, or of a removed hospital.
		/// - `rank`: their seniority rank, an index into [`Config::Ranks`].
		/// - `licence_hash`: SHA-256 of the licence document the hospital checked; not all zeros.
		///
		/// Errors:
		/// - [`Error::NotHospitalAdmin`]: the caller is not the admin of an active hospital.
		/// - [`Error::UnknownRank`]: `rank` is not an index into [`Config::Ranks`].
		/// - [`Error::ZeroLicenceHash`]: `licence_hash` is all zeros.
		/// - [`Error::DoctorAlreadyRegistered`]: `doctor` is registered at a hospital that was not
		///   removed (this one included, and suspended doctors too): that hospital must release
		///   them first.
		///
		/// Emits [`Event::DoctorRegistered`], and [`Event::WeightChanged`] if the doctor's
		/// endorsement weight changes.
		///
		/// ## Complexity
		/// - `O(1)`: one doctor's entry and at most two hospitals' counts and totals.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_doctor())]
		pub fn register_doctor(
			origin: OriginFor<T>,
			doctor: T::AccountId,
			rank: Rank,
			licence_hash: H256,
		) -> DispatchResult {
			let hospital = Self::admins_hospital(origin)?;
			Self::rank_params(rank)?;
			ensure!(!licence_hash.is_zero(), Error::<T>::ZeroLicenceHash);
			let mut counted_at = None;
			let mut info = match Doctors::<T>::get(&doctor) {
				Some(info) => {
					if let Some(previous) = info.hospital {
						// Only a removed hospital (one without an admin) lets its doctors go
						// without releasing them.
						ensure!(
							T::Hospitals::admin_of(previous).is_none(),
							Error::<T>::DoctorAlreadyRegistered
						);
						DoctorCount::<T>::mutate(previous, |count| {
							*count = count.saturating_sub(1)
						});
						counted_at = Some(previous);
					}
					info
				}
				None => DoctorInfo {
					hospital: None,
					rank,
					licence_hash,
					suspended_by_hospital: false,
					suspended_by_council: false,
					bonded: Zero::zero(),
					unlocking: BoundedVec::new(),
					weight: 0,
				},
			};
			info.hospital = Some(hospital);
			info.rank = rank;
			info.licence_hash = licence_hash;
			info.suspended_by_hospital = false;
			DoctorCount::<T>::mutate(hospital, |count| *count = count.saturating_add(1));
			Self::deposit_event(Event::DoctorRegistered { doctor: doctor.clone(), hospital, rank });
			Self::store(&doctor, info, counted_at);
			Ok(())
		}

		/// Changes the rank of one of the caller's hospital's doctors.
		///
		/// The dispatch origin must be _Signed_ by the admin of an active hospital (the caller's
		/// hospital); an unsigned origin is `BadOrigin`.
		///
		/// Parameters:
		/// - `doctor`: a doctor registered at the caller's hospital (suspended or not).
		/// - `rank`: their new rank, an index into [`Config::Ranks`].
		///
		/// Errors:
		/// - [`Error::NotHospitalAdmin`]: the caller is not the admin of an active hospital.
		/// - [`Error::UnknownDoctor`]: no doctor is registered under `doctor`.
		/// - [`Error::DoctorReleased`]: `doctor` was released and practises at no hospital.
		/// - [`Error::NotYourDoctor`]: `doctor` is registered at another hospital.
		/// - [`Error::UnknownRank`]: `rank` is not an index into [`Config::Ranks`].
		///
		/// Emits [`Event::RankChanged`] (even if the rank is the same), and
		/// [`Event::WeightChanged`] if the doctor's endorsement weight changes.
		///
		/// ## Complexity
		/// - `O(1)`: one doctor's entry and their hospital's total.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_rank())]
		pub fn set_rank(origin: OriginFor<T>, doctor: T::AccountId, rank: Rank) -> DispatchResult {
			let (hospital, mut info) = Self::admins_doctor(origin, &doctor)?;
			Self::rank_params(rank)?;
			let old_rank = info.rank;
			info.rank = rank;
			Self::deposit_event(Event::RankChanged {
				doctor: doctor.clone(),
				old_rank,
				new_rank: rank,
			});
			Self::store(&doctor, info, Some(hospital));
			Ok(())
		}

		/// Releases one of the caller's hospital's doctors: they stop practising there at once.
		/// Their bond stays theirs to unbond, or to bring to another hospital. The hospital's
		/// suspension of them ends; a released doctor with nothing held and no council suspension
		/// is forgotten.
		///
		/// The dispatch origin must be _Signed_ by the admin of an active hospital (the caller's
		/// hospital); an unsigned origin is `BadOrigin`.
		///
		/// Parameters:
		/// - `doctor`: a doctor registered at the caller's hospital (suspended or not).
		///
		/// Errors:
		/// - [`Error::NotHospitalAdmin`]: the caller is not the admin of an active hospital.
		/// - [`Error::UnknownDoctor`]: no doctor is registered under `doctor`.
		/// - [`Error::DoctorReleased`]: `doctor` was released and practises at no hospital.
		/// - [`Error::NotYourDoctor`]: `doctor` is registered at another hospital.
		///
		/// Emits [`Event::DoctorReleased`], and [`Event::WeightChanged`] if the doctor's
		/// endorsement weight changes.
		///
		/// ## Complexity
		/// - `O(1)`: one doctor's entry and their hospital's count and total.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::release_doctor())]
		pub fn release_doctor(origin: OriginFor<T>, doctor: T::AccountId) -> DispatchResult {
			let (hospital, mut info) = Self::admins_doctor(origin, &doctor)?;
			info.hospital = None;
			info.suspended_by_hospital = false;
			DoctorCount::<T>::mutate(hospital, |count| *count = count.saturating_sub(1));
			Self::deposit_event(Event::DoctorReleased { doctor: doctor.clone(), hospital });
			Self::store(&doctor, info, Some(hospital));
			Ok(())
		}

		/// Suspends one of the caller's hospital's doctors, at once: they carry no endorsement
		/// weight until the hospital reinstates them.
		///
		/// The dispatch origin must be _Signed_ by the admin of an active hospital (the caller's
		/// hospital); an unsigned origin is `BadOrigin`.
		///
		/// Parameters:
		/// - `doctor`: a doctor registered at the caller's hospital.
		///
		/// Errors:
		/// - [`Error::NotHospitalAdmin`]: the caller is not the admin of an active hospital.
		/// - [`Error::UnknownDoctor`]: no doctor is registered under `doctor`.
		/// - [`Error::DoctorReleased`]: `doctor` was released and practises at no hospital.
		/// - [`Error::NotYourDoctor`]: `doctor` is registered at another hospital.
		/// - [`Error::AlreadySuspended`]: the hospital has suspended `doctor` already.
		///
		/// Emits [`Event::DoctorSuspended`] (by [`SuspensionBy::Hospital`]), and
		/// [`Event::WeightChanged`] if the doctor's endorsement weight changes.
		///
		/// ## Complexity
		/// - `O(1)`: one doctor's entry and their hospital's total.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::suspend_doctor())]
		pub fn suspend_doctor(origin: OriginFor<T>, doctor: T::AccountId) -> DispatchResult {
			let (hospital, mut info) = Self::admins_doctor(origin, &doctor)?;
			ensure!(!info.suspended_by_hospital, Error::<T>::AlreadySuspended);
			info.suspended_by_hospital = true;
			Self::deposit_event(Event::DoctorSuspended {
				doctor: doctor.clone(),
				by: SuspensionBy::Hospital,
			});
			Self::store(&doctor, info, Some(hospital));
			Ok(())
		}

		/// Lifts the hospital's suspension of one of its doctors. (A council suspension stays.)
		///
		/// The dispatch origin must be _Signed_ by the admin of an active hospital (the caller's
		/// hospital); an unsigned origin is `BadOrigin`.
		///
		/// Parameters:
		/// - `doctor`: a doctor registered at the caller's hospital and suspended by it.
		///
		/// Errors:
		/// - [`Error::NotHospitalAdmin`]: the caller is not the admin of an active hospital.
		/// - [`Error::UnknownDoctor`]: no doctor is registered under `doctor`.
		/// - [`Error::DoctorReleased`]: `doctor` was released and practises at no hospital.
		/// - [`Error::NotYourDoctor`]: `doctor` is registered at another hospital.
		/// - [`Error::NotSuspended`]: the hospital has not suspended `doctor`.
		///
		/// Emits [`Event::DoctorReinstated`] (by [`SuspensionBy::Hospital`]), and
		/// [`Event::WeightChanged`] if the doctor's endorsement weight changes.
		///
		/// ## Complexity
		/// - `O(1)`: one doctor's entry and their hospital's total.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::reinstate_doctor())]
		pub fn reinstate_doctor(origin: OriginFor<T>, doctor: T::AccountId) -> DispatchResult {
			let (hospital, mut info) = Self::admins_doctor(origin, &doctor)?;
			ensure!(info.suspended_by_hospital, Error::<T>::NotSuspended);
			info.suspended_by_hospital = false;
			Self::deposit_event(Event::DoctorReinstated {
				doctor: doctor.clone(),
				by: SuspensionBy::Hospital,
			});
			Self::store(&doctor, info, Some(hospital));
			Ok(())
		}

		/// Suspends any doctor, at once, until the council reinstates them.
		///
		/// The dispatch origin must be [`Config::CouncilOrigin`] (in the runtime: a 2/3 council
		/// motion); a wrong origin is `BadOrigin`.
		///
		/// Parameters:
		/// - `doctor`: any registered doctor (a released one too, until forgotten).
		///
		/// Errors:
		/// - [`Error::UnknownDoctor`]: no doctor is registered under `doctor`.
		/// - [`Error::AlreadySuspended`]: the council has suspended `doctor` already.
		///
		/// Emits [`Event::DoctorSuspended`] (by [`SuspensionBy::Council`]), and
		/// [`Event::WeightChanged`] if the doctor's endorsement weight changes.
		///
		/// ## Complexity
		/// - `O(1)`: one doctor's entry and their hospital's total.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::council_suspend())]
		pub fn council_suspend(origin: OriginFor<T>, doctor: T::AccountId) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			let mut info = Doctors::<T>::get(&doctor).ok_or(Error::<T>::UnknownDoctor)?;
			ensure!(!info.suspended_by_council, Error::<T>::AlreadySuspended);
			info.suspended_by_council = true;
			Self::deposit_event(Event::DoctorSuspended {
				doctor: doctor.clone(),
				by: SuspensionBy::Council,
			});
			Self::store_in_place(&doctor, info);
			Ok(())
		}

		/// Lifts the council's suspension of a doctor. (A suspension by their hospital stays; a
		/// released doctor with nothing held is then forgotten.)
		///
		/// The dispatch origin must be [`Config::CouncilOrigin`] (in the runtime: a 2/3 council
		/// motion); a wrong origin is `BadOrigin`.
		///
		/// Parameters:
		/// - `doctor`: a doctor the council has suspended.
		///
		/// Errors:
		/// - [`Error::UnknownDoctor`]: no doctor is registered under `doctor`.
		/// - [`Error::NotSuspended`]: the council has not suspended `doctor`.
		///
		/// Emits [`Event::DoctorReinstated`] (by [`SuspensionBy::Council`]), and
		/// [`Event::WeightChanged`] if the doctor's endorsement weight changes.
		///
		/// ## Complexity
		/// - `O(1)`: one doctor's entry and their hospital's total.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::council_reinstate())]
		pub fn council_reinstate(origin: OriginFor<T>, doctor: T::AccountId) -> DispatchResult {
			T::CouncilOrigin::ensure_origin(origin)?;
			let mut info = Doctors::<T>::get(&doctor).ok_or(Error::<T>::UnknownDoctor)?;
			ensure!(info.suspended_by_council, Error::<T>::NotSuspended);
			info.suspended_by_council = false;
			Self::deposit_event(Event::DoctorReinstated {
				doctor: doctor.clone(),
				by: SuspensionBy::Council,
			});
			Self::store_in_place(&doctor, info);
			Ok(())
		}

		/// Bonds `amount` more of the caller's free balance, held under [`HoldReason::Bond`]. The
		/// caller must be a registered doctor (suspended or released doctors may bond too, a
		/// released one until forgotten; it weighs once they practise).
		///
		/// The dispatch origin must be _Signed_ by the doctor.
		///
		/// Parameters:
		/// - `amount`: how much more to bond; not zero. Bond beyond the rank's cap adds no weight.
		///
		/// Errors:
		/// - [`Error::UnknownDoctor`]: the caller is no registered doctor.
		/// - [`Error::ZeroAmount`]: `amount` is zero.
		/// - The currency's own errors if it cannot hold `amount`: e.g. `amount` is more than the
		///   caller's free balance less what keeps the account alive.
		///
		/// Emits [`Event::Bonded`], and [`Event::WeightChanged`] if the doctor's endorsement weight
		/// changes.
		///
		/// ## Complexity
		/// - `O(1)`: one doctor's entry, one hold, and their hospital's total.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::bond())]
		pub fn bond(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let doctor = ensure_signed(origin)?;
			let mut info = Doctors::<T>::get(&doctor).ok_or(Error::<T>::UnknownDoctor)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			T::Currency::hold(&HoldReason::Bond.into(), &doctor, amount)?;
			info.bonded = info.bonded.saturating_add(amount);
			Self::deposit_event(Event::Bonded { doctor: doctor.clone(), amount });
			Self::store_in_place(&doctor, info);
			Ok(())
		}

		/// Starts unbonding `amount`: it stops weighing at once and can be withdrawn after
		/// [`Config::UnbondingPeriod`] blocks. Until then it stays held, and slashable.
		///
		/// The dispatch origin must be _Signed_ by the doctor.
		///
		/// Parameters:
		/// - `amount`: how much of the bond to unbond; not zero, at most the bond.
		///
		/// Errors:
		/// - [`Error::UnknownDoctor`]: the caller is no registered doctor.
		/// - [`Error::ZeroAmount`]: `amount` is zero.
		/// - [`Error::InsufficientBond`]: `amount` is more than the caller has bonded.
		/// - [`Error::TooManyUnlockingChunks`]: a new chunk is needed and
		///   [`Config::MaxUnlockingChunks`] are unlocking already (a second unbond in the same
		///   block joins the last chunk).
		///
		/// Emits [`Event::Unbonded`], and [`Event::WeightChanged`] if the doctor's endorsement
		/// weight changes.
		///
		/// ## Complexity
		/// - `O(C)`, `C` the doctor's unlocking chunks (read and written with their entry), charged
		///   for `C` = [`Config::MaxUnlockingChunks`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::unbond(T::MaxUnlockingChunks::get()))]
		pub fn unbond(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let doctor = ensure_signed(origin)?;
			let mut info = Doctors::<T>::get(&doctor).ok_or(Error::<T>::UnknownDoctor)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			ensure!(amount <= info.bonded, Error::<T>::InsufficientBond);
			let unlocks_at =
				frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingPeriod::get());
			match info.unlocking.last_mut() {
				Some(last) if last.unlocks_at == unlocks_at => {
					last.amount = last.amount.saturating_add(amount)
				}
				_ => info
					.unlocking
					.try_push(UnlockChunk { amount, unlocks_at })
					.map_err(|_| Error::<T>::TooManyUnlockingChunks)?,
			}
			info.bonded = info.bonded.saturating_sub(amount);
			Self::deposit_event(Event::Unbonded { doctor: doctor.clone(), amount, unlocks_at });
			Self::store_in_place(&doctor, info);
			Ok(())
		}

		/// Releases every unlocking chunk whose period has passed. A released doctor with
		/// nothing left (and no council suspension) is forgotten.
		///
		/// The dispatch origin must be _Signed_ by the doctor.
		///
		/// Parameters: none.
		///
		/// Errors:
		/// - [`Error::UnknownDoctor`]: the caller is no registered doctor.
		/// - [`Error::NothingToWithdraw`]: no chunk has reached its unlock block yet.
		/// - The currency's own errors if it cannot release the hold (not expected: the hold always
		///   covers the chunks).
		///
		/// Emits [`Event::Withdrawn`].
		///
		/// ## Complexity
		/// - `O(C)`, `C` the doctor's unlocking chunks (each is checked), charged for `C` =
		///   [`Config::MaxUnlockingChunks`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::withdraw_unbonded(T::MaxUnlockingChunks::get()))]
		pub fn withdraw_unbonded(origin: OriginFor<T>) -> DispatchResult {
			let doctor = ensure_signed(origin)?;
			let mut info = Doctors::<T>::get(&doctor).ok_or(Error::<T>::UnknownDoctor)?;
			let now = frame_system::Pallet::<T>::block_number();
			let mut amount = BalanceOf::<T>::zero();
			info.unlocking.retain(|chunk| {
				let ripe = chunk.unlocks_at <= now;
				if ripe {
					amount = amount.saturating_add(chunk.amount);
				}
				!ripe
			});
			ensure!(!amount.is_zero(), Error::<T>::NothingToWithdraw);
			T::Currency::release(&HoldReason::Bond.into(), &doctor, amount, Precision::Exact)?;
			Self::deposit_event(Event::Withdrawn { doctor: doctor.clone(), amount });
			Self::store_in_place(&doctor, info);
			Ok(())
		}

		/// Takes `amount` of the unlocking funds back into the bond, newest chunks first.
		///
		/// The dispatch origin must be _Signed_ by the doctor.
		///
		/// Parameters:
		/// - `amount`: how much to rebond; not zero, at most what is unlocking.
		///
		/// Errors:
		/// - [`Error::UnknownDoctor`]: the caller is no registered doctor.
		/// - [`Error::ZeroAmount`]: `amount` is zero.
		/// - [`Error::InsufficientUnlocking`]: `amount` is more than the caller has unlocking.
		///
		/// Emits [`Event::Rebonded`], and [`Event::WeightChanged`] if the doctor's endorsement
		/// weight changes.
		///
		/// ## Complexity
		/// - `O(C)`, `C` the doctor's unlocking chunks (summed, then taken from), charged for `C` =
		///   [`Config::MaxUnlockingChunks`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::rebond(T::MaxUnlockingChunks::get()))]
		pub fn rebond(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let doctor = ensure_signed(origin)?;
			let mut info = Doctors::<T>::get(&doctor).ok_or(Error::<T>::UnknownDoctor)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			ensure!(amount <= info.total_unlocking(), Error::<T>::InsufficientUnlocking);
			info.take_unlocking_newest_first(amount);
			info.bonded = info.bonded.saturating_add(amount);
			Self::deposit_event(Event::Rebonded { doctor: doctor.clone(), amount });
			Self::store_in_place(&doctor, info);
			Ok(())
		}

		/// Slashes up to `amount` of a doctor's stake (the bond first, then unlocking chunks,
		/// newest first) into the reward pot, for the wrong named by `reason`. A released doctor
		/// left with nothing (and no council suspension) is forgotten.
		///
		/// The dispatch origin must be [`Config::SlashOrigin`] (in the runtime: a 2/3 council
		/// motion); a wrong origin is `BadOrigin`.
		///
		/// Parameters:
		/// - `doctor`: any registered doctor.
		/// - `amount`: the most to take; not zero. If the doctor holds less, all they hold is
		///   taken.
		/// - `reason`: what it is for (e.g. the fraudulent record's id or a case file's hash); only
		///   recorded in the event.
		///
		/// Errors:
		/// - [`Error::UnknownDoctor`]: no doctor is registered under `doctor`.
		/// - [`Error::ZeroAmount`]: `amount` is zero.
		/// - [`Error::NothingToSlash`]: `doctor` has nothing bonded or unlocking.
		/// - The currency's own errors if the held funds cannot move to the pot: e.g. the pot
		///   account does not exist and the amount is below the existential deposit.
		///
		/// Emits [`Event::Slashed`] (with the amount taken), and [`Event::WeightChanged`] if the
		/// doctor's endorsement weight changes.
		///
		/// ## Complexity
		/// - `O(C)`, `C` the doctor's unlocking chunks (summed, then taken from), charged for `C` =
		///   [`Config::MaxUnlockingChunks`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::slash(T::MaxUnlockingChunks::get()))]
		pub fn slash(
			origin: OriginFor<T>,
			doctor: T::AccountId,
			#[pallet::compact] amount: BalanceOf<T>,
			reason: H256,
		) -> DispatchResult {
			T::SlashOrigin::ensure_origin(origin)?;
			let mut info = Doctors::<T>::get(&doctor).ok_or(Error::<T>::UnknownDoctor)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let total = info.total_held();
			ensure!(!total.is_zero(), Error::<T>::NothingToSlash);
			let amount = amount.min(total);

			let from_bond = amount.min(info.bonded);
			info.bonded = info.bonded.saturating_sub(from_bond);
			info.take_unlocking_newest_first(amount.saturating_sub(from_bond));
			T::Currency::transfer_on_hold(
				&HoldReason::Bond.into(),
				&doctor,
				&Self::pot_account(),
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
			Self::deposit_event(Event::Slashed { doctor: doctor.clone(), amount, reason });
			Self::store_in_place(&doctor, info);
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The account of the reward pot.
	pub fn pot_account() -> T::AccountId {
		T::PotId::get().into_account_truncating()
	}

	/// The parameters of `rank`, or `UnknownRank`.
	pub fn rank_params(rank: Rank) -> Result<RankParams<BalanceOf<T>>, DispatchError> {
		T::Ranks::get()
			.get(usize::from(rank))
			.copied()
			.ok_or_else(|| Error::<T>::UnknownRank.into())
	}

	/// The endorsement weight `info` carries now (see the crate docs): zero unless practising
	/// with at least the rank's minimum bond. (Whether the hospital itself is active is the
	/// hospitals registry's matter: a suspended hospital's records are refused, its doctors'
	/// weights are kept for when it returns.)
	pub fn weight_of_info(info: &DoctorOf<T>) -> EndorsementWeight {
		if info.practising_at().is_none() {
			return 0;
		}
		Self::rank_params(info.rank).map(|params| params.weight(info.bonded)).unwrap_or(0)
	}

	/// The pool priority of `who`'s signed transactions: their rank's, while qualified
	/// (practising at an active hospital with at least the rank's minimum bond).
	pub fn priority_of(who: &T::AccountId) -> u64 {
		Doctors::<T>::get(who)
			.filter(Self::qualified)
			.and_then(|info| Self::rank_params(info.rank).ok())
			.map(|params| params.priority)
			.unwrap_or(0)
	}

	/// Whether `info` is a qualified doctor: practising at an active hospital, with at least
	/// their rank's minimum bond.
	fn qualified(info: &DoctorOf<T>) -> bool {
		info.practising_at().is_some_and(T::Hospitals::is_active) && Self::bonded_enough(info)
	}

	/// Whether the doctor has bonded (something, and) at least their rank's minimum.
	fn bonded_enough(info: &DoctorOf<T>) -> bool {
		Self::rank_params(info.rank)
			.is_ok_and(|params| info.bonded >= params.min_bond && !info.bonded.is_zero())
	}

	/// The caller's hospital, if the caller is the admin of an active hospital.
	fn admins_hospital(origin: OriginFor<T>) -> Result<HospitalId, DispatchError> {
		let who = ensure_signed(origin)?;
		let hospital = T::Hospitals::hospital_of_admin(&who).ok_or(Error::<T>::NotHospitalAdmin)?;
		ensure!(T::Hospitals::is_active(hospital), Error::<T>::NotHospitalAdmin);
		Ok(hospital)
	}

	/// The caller's hospital and `doctor`, if `doctor` practises (or is suspended) there.
	fn admins_doctor(
		origin: OriginFor<T>,
		doctor: &T::AccountId,
	) -> Result<(HospitalId, DoctorOf<T>), DispatchError> {
		let hospital = Self::admins_hospital(origin)?;
		let info = Doctors::<T>::get(doctor).ok_or(Error::<T>::UnknownDoctor)?;
		ensure!(info.hospital.is_some(), Error::<T>::DoctorReleased);
		ensure!(info.hospital == Some(hospital), Error::<T>::NotYourDoctor);
		Ok((hospital, info))
	}

	/// Stores `info` for `doctor`, moving their weight out of `counted_at`'s total (where it
	/// was counted before the change) into their current hospital's. A released doctor with
	/// nothing held and no council suspension is removed.
	fn store(doctor: &T::AccountId, mut info: DoctorOf<T>, counted_at: Option<HospitalId>) {
		let old_weight = info.weight;
		if let Some(hospital) = counted_at {
			HospitalWeight::<T>::mutate(hospital, |total| {
				*total = total.saturating_sub(old_weight)
			});
		}
		let new_weight = Self::weight_of_info(&info);
		if let Some(hospital) = info.hospital {
			HospitalWeight::<T>::mutate(hospital, |total| {
				*total = total.saturating_add(new_weight)
			});
		}
		info.weight = new_weight;
		// A rise, or weight carried into another hospital's total (a doctor of a removed
		// hospital taken on elsewhere), is weight the new hospital's open votes did not count.
		let moved = counted_at != info.hospital && new_weight > 0;
		if new_weight > old_weight || moved {
			WeightRaisedAt::<T>::insert(doctor, frame_system::Pallet::<T>::block_number());
		}
		if new_weight != old_weight {
			Self::deposit_event(Event::WeightChanged {
				doctor: doctor.clone(),
				weight: new_weight,
			});
		}
		if info.hospital.is_none() && info.total_held().is_zero() && !info.suspended_by_council {
			Doctors::<T>::remove(doctor);
			WeightRaisedAt::<T>::remove(doctor);
		} else {
			Doctors::<T>::insert(doctor, info);
		}
	}

	/// [`Self::store`] for a change that leaves the doctor at their hospital.
	fn store_in_place(doctor: &T::AccountId, info: DoctorOf<T>) {
		let hospital = info.hospital;
		Self::store(doctor, info, hospital);
	}

	/// Pays the reward for a confirmed record; returns what was paid in total.
	fn pay_record_reward(author: &T::AccountId, endorsers: &[T::AccountId]) -> BalanceOf<T> {
		let pot = Self::pot_account();
		let available =
			T::Currency::reducible_balance(&pot, Preservation::Preserve, Fortitude::Polite);
		let reward = T::RecordReward::get().min(available);
		if reward.is_zero() {
			return reward;
		}
		let author_share = T::AuthorShare::get() * reward;
		let mut paid = BalanceOf::<T>::zero();
		let mut pay = |doctor: &T::AccountId, amount: BalanceOf<T>| {
			if amount.is_zero() {
				return;
			}
			if T::Currency::transfer(&pot, doctor, amount, Preservation::Preserve).is_ok() {
				paid = paid.saturating_add(amount);
				Self::deposit_event(Event::Rewarded { doctor: doctor.clone(), amount });
			}
		};
		// A suspended or released author, or one whose stake is gone, is not paid: their share
		// stays in the pot.
		if Doctors::<T>::get(author).is_some_and(|info| Self::qualified(&info)) {
			pay(author, author_share);
		}

		// Each endorser once, by their weight now (zero if suspended or released since).
		let mut seen = alloc::collections::btree_set::BTreeSet::new();

		let weights: Vec<(&T::AccountId, EndorsementWeight)> = endorsers
			.iter()
			.filter(|endorser| seen.insert(*endorser))
			.map(|endorser| {
				(endorser, Doctors::<T>::get(endorser).map(|info| info.weight).unwrap_or(0))
			})
			.collect();
		let total_weight =
			weights.iter().fold(0u128, |sum, (_, weight)| sum.saturating_add(*weight));
		if total_weight > 0 {
			let pool: u128 = reward.saturating_sub(author_share).saturated_into();
			for (endorser, weight) in weights {
				let share = sp_core::U256::from(pool) * sp_core::U256::from(weight)
					/ sp_core::U256::from(total_weight);
				pay(endorser, share.low_u128().saturated_into());
			}
		}
		paid
	}

	/// Checks the pallet's invariants:
	/// - every hospital's total weight is the sum of its doctors' weights;
	/// - every doctor's stored weight is what the weight function gives now (suspended or
	///   released doctors carry none);
	/// - what is held for each doctor is exactly their bond plus unlocking chunks;
	/// - doctor counts match;
	/// - no doctor is stored who is released with nothing held and no council suspension;
	/// - a weight-raise block is kept only for stored doctors.
	///
	/// Also built with `std`, so that runtime tests can check them.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut totals = BTreeMap::<HospitalId, EndorsementWeight>::new();
		let mut counts = BTreeMap::<HospitalId, u32>::new();
		for (doctor, info) in Doctors::<T>::iter() {
			ensure!(
				info.hospital.is_some()
					|| !info.total_held().is_zero()
					|| info.suspended_by_council,
				"a released doctor with nothing held is still stored"
			);
			if info.practising_at().is_none() {
				ensure!(info.weight == 0, "a suspended or released doctor carries weight");
			}
			ensure!(info.weight == Self::weight_of_info(&info), "a doctor's weight is stale");
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Bond.into(), &doctor)
					== info.total_held(),
				"a doctor's hold differs from their bond and unlocking"
			);
			if let Some(hospital) = info.hospital {
				let total = totals.entry(hospital).or_default();
				*total = total.saturating_add(info.weight);
				*counts.entry(hospital).or_default() += 1;
			}
		}
		for (hospital, total) in HospitalWeight::<T>::iter() {
			ensure!(
				totals.get(&hospital).copied().unwrap_or(0) == total,
				"a hospital's total weight is not the sum of its doctors'"
			);
		}
		for (hospital, total) in &totals {
			ensure!(HospitalWeight::<T>::get(hospital) == *total, "a hospital's total is missing");
		}
		for doctor in WeightRaisedAt::<T>::iter_keys() {
			ensure!(Doctors::<T>::contains_key(&doctor), "a weight-raise block of no doctor");
		}
		for (hospital, count) in DoctorCount::<T>::iter() {
			ensure!(
				counts.get(&hospital).copied().unwrap_or(0) == count,
				"a doctor count is wrong"
			);
		}
		Ok(())
	}
}

impl<T: Config> DoctorRegistry<T::AccountId> for Pallet<T> {
	fn standing(doctor: &T::AccountId) -> DoctorStanding {
		let Some(info) = Doctors::<T>::get(doctor) else {
			return DoctorStanding::Unregistered;
		};
		match (info.hospital, info.practising_at()) {
			(None, _) => DoctorStanding::Released,
			(Some(hospital), None) => DoctorStanding::Suspended(hospital),
			(Some(hospital), Some(_)) if Self::bonded_enough(&info) => {
				DoctorStanding::Bonded(hospital)
			}
			(Some(hospital), Some(_)) => DoctorStanding::UnderBonded(hospital),
		}
	}

	fn is_qualified(doctor: &T::AccountId, hospital: HospitalId) -> bool {
		Doctors::<T>::get(doctor)
			.is_some_and(|info| info.practising_at() == Some(hospital) && Self::qualified(&info))
	}

	fn weight_of(doctor: &T::AccountId) -> EndorsementWeight {
		Doctors::<T>::get(doctor).map(|info| info.weight).unwrap_or(0)
	}

	fn total_weight(hospital: HospitalId) -> EndorsementWeight {
		HospitalWeight::<T>::get(hospital)
	}

	fn weight_raised_at(doctor: &T::AccountId) -> Option<u64> {
		WeightRaisedAt::<T>::get(doctor).map(|block| block.saturated_into())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_doctor(doctor: T::AccountId) -> HospitalId {
		use frame_support::traits::fungible::Mutate as _;
		let admin: T::AccountId = frame_benchmarking::account("benchmark admin", 0, 0);
		let hospital = T::Hospitals::benchmark_hospital(admin.clone());
		let rank = (T::Ranks::get().len() - 1) as Rank;
		let params = Self::rank_params(rank).expect("the top rank exists");
		let stake = params.min_bond.max(T::Currency::minimum_balance());
		T::Currency::set_balance(&doctor, stake.saturating_mul(4u32.into()));
		Pallet::<T>::register_doctor(
			frame_system::RawOrigin::Signed(admin).into(),
			doctor.clone(),
			rank,
			H256::repeat_byte(1),
		)
		.expect("a fresh doctor registers");
		Pallet::<T>::bond(frame_system::RawOrigin::Signed(doctor).into(), stake)
			.expect("the doctor was funded");
		hospital
	}
}

impl<T: Config> RecordRewards<T::AccountId> for Pallet<T> {
	fn record_confirmed(_hospital: HospitalId, author: &T::AccountId, endorsers: &[T::AccountId]) {
		Self::pay_record_reward(author, endorsers);
	}
}
