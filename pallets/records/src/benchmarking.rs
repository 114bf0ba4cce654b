//! Benchmarks of `pallet-mhr-records`, each in its worst case: the longest location and
//! category code, a correction moving a confirmed record to another category in a block already
//! as full of submissions as allowed, votes that decide a correction (confirming it with as many
//! rewarded endorsers as allowed and superseding the record it corrects, or forfeiting its
//! deposit), and a block at which as many corrections as allowed expire.

use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, Hooks};
use frame_system::RawOrigin;

use super::*;

const SEED: u32 = 0;

/// The category the benchmarks' records are filed under.
const CATEGORY: CategoryId = 4242;

/// The category corrections move records to.
const OTHER_CATEGORY: CategoryId = 4243;

/// The code of a category at its longest.
fn longest_code<T: Config>() -> BoundedVec<u8, T::MaxCategoryCodeLen> {
	BoundedVec::truncate_from(vec![b'C'; T::MaxCategoryCodeLen::get() as usize])
}

/// A location at its longest.
fn longest_location<T: Config>() -> Vec<u8> {
	vec![b'v'; T::MaxLocationLen::get() as usize]
}

/// Lists [`CATEGORY`] and [`OTHER_CATEGORY`], with the longest code.
fn category<T: Config>() {
	for id in [CATEGORY, OTHER_CATEGORY] {
		Categories::<T>::insert(id, Category { code: longest_code::<T>(), retired: false });
	}
}

/// A qualified doctor practising at an active hospital, and the hospital.
fn doctor<T: Config>(index: u32) -> (T::AccountId, HospitalId) {
	let doctor: T::AccountId = account("doctor", index, SEED);
	let hospital = T::Doctors::benchmark_doctor(doctor.clone());
	(doctor, hospital)
}

/// Gives `author` enough to hold the deposits of a block full of records, and more.
fn fund<T: Config>(author: &T::AccountId)
where
	T::Currency: Mutate<T::AccountId>,
{
	let funds = T::RecordDeposit::get()
		.saturating_mul(T::MaxSubmissionsPerBlock::get().saturating_add(10).into())
		.saturating_add(T::Currency::minimum_balance().saturating_mul(10u32.into()));
	T::Currency::mint_into(author, funds).expect("minting to a doctor works");
}

/// A patient whose records `author` may write.
fn writable_patient<T: Config>(index: u32, author: &T::AccountId) -> T::AccountId {
	let patient: T::AccountId = account("patient", index, SEED);
	T::Access::benchmark_allow_write(author.clone(), patient.clone());
	patient
}

/// Moves to the next block (so that the doctors made so far may vote on what is submitted in
/// it).
fn next_block<T: Config>() {
	let next = frame_system::Pallet::<T>::block_number().saturating_add(1u32.into());
	frame_system::Pallet::<T>::set_block_number(next);
}

/// Files a pending record by `author` about `patient`, and returns its id.
fn submit<T: Config>(author: &T::AccountId, patient: &T::AccountId) -> RecordId {
	let record = NextRecordId::<T>::get();
	Pallet::<T>::submit_record(
		RawOrigin::Signed(author.clone()).into(),
		patient.clone(),
		CATEGORY,
		H256::repeat_byte(1),
		longest_location::<T>(),
		None,
	)
	.expect("a funded doctor with write access files a record");
	record
}

/// Indexes a confirmed record by `author` about `patient` in [`CATEGORY`], and returns its id.
fn confirmed_record<T: Config>(author: &T::AccountId, patient: &T::AccountId) -> RecordId {
	let record = <Pallet<T> as RecordIndex<T::AccountId, RecordId>>::benchmark_record(
		patient.clone(),
		CATEGORY,
	);
	Records::<T>::mutate(record, |info| {
		if let Some(info) = info {
			info.author = author.clone();
		}
	});
	record
}

/// Indexes a confirmed record about `patient`, then files `author`'s pending correction of it
/// moving it to [`OTHER_CATEGORY`]; returns the old record's id and the correction's.
fn submit_correction<T: Config>(
	author: &T::AccountId,
	patient: &T::AccountId,
) -> (RecordId, RecordId) {
	let old = confirmed_record::<T>(author, patient);
	let correction = NextRecordId::<T>::get();
	Pallet::<T>::submit_record(
		RawOrigin::Signed(author.clone()).into(),
		patient.clone(),
		OTHER_CATEGORY,
		H256::repeat_byte(2),
		longest_location::<T>(),
		Some(old),
	)
	.expect("a funded doctor with write access corrects their confirmed record");
	(old, correction)
}

