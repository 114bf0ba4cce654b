#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
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
		fungible::{Inspect, InspectHold, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
		UnixTime,
	},
};
use frame_system::pallet_prelude::*;
use mhr_primitives::{
	exceeds_one_third, exceeds_two_thirds, AccessControl, CategoryId, DoctorRegistry,
	DoctorStanding, EndorsementWeight, HospitalId, HospitalRegistry, RecordFacts, RecordId,
	RecordIndex, RecordRewards,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	SaturatedConversion,
};

pub use pallet::*;
pub use types::{Category, Record, RecordStatus, Rejection, Tally, Verification, Vote};
pub use weights::WeightInfo;

/// The balance type of the currency deposits are held in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A record as this runtime stores it.
pub type RecordOf<T> = Record<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxLocationLen,
>;

/// A vote tally as this runtime stores it.
pub type TallyOf<T> = Tally<<T as frame_system::Config>::AccountId, <T as Config>::MaxEndorsers>;

/// A category as this runtime stores it.
pub type CategoryOf<T> = Category<<T as Config>::MaxCategoryCodeLen>;

/// The most records a page of search results holds.
pub const MAX_PAGE: u32 = 100;

/// The key under which a record is indexed: its id, complemented and big-endian, so that the
/// index's raw keys sort newest first.
pub fn newest_first(record: RecordId) -> [u8; 8] {
	(!record).to_be_bytes()
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the records pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency record deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, of which this pallet's are one.
		type RuntimeHoldReason: From<HoldReason>;

		/// The consortium's hospitals.
		type Hospitals: HospitalRegistry<Self::AccountId>;

		/// The consortium's doctors and their endorsement weights.
		type Doctors: DoctorRegistry<Self::AccountId>;

		/// Who may write a patient's records (the access pallet).
		type Access: AccessControl<Self::AccountId, BlockNumberFor<Self>>;

		/// Told when a record is confirmed (the doctors pallet pays rewards).
		type Rewards: RecordRewards<Self::AccountId>;

		/// The time of the current block (the timestamp pallet).
		type Time: UnixTime;

		/// Who keeps the list of categories (in the runtime: the council).
		type CategoryOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Where the deposit of a disputed record goes (in the runtime: the reward pot).
		type ForfeitTo: Get<Self::AccountId>;

		/// What the author of a record holds until it is decided.
		#[pallet::constant]
		type RecordDeposit: Get<BalanceOf<Self>>;

		/// How many blocks a record stays open to votes.
		#[pallet::constant]
		type PendingPeriod: Get<BlockNumberFor<Self>>;

		/// The longest location URI.
		#[pallet::constant]
		type MaxLocationLen: Get<u32>;

		/// The longest category code.
		#[pallet::constant]
		type MaxCategoryCodeLen: Get<u32>;

		/// The most endorsers of one record who are rewarded (the first ones; later
		/// endorsements still count towards confirmation).
		#[pallet::constant]
		type MaxEndorsers: Get<u32>;

		/// The most records that may be submitted in one block (they all expire in one block,
		/// whose work this bounds).
		#[pallet::constant]
		type MaxSubmissionsPerBlock: Get<u32>;

		/// An upper bound of the weight of one `Access::can_write` (the benchmarks ask it of a
		/// patient with one grant; a patient may hold many, which it scans). Added to
		/// `submit_record`'s weight once per category asked.
		type WriteCheckWeight: Get<Weight>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An author's deposit for a pending record.
		#[codec(index = 0)]
		RecordDeposit,
	}

	/// The categories records are filed under.
	///
	/// `Twox64Concat` is safe: only the council chooses category ids.
	#[pallet::storage]
	pub type Categories<T: Config> = StorageMap<_, Twox64Concat, CategoryId, CategoryOf<T>>;

	/// The id the next record gets.
	#[pallet::storage]
	pub type NextRecordId<T> = StorageValue<_, RecordId, ValueQuery>;

	/// The index entries, by id.
	///
	/// `Twox64Concat` is safe: record ids are assigned in sequence.
	#[pallet::storage]
	pub type Records<T: Config> = StorageMap<_, Twox64Concat, RecordId, RecordOf<T>>;

	/// The running vote of each pending record.
	///
	/// `Twox64Concat` is safe: record ids are assigned in sequence.
	#[pallet::storage]
	pub type Tallies<T: Config> = StorageMap<_, Twox64Concat, RecordId, TallyOf<T>>;

	/// The pending correction of each confirmed record that has one (at most one at a time):
	/// the old record's id, and the correction's.
	///
	/// `Twox64Concat` is safe: record ids are assigned in sequence.
	#[pallet::storage]
	pub type PendingCorrections<T> = StorageMap<_, Twox64Concat, RecordId, RecordId>;

	/// Every vote cast, by record and doctor (kept after the vote ends, as its history).
	///
	/// `Twox64Concat` is safe for the record id: ids are assigned in sequence.
	#[pallet::storage]
	pub type Votes<T: Config> =
		StorageDoubleMap<_, Twox64Concat, RecordId, Blake2_128Concat, T::AccountId, Vote>;

	/// Each patient's records, keyed newest first (see [`newest_first`]).
	#[pallet::storage]
	pub type RecordsByPatient<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, [u8; 8], ()>;

	/// Each patient's records of each category, keyed newest first (see [`newest_first`]).
	#[pallet::storage]
	pub type RecordsByCategory<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, (T::AccountId, CategoryId), Identity, [u8; 8], ()>;

	/// The records whose pending period ends at each block.
	///
	/// `Twox64Concat` is safe: block numbers are the chain's, not a caller's choice.
	#[pallet::storage]
	pub type Deadlines<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<RecordId, T::MaxSubmissionsPerBlock>,
		ValueQuery,
	>;

	/// The categories of a new chain.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Each category's id and code (in chain specs: `[[1, "ICD10:A00-B99"], ...]`).
		pub categories: Vec<(CategoryId, alloc::string::String)>,
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (id, code) in &self.categories {
				assert!(!code.is_empty(), "category {id} has an empty code");
				let code: BoundedVec<u8, T::MaxCategoryCodeLen> = code
					.as_bytes()
					.to_vec()
					.try_into()
					.expect("a genesis category code is too long");
				assert!(!Categories::<T>::contains_key(id), "category {id} is listed twice");
				Categories::<T>::insert(id, Category { code, retired: false });
			}
		}
	}

	/// Events of the records pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The council added a category.
		CategoryAdded {
			/// Its id.
			category: CategoryId,
			/// Its code.
			code: BoundedVec<u8, T::MaxCategoryCodeLen>,
		},
		/// The council retired a category.
		CategoryRetired {
			/// Its id.
			category: CategoryId,
		},
		/// A doctor filed a record.
		RecordSubmitted {
			/// Its id.
			record: RecordId,
			/// The patient.
			patient: T::AccountId,
			/// The category.
			category: CategoryId,
			/// The author.
			author: T::AccountId,
			/// The author's hospital.
			hospital: HospitalId,
			/// The SHA-256 of the encrypted record.
			sha256: H256,
			/// The record it corrects, if any.
			supersedes: Option<RecordId>,
		},
		/// A doctor endorsed a pending record.
		RecordEndorsed {
			/// The record.
			record: RecordId,
			/// The doctor.
			doctor: T::AccountId,
			/// The weight their endorsement counted.
			weight: EndorsementWeight,
		},
		/// A doctor disputed a pending record.
		RecordDisputed {
			/// The record.
			record: RecordId,
			/// The doctor.
			doctor: T::AccountId,
			/// The weight their dispute counted.
			weight: EndorsementWeight,
		},
		/// A record was confirmed; its deposit went back to its author.
		RecordConfirmed {
			/// The record.
			record: RecordId,
		},
		/// A record was rejected.
		RecordRejected {
			/// The record.
			record: RecordId,
			/// Why.
			cause: Rejection,
			/// What of the author's deposit was forfeited (the rest went back).
			forfeited: BalanceOf<T>,
		},
		/// A record was corrected by a later one.
		RecordSuperseded {
			/// The corrected record.
			record: RecordId,
			/// The correcting record.
			by: RecordId,
		},
	}

	/// Errors of the records pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// No category has this id.
		UnknownCategory,
		/// The category is retired: no new record may be filed under it.
		CategoryRetired,
		/// A category with this id exists already.
		CategoryExists,
		/// A category code must not be empty.
		EmptyCategoryCode,
		/// The caller is not a doctor: no hospital registered them.
		NotRegisteredDoctor,
		/// The caller has no grant or emergency access allowing them to write this patient's
		/// records of this category now.
		NoWriteAccess,
		/// The location must not be empty.
		EmptyLocation,
		/// `MaxSubmissionsPerBlock` records were submitted in this block already.
		TooManySubmissionsThisBlock,
		/// No record has this id.
		UnknownRecord,
		/// The record is not pending: its vote has ended.
		NotPending,
		/// Only a confirmed record may be corrected.
		NotSupersedable,
		/// The record has a pending correction already.
		CorrectionPending,
		/// A correction must be about the same patient as the record it corrects.
		PatientMismatch,
		/// Only the record's author or a doctor of its hospital may correct it.
		NotAuthorOrColleague,
		/// The author of a record may not vote on it.
		AuthorCannotVote,
		/// The caller practises at another hospital than the record's.
		NotDoctorOfHospital,
		/// The caller voted on this record already.
		AlreadyVoted,
		/// The caller's endorsement weight went up at or after the record's submission: they
		/// may not vote on it (see the pallet docs).
		WeightRaisedDuringVote,
		/// The caller holds no endorsement weight.
		NoEndorsementWeight,
		/// The record's SHA-256 is all zeros: no sealed record hashes to it.
		ZeroRecordHash,
		/// The location is longer than `MaxLocationLen` bytes.
		LocationTooLong,
		/// The category code is longer than `MaxCategoryCodeLen` bytes.
		CategoryCodeTooLong,
		/// The caller is suspended (by their hospital or the council).
		DoctorSuspended,
		/// The caller was released by their hospital and practises nowhere now.
		DoctorReleased,
		/// The caller has bonded less than their rank's minimum.
		BondBelowMinimum,
		/// The caller's hospital is suspended or removed.
		HospitalNotActive,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let due = Deadlines::<T>::take(now);
			let expired = due.len() as u32;
			for record in due {
				Self::expire(record, now);
			}
			T::WeightInfo::on_initialize(expired)
		}

		fn integrity_test() {
			assert!(!T::PendingPeriod::get().is_zero(), "PendingPeriod must be positive");
			assert!(T::MaxLocationLen::get() > 0, "MaxLocationLen must be positive");
			assert!(T::MaxCategoryCodeLen::get() > 0, "MaxCategoryCodeLen must be positive");
			assert!(T::MaxEndorsers::get() > 0, "MaxEndorsers must be positive");
			assert!(
				T::MaxSubmissionsPerBlock::get() > 0,
				"MaxSubmissionsPerBlock must be positive"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Files a record about `patient` in `category`: the SHA-256 of the encrypted record and
		/// where it lives. Called by a qualified doctor with write access to that patient and
		/// category now; holds the author's [`Config::RecordDeposit`] until the record is
		/// decided. With `supersedes`, the new record corrects that confirmed one (same
		/// patient; filed by its author or a doctor of its hospital, with write access to its
		/// category too; one pending correction at a time), which becomes superseded when the
		/// correction is confirmed.
		#[pallet::call_index(0)]
		#[pallet::weight(
			T::WeightInfo::submit_record().saturating_add(T::WriteCheckWeight::get().saturating_mul(2))
		)]
		pub fn submit_record(
			origin: OriginFor<T>,
			patient: T::AccountId,
			category: CategoryId,
			sha256: H256,
			location: Vec<u8>,
			supersedes: Option<RecordId>,
		) -> DispatchResult {
			let author = ensure_signed(origin)?;
			let hospital = Self::bonded_at(&author)?;
			ensure!(T::Hospitals::is_active(hospital), Error::<T>::HospitalNotActive);
			let filed_under = Categories::<T>::get(category).ok_or(Error::<T>::UnknownCategory)?;
			ensure!(!filed_under.retired, Error::<T>::CategoryRetired);
			ensure!(!location.is_empty(), Error::<T>::EmptyLocation);
			let location: BoundedVec<u8, T::MaxLocationLen> =
				location.try_into().map_err(|_| Error::<T>::LocationTooLong)?;
			ensure!(!sha256.is_zero(), Error::<T>::ZeroRecordHash);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				T::Access::can_write(&author, &patient, category, now).is_some(),
				Error::<T>::NoWriteAccess
			);
			if let Some(old) = supersedes {
				let info = Records::<T>::get(old).ok_or(Error::<T>::UnknownRecord)?;
				ensure!(
					matches!(info.status, RecordStatus::Confirmed { .. }),
					Error::<T>::NotSupersedable
				);
				ensure!(info.patient == patient, Error::<T>::PatientMismatch);
				ensure!(
					info.author == author || info.hospital == hospital,
					Error::<T>::NotAuthorOrColleague
				);
				ensure!(
					info.category == category
						|| T::Access::can_write(&author, &patient, info.category, now).is_some(),
					Error::<T>::NoWriteAccess
				);
				ensure!(!PendingCorrections::<T>::contains_key(old), Error::<T>::CorrectionPending);
			}
			let deadline = now.saturating_add(T::PendingPeriod::get());
			let record = NextRecordId::<T>::get();
			Deadlines::<T>::try_mutate(deadline, |due| due.try_push(record))
				.map_err(|_| Error::<T>::TooManySubmissionsThisBlock)?;

			let deposit = T::RecordDeposit::get();
			T::Currency::hold(&HoldReason::RecordDeposit.into(), &author, deposit)?;
			NextRecordId::<T>::put(record.saturating_add(1));

			if let Some(old) = supersedes {
				PendingCorrections::<T>::insert(old, record);
			}

			let eligible =
				T::Doctors::total_weight(hospital).saturating_sub(T::Doctors::weight_of(&author));
			Tallies::<T>::insert(record, Tally::new(eligible));
			RecordsByPatient::<T>::insert(&patient, newest_first(record), ());
			RecordsByCategory::<T>::insert((&patient, category), newest_first(record), ());
			Records::<T>::insert(
				record,
				Record {
					patient: patient.clone(),
					category,
					sha256,
					location,
					author: author.clone(),
					hospital,
					submitted_at: now,
					timestamp: T::Time::now().as_millis().saturated_into(),
					status: RecordStatus::Pending { deadline },
					supersedes,
					deposit,
				},
			);
			Self::deposit_event(Event::RecordSubmitted {
				record,
				patient,
				category,
				author,
				hospital,
				sha256,
				supersedes,
			});
			Ok(())
		}

		/// Endorses a pending record of the caller's hospital. When the endorsements hold more
		/// than 2/3 of the vote's weight, the record is confirmed: the author's deposit goes
		/// back and the author and endorsers are rewarded.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::endorse_record(T::MaxEndorsers::get()))]
		pub fn endorse_record(
			origin: OriginFor<T>,
			record: RecordId,
		) -> DispatchResultWithPostInfo {
			let doctor = ensure_signed(origin)?;
			let (info, mut tally, weight) = Self::admit_vote(&doctor, record)?;
			// Beyond `MaxEndorsers` the endorsement counts but is not rewarded.
			let _ = tally.endorsers.try_push(doctor.clone());
			tally.endorsements = tally.endorsements.saturating_add(1);
			tally.endorsed = tally.endorsed.saturating_add(weight);
			Votes::<T>::insert(record, &doctor, Vote::Endorse);
			Self::deposit_event(Event::RecordEndorsed { record, doctor, weight });
			let endorsers = tally.endorsers.len() as u32;
			if exceeds_two_thirds(tally.endorsed, tally.eligible) {
				Self::confirm(record, info, tally);
				Ok(Some(T::WeightInfo::endorse_record(endorsers)).into())
			} else {
				Tallies::<T>::insert(record, tally);
				Ok(Some(T::WeightInfo::endorse_record(0)).into())
			}
		}

		/// Disputes a pending record of the caller's hospital. When the disputes hold more than
		/// 1/3 of the vote's weight, the record is rejected and the author's deposit goes to
		/// [`Config::ForfeitTo`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::dispute_record())]
		pub fn dispute_record(origin: OriginFor<T>, record: RecordId) -> DispatchResult {
			let doctor = ensure_signed(origin)?;
			let (info, mut tally, weight) = Self::admit_vote(&doctor, record)?;
			tally.disputed = tally.disputed.saturating_add(weight);
			tally.disputes = tally.disputes.saturating_add(1);
			Votes::<T>::insert(record, &doctor, Vote::Dispute);
			Self::deposit_event(Event::RecordDisputed { record, doctor, weight });
			if exceeds_one_third(tally.disputed, tally.eligible) {
				Self::reject_disputed(record, info)?;
			} else {
				Tallies::<T>::insert(record, tally);
			}
			Ok(())
		}

		/// Adds a category to the list.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_category())]
		pub fn add_category(
			origin: OriginFor<T>,
			category: CategoryId,
			code: Vec<u8>,
		) -> DispatchResult {
			T::CategoryOrigin::ensure_origin(origin)?;
			ensure!(!code.is_empty(), Error::<T>::EmptyCategoryCode);
			let code: BoundedVec<u8, T::MaxCategoryCodeLen> =
				code.try_into().map_err(|_| Error::<T>::CategoryCodeTooLong)?;
			ensure!(!Categories::<T>::contains_key(category), Error::<T>::CategoryExists);
			Categories::<T>::insert(category, Category { code: code.clone(), retired: false });
			Self::deposit_event(Event::CategoryAdded { category, code });
			Ok(())
		}

		/// Retires a category: the records filed under it stay, no new one may be.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::retire_category())]
		pub fn retire_category(origin: OriginFor<T>, category: CategoryId) -> DispatchResult {
			T::CategoryOrigin::ensure_origin(origin)?;
			Categories::<T>::try_mutate(category, |entry| -> DispatchResult {
				let entry = entry.as_mut().ok_or(Error::<T>::UnknownCategory)?;
				ensure!(!entry.retired, Error::<T>::CategoryRetired);
				entry.retired = true;
				Ok(())
			})?;
			Self::deposit_event(Event::CategoryRetired { category });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The hospital `doctor` practises at with at least their rank's minimum bonded (with
	/// [`HospitalRegistry::is_active`] of it: the condition to author and endorse); else the
	/// error that says why not.
	fn bonded_at(doctor: &T::AccountId) -> Result<HospitalId, Error<T>> {
		match T::Doctors::standing(doctor) {
			DoctorStanding::Bonded(hospital) => Ok(hospital),
			DoctorStanding::UnderBonded(_) => Err(Error::<T>::BondBelowMinimum),
			DoctorStanding::Suspended(_) => Err(Error::<T>::DoctorSuspended),
			DoctorStanding::Released => Err(Error::<T>::DoctorReleased),
			DoctorStanding::Unregistered => Err(Error::<T>::NotRegisteredDoctor),
		}
	}

	/// Checks that `doctor` may vote on `record` now; returns the record, its tally and the
	/// weight the vote counts.
	fn admit_vote(
		doctor: &T::AccountId,
		record: RecordId,
	) -> Result<(RecordOf<T>, TallyOf<T>, EndorsementWeight), DispatchError> {
		let info = Records::<T>::get(record).ok_or(Error::<T>::UnknownRecord)?;
		let tally = Tallies::<T>::get(record).ok_or(Error::<T>::NotPending)?;
		ensure!(info.author != *doctor, Error::<T>::AuthorCannotVote);
		ensure!(Self::bonded_at(doctor)? == info.hospital, Error::<T>::NotDoctorOfHospital);
		ensure!(T::Hospitals::is_active(info.hospital), Error::<T>::HospitalNotActive);
		ensure!(!Votes::<T>::contains_key(record, doctor), Error::<T>::AlreadyVoted);
		let submitted_at: u64 = info.submitted_at.saturated_into();
		ensure!(
			T::Doctors::weight_raised_at(doctor).is_none_or(|raised| raised < submitted_at),
			Error::<T>::WeightRaisedDuringVote
		);
		let weight = T::Doctors::weight_of(doctor);
		ensure!(weight > 0, Error::<T>::NoEndorsementWeight);
		Ok((info, tally, weight))
	}

	/// Confirms a record whose endorsements passed 2/3; a confirmed correction supersedes the
	/// record it corrects.
	fn confirm(record: RecordId, mut info: RecordOf<T>, tally: TallyOf<T>) {
		let now = frame_system::Pallet::<T>::block_number();
		Tallies::<T>::remove(record);
		Self::release_deposit(&info);
		info.status = RecordStatus::Confirmed { at: now };
		T::Rewards::record_confirmed(info.hospital, &info.author, &tally.endorsers);
		let supersedes = info.supersedes;
		Records::<T>::insert(record, info);
		Self::deposit_event(Event::RecordConfirmed { record });
		if let Some(old) = supersedes {
			PendingCorrections::<T>::remove(old);
			Records::<T>::mutate(old, |entry| {
				if let Some(entry) = entry {
					entry.status = RecordStatus::Superseded { by: record, at: now };
				}
			});
			Self::deposit_event(Event::RecordSuperseded { record: old, by: record });
		}
	}

	/// Ends the pending correction a rejected or expired record was, if it was one.
	fn drop_correction(info: &RecordOf<T>) {
		if let Some(old) = info.supersedes {
			PendingCorrections::<T>::remove(old);
		}
	}

	/// Rejects a record whose disputes passed 1/3; its deposit goes to [`Config::ForfeitTo`].
	fn reject_disputed(record: RecordId, mut info: RecordOf<T>) -> DispatchResult {
		let forfeited = T::Currency::transfer_on_hold(
			&HoldReason::RecordDeposit.into(),
			&info.author,
			&T::ForfeitTo::get(),
			info.deposit,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)?;
		Tallies::<T>::remove(record);
		Self::drop_correction(&info);
		let cause = Rejection::Disputed;
		info.status =
			RecordStatus::Rejected { at: frame_system::Pallet::<T>::block_number(), cause };
		Records::<T>::insert(record, info);
		Self::deposit_event(Event::RecordRejected { record, cause, forfeited });
		Ok(())
	}

	/// Expires `record` if it is still pending; its deposit goes back to its author.
	fn expire(record: RecordId, now: BlockNumberFor<T>) {
		let Some(mut info) = Records::<T>::get(record) else { return };
		if !info.status.is_pending() {
			return;
		}
		Tallies::<T>::remove(record);
		Self::release_deposit(&info);
		Self::drop_correction(&info);
		let cause = Rejection::Expired;
		info.status = RecordStatus::Rejected { at: now, cause };
		Records::<T>::insert(record, info);
		Self::deposit_event(Event::RecordRejected { record, cause, forfeited: Zero::zero() });
	}

	/// Gives a pending record's deposit back to its author.
	fn release_deposit(info: &RecordOf<T>) {
		// Best effort: a hold can only have shrunk by a slash of the whole account, and what
		// is left is all there is to give back.
		let _ = T::Currency::release(
			&HoldReason::RecordDeposit.into(),
			&info.author,
			info.deposit,
			Precision::BestEffort,
		);
	}

	/// The record with this id.
	pub fn record(record: RecordId) -> Option<RecordOf<T>> {
		Records::<T>::get(record)
	}

	/// A page of `patient`'s records (of `category` only, if given), newest first, starting
	/// after the record `after` (from the newest, if `None`); at most `limit` records, and at
	/// most [`MAX_PAGE`].
	pub fn records_of(
		patient: &T::AccountId,
		category: Option<CategoryId>,
		after: Option<RecordId>,
		limit: u32,
	) -> Vec<(RecordId, RecordOf<T>)> {
		let limit = limit.min(MAX_PAGE) as usize;
		let keys: Vec<[u8; 8]> = match (category, after) {
			(None, None) => RecordsByPatient::<T>::iter_key_prefix(patient).take(limit).collect(),
			(None, Some(after)) => RecordsByPatient::<T>::iter_key_prefix_from(
				patient,
				RecordsByPatient::<T>::hashed_key_for(patient, newest_first(after)),
			)
			.take(limit)
			.collect(),
			(Some(category), None) => {
				RecordsByCategory::<T>::iter_key_prefix((patient, category)).take(limit).collect()
			}
			(Some(category), Some(after)) => RecordsByCategory::<T>::iter_key_prefix_from(
				(patient, category),
				RecordsByCategory::<T>::hashed_key_for((patient, category), newest_first(after)),
			)
			.take(limit)
			.collect(),
		};
		keys.into_iter()
			.map(|key| !RecordId::from_be_bytes(key))
			.filter_map(|id| Records::<T>::get(id).map(|info| (id, info)))
			.collect()
	}

	/// Whether `sha256` is the hash indexed for `record`, and where the record stands; `None`
	/// if no record has this id.
	pub fn verify(record: RecordId, sha256: H256) -> Option<Verification<BlockNumberFor<T>>> {
		Records::<T>::get(record)
			.map(|info| Verification { matches: info.sha256 == sha256, status: info.status })
	}

	/// Checks the pallet's invariants:
	/// - every record's id is below the next id, its category exists, and it is indexed by
	///   patient and by patient and category; every index entry points to a record of that
	///   patient (and category);
	/// - a record is pending exactly when it has a tally, and is then listed under its deadline,
	///   which lies ahead; its votes are its tally's voters;
	/// - a superseded record's correction names it back and was confirmed; a pending correction
	///   is listed against the confirmed record it corrects, and only while pending;
	/// - what is held from each author is the sum of the deposits of their pending records.
	///
	/// Also built with `std`, so that runtime tests can check them.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let now = frame_system::Pallet::<T>::block_number();
		let mut held = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (id, info) in Records::<T>::iter() {
			ensure!(id < NextRecordId::<T>::get(), "a record id is not below the next id");
			ensure!(Categories::<T>::contains_key(info.category), "a record of no category");
			ensure!(
				RecordsByPatient::<T>::contains_key(&info.patient, newest_first(id)),
				"a record is not indexed by patient"
			);
			ensure!(
				RecordsByCategory::<T>::contains_key(
					(&info.patient, info.category),
					newest_first(id)
				),
				"a record is not indexed by patient and category"
			);
			let tally = Tallies::<T>::get(id);
			match info.status {
				RecordStatus::Pending { deadline } => {
					let tally = tally.ok_or("a pending record has no tally")?;
					ensure!(deadline > now, "a pending record is past its deadline");
					ensure!(
						Deadlines::<T>::get(deadline).contains(&id),
						"a pending record is not listed under its deadline"
					);
					ensure!(
						Votes::<T>::iter_prefix(id).count() as u32 == tally.voters(),
						"a tally's voters differ from the votes cast"
					);
					let total = held.entry(info.author.clone()).or_insert_with(Zero::zero);
					*total = total.saturating_add(info.deposit);
				}
				RecordStatus::Superseded { by, .. } => {
					ensure!(tally.is_none(), "a decided record has a tally");
					ensure!(
						Records::<T>::get(by).is_some_and(|c| c.supersedes == Some(id)
							&& matches!(
								c.status,
								RecordStatus::Confirmed { .. } | RecordStatus::Superseded { .. }
							)),
						"a superseded record's correction does not name it or is not confirmed"
					);
				}
				_ => ensure!(tally.is_none(), "a decided record has a tally"),
			}
			if let Some(old) = info.supersedes {
				let old_status = Records::<T>::get(old).map(|o| o.status);
				match info.status {
					RecordStatus::Pending { .. } => ensure!(
						PendingCorrections::<T>::get(old) == Some(id)
							&& matches!(old_status, Some(RecordStatus::Confirmed { .. })),
						"a pending correction is not listed, or corrects no confirmed record"
					),
					RecordStatus::Confirmed { .. } | RecordStatus::Superseded { .. } => ensure!(
						matches!(old_status, Some(RecordStatus::Superseded { by, .. }) if by == id),
						"a confirmed correction's record is not superseded by it"
					),
					RecordStatus::Rejected { .. } => ensure!(
						PendingCorrections::<T>::get(old) != Some(id),
						"a rejected correction is still listed as pending"
					),
				}
			}
		}
		for (old, correction) in PendingCorrections::<T>::iter() {
			ensure!(
				Records::<T>::get(correction)
					.is_some_and(|c| c.status.is_pending() && c.supersedes == Some(old)),
				"a listed correction is not a pending correction of its record"
			);
		}
		for id in Tallies::<T>::iter_keys() {
			ensure!(Records::<T>::contains_key(id), "a tally of no record");
		}
		for (patient, key) in RecordsByPatient::<T>::iter_keys() {
			let id = !RecordId::from_be_bytes(key);
			ensure!(
				Records::<T>::get(id).is_some_and(|info| info.patient == patient),
				"a patient index entry points to no record of theirs"
			);
		}
		for ((patient, category), key) in RecordsByCategory::<T>::iter_keys() {
			let id = !RecordId::from_be_bytes(key);
			ensure!(
				Records::<T>::get(id)
					.is_some_and(|info| info.patient == patient && info.category == category),
				"a category index entry points to no such record"
			);
		}
		for (author, total) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::RecordDeposit.into(), &author) == total,
				"an author's held deposits differ from their pending records'"
			);
		}
		Ok(())
	}
}