/// What is held from `author` for their pending records.
fn held<T: Config>(author: &T::AccountId) -> BalanceOf<T> {
	T::Currency::balance_on_hold(&HoldReason::RecordDeposit.into(), author)
}

#[benchmarks(where T::Currency: Mutate<T::AccountId>)]
mod benchmarks {
	use super::*;

	/// The author corrects their own confirmed record, moving it to another category (so write
	/// access is asked for both), in a block in which as many records as allowed but one were
	/// submitted.
	#[benchmark]
	fn submit_record() {
		let (author, hospital) = doctor::<T>(0);
		fund::<T>(&author);
		category::<T>();
		let patient = writable_patient::<T>(0, &author);
		let old = confirmed_record::<T>(&author, &patient);
		next_block::<T>();
		let others = T::MaxSubmissionsPerBlock::get().saturating_sub(1);
		for index in 0..others {
			let other = writable_patient::<T>(index.saturating_add(1), &author);
			submit::<T>(&author, &other);
		}
		let record = NextRecordId::<T>::get();
		let deadline =
			frame_system::Pallet::<T>::block_number().saturating_add(T::PendingPeriod::get());

		#[extrinsic_call]
		_(
			RawOrigin::Signed(author.clone()),
			patient.clone(),
			OTHER_CATEGORY,
			H256::repeat_byte(2),
			longest_location::<T>(),
			Some(old),
		);

		assert!(Records::<T>::get(record)
			.is_some_and(|info| info.status.is_pending() && info.supersedes == Some(old)));
		assert!(Records::<T>::get(old)
			.is_some_and(|info| matches!(info.status, RecordStatus::Confirmed { .. })));
		assert_eq!(PendingCorrections::<T>::get(old), Some(record));
		assert_eq!(Deadlines::<T>::get(deadline).len() as u32, T::MaxSubmissionsPerBlock::get());
		assert_eq!(
			held::<T>(&author),
			T::RecordDeposit::get().saturating_mul(T::MaxSubmissionsPerBlock::get().into())
		);
		frame_system::Pallet::<T>::assert_last_event(
			Event::<T>::RecordSubmitted {
				record,
				patient,
				category: OTHER_CATEGORY,
				author: author.clone(),
				hospital,
				sha256: H256::repeat_byte(2),
				supersedes: Some(old),
			}
			.into(),
		);
	}

	/// The `e`-th endorsement of a correction confirms it: the tally is set so that the `e - 1`
	/// earlier endorsements fell short of 2/3 and the last one crosses it; the deposit is
	/// released, the author and `e` endorsers are rewarded, and the corrected record is
	/// superseded.
	#[benchmark]
	fn endorse_record(e: Linear<1, { T::MaxEndorsers::get() }>) {
		let (author, hospital) = doctor::<T>(0);
		let endorsers: Vec<T::AccountId> = (1..=e)
			.map(|index| {
				let (endorser, at) = doctor::<T>(index);
				assert_eq!(at, hospital, "benchmark doctors practise at one hospital");
				endorser
			})
			.collect();
		// The voters' weights must not have gone up in the block the record is submitted in.
		next_block::<T>();
		fund::<T>(&author);
		category::<T>();
		let patient = writable_patient::<T>(0, &author);
		let (old, record) = submit_correction::<T>(&author, &patient);

		let (last, earlier) = endorsers.split_last().expect("e is at least 1");
		let before: EndorsementWeight = earlier.iter().map(T::Doctors::weight_of).sum();
		let after = before.saturating_add(T::Doctors::weight_of(last));
		// Enough weight that `before` is at most 2/3 of it and `after` more than 2/3.
		let eligible = after.max(before.saturating_mul(3).saturating_add(1) / 2);
		assert!(!exceeds_two_thirds(before, eligible) && exceeds_two_thirds(after, eligible));
		Tallies::<T>::mutate(record, |tally| {
			let tally = tally.as_mut().expect("a pending record has a tally");
			tally.eligible = eligible;
			tally.endorsed = before;
			tally.endorsers = BoundedVec::truncate_from(earlier.to_vec());
		});
		for doctor in earlier {
			Votes::<T>::insert(record, doctor, Vote::Endorse);
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), record);

		assert!(Records::<T>::get(record)
			.is_some_and(|info| matches!(info.status, RecordStatus::Confirmed { .. })));
		assert!(!Tallies::<T>::contains_key(record));
		assert_eq!(Votes::<T>::iter_prefix(record).count() as u32, e);
		assert_eq!(Votes::<T>::get(record, last), Some(Vote::Endorse));
		assert!(held::<T>(&author).is_zero());
		assert!(!PendingCorrections::<T>::contains_key(old));
		frame_system::Pallet::<T>::assert_last_event(
			Event::<T>::RecordSuperseded { record: old, by: record }.into(),
		);
	}

	/// The dispute rejects a correction: its deposit goes to [`Config::ForfeitTo`], and the
	/// corrected record has no pending correction any more.
	#[benchmark]
	fn dispute_record() {
		let (author, hospital) = doctor::<T>(0);
		let (disputer, at) = doctor::<T>(1);
		assert_eq!(at, hospital, "benchmark doctors practise at one hospital");
		next_block::<T>();
		fund::<T>(&author);
		category::<T>();
		let patient = writable_patient::<T>(0, &author);
		let (old, record) = submit_correction::<T>(&author, &patient);
		// Whatever else practises at the hospital, this dispute passes 1/3.
		let weight = T::Doctors::weight_of(&disputer);
		Tallies::<T>::mutate(record, |tally| {
			let tally = tally.as_mut().expect("a pending record has a tally");
			tally.eligible = tally.eligible.min(weight.saturating_mul(2));
		});
		let pot = T::ForfeitTo::get();
		if T::Currency::balance(&pot) < T::Currency::minimum_balance() {
			T::Currency::set_balance(&pot, T::Currency::minimum_balance());
		}
		let pot_before = T::Currency::balance(&pot);

		#[extrinsic_call]
		_(RawOrigin::Signed(disputer.clone()), record);

		assert!(Records::<T>::get(record).is_some_and(|info| matches!(
			info.status,
			RecordStatus::Rejected { cause: Rejection::Disputed, .. }
		)));
		assert!(!Tallies::<T>::contains_key(record));
		assert_eq!(Votes::<T>::get(record, &disputer), Some(Vote::Dispute));
		assert!(!PendingCorrections::<T>::contains_key(old));
		assert!(held::<T>(&author).is_zero());
		assert_eq!(T::Currency::balance(&pot), pot_before.saturating_add(T::RecordDeposit::get()));
		frame_system::Pallet::<T>::assert_last_event(
			Event::<T>::RecordRejected {
				record,
				cause: Rejection::Disputed,
				forfeited: T::RecordDeposit::get(),
			}
			.into(),
		);
	}

	#[benchmark]
	fn add_category() -> Result<(), BenchmarkError> {
		let origin =
			T::CategoryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let code = longest_code::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, CATEGORY, code.to_vec());

		assert_eq!(Categories::<T>::get(CATEGORY), Some(Category { code, retired: false }));
		Ok(())
	}

	#[benchmark]
	fn retire_category() -> Result<(), BenchmarkError> {
		let origin =
			T::CategoryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		category::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, CATEGORY);

		assert!(Categories::<T>::get(CATEGORY).is_some_and(|entry| entry.retired));
		Ok(())
	}

	/// `n` pending corrections (by one author, about different patients) reach their deadline
	/// and expire; their deposits are released and the records they correct stand.
	#[benchmark]
	fn on_initialize(n: Linear<0, { T::MaxSubmissionsPerBlock::get() }>) {
		let (author, _) = doctor::<T>(0);
		fund::<T>(&author);
		category::<T>();
		let records: Vec<RecordId> = (0..n)
			.map(|index| {
				let patient = writable_patient::<T>(index, &author);
				submit_correction::<T>(&author, &patient).1
			})
			.collect();
		let deadline =
			frame_system::Pallet::<T>::block_number().saturating_add(T::PendingPeriod::get());
		frame_system::Pallet::<T>::set_block_number(deadline);

		#[block]
		{
			Pallet::<T>::on_initialize(deadline);
		}

		assert!(!Deadlines::<T>::contains_key(deadline));
		for record in records {
			assert!(Records::<T>::get(record).is_some_and(|info| matches!(
				info.status,
				RecordStatus::Rejected { cause: Rejection::Expired, .. }
			)));
			assert!(!Tallies::<T>::contains_key(record));
		}
		assert!(held::<T>(&author).is_zero());
		assert_eq!(PendingCorrections::<T>::iter().count(), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder.build(), crate::mock::Test);
}