impl<T: Config> RecordIndex<T::AccountId, RecordId> for Pallet<T> {
	fn record_facts(record: &RecordId) -> Option<RecordFacts<T::AccountId>> {
		Records::<T>::get(record).map(|info| RecordFacts {
			patient: info.patient,
			category: info.category,
			hospital: info.hospital,
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_record(patient: T::AccountId, category: CategoryId) -> RecordId {
		let record = NextRecordId::<T>::get();
		NextRecordId::<T>::put(record.saturating_add(1));
		if !Categories::<T>::contains_key(category) {
			let code = BoundedVec::truncate_from(b"BENCH".to_vec());
			Categories::<T>::insert(category, Category { code, retired: false });
		}
		let author: T::AccountId = frame_benchmarking::account("benchmark author", 0, 0);
		RecordsByPatient::<T>::insert(&patient, newest_first(record), ());
		RecordsByCategory::<T>::insert((&patient, category), newest_first(record), ());
		Records::<T>::insert(
			record,
			Record {
				patient,
				category,
				sha256: H256::repeat_byte(1),
				location: BoundedVec::truncate_from(b"vault://bench".to_vec()),
				author,
				hospital: 0,
				submitted_at: frame_system::Pallet::<T>::block_number(),
				timestamp: 0,
				status: RecordStatus::Confirmed { at: frame_system::Pallet::<T>::block_number() },
				supersedes: None,
				deposit: Zero::zero(),
			},
		);
		record
	}
}
