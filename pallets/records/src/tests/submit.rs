//! Submitting records and correcting them.

use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use mhr_primitives::mock::{MockDoctors, MockHospitals};
use sp_core::H256;

use crate::{
	mock::*, newest_first, Error, Event, NextRecordId, PendingCorrections, Record, RecordStatus,
	Records as RecordsStorage, RecordsByCategory, RecordsByPatient, Rejection, Tallies,
};

/// A location at the author's vault.
pub fn location(path: &[u8]) -> Vec<u8> {
	path.to_vec()
}

/// `AUTHOR` files a cardiology record about `PATIENT` with hash `h`; returns its id.
pub fn submit(h: u8) -> u64 {
	let id = NextRecordId::<Test>::get();
	assert_ok!(Records::submit_record(
		RuntimeOrigin::signed(AUTHOR),
		PATIENT,
		CARDIOLOGY,
		H256::repeat_byte(h),
		location(b"vault://h0/r"),
		None,
	));
	id
}

#[test]
fn a_doctor_with_write_access_files_a_pending_record_and_holds_the_deposit() {
	ExtBuilder.build_and_execute(|| {
		System::set_block_number(5);
		let id = submit(7);
		assert_eq!(id, 0);
		assert_eq!(
			RecordsStorage::<Test>::get(0),
			Some(Record {
				patient: PATIENT,
				category: CARDIOLOGY,
				sha256: H256::repeat_byte(7),
				location: frame_support::BoundedVec::truncate_from(location(b"vault://h0/r")),
				author: AUTHOR,
				hospital: 0,
				submitted_at: 5,
				timestamp: 30_000,
				status: RecordStatus::Pending { deadline: 5 + PENDING_PERIOD },
				supersedes: None,
				deposit: DEPOSIT,
			})
		);
		assert_eq!(held(AUTHOR), DEPOSIT);
		assert_eq!(Balances::balance(&AUTHOR), ENDOWMENT - DEPOSIT);
		assert_eq!(Tallies::<Test>::get(0).map(|t| t.eligible), Some(300), "total less the author");
		assert!(RecordsByPatient::<Test>::contains_key(PATIENT, newest_first(0)));
		assert!(RecordsByCategory::<Test>::contains_key((PATIENT, CARDIOLOGY), newest_first(0)));
		System::assert_last_event(
			Event::RecordSubmitted {
				record: 0,
				patient: PATIENT,
				category: CARDIOLOGY,
				author: AUTHOR,
				hospital: 0,
				sha256: H256::repeat_byte(7),
				supersedes: None,
			}
			.into(),
		);
		assert_eq!(submit(8), 1, "ids follow in sequence");
	});
}

#[test]
fn without_write_access_nothing_is_filed() {
	ExtBuilder.build_and_execute(|| {
		MockAccess::deny(AUTHOR, PATIENT);
		assert_noop!(
			Records::submit_record(
				RuntimeOrigin::signed(AUTHOR),
				PATIENT,
				CARDIOLOGY,
				H256::repeat_byte(1),
				location(b"x"),
				None
			),
			Error::<Test>::NoWriteAccess
		);
		// Access to one patient is not access to another.
		assert_noop!(
			Records::submit_record(
				RuntimeOrigin::signed(E1),
				PATIENT_2,
				CARDIOLOGY,
				H256::repeat_byte(1),
				location(b"x"),
				None
			),
			Error::<Test>::NoWriteAccess
		);
	});
}

#[test]
fn a_sha256_of_zeros_is_refused() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Records::submit_record(
				RuntimeOrigin::signed(AUTHOR),
				PATIENT,
				CARDIOLOGY,
				H256::zero(),
				location(b"x"),
				None
			),
			Error::<Test>::ZeroRecordHash
		);
	});
}

#[test]
fn an_author_who_may_not_write_is_told_why() {
	ExtBuilder.build_and_execute(|| {
		let try_submit = |who| {
			Records::submit_record(
				RuntimeOrigin::signed(who),
				PATIENT,
				CARDIOLOGY,
				H256::repeat_byte(1),
				location(b"x"),
				None,
			)
		};
		MockAccess::allow(PATIENT_2, PATIENT);
		assert_noop!(try_submit(PATIENT_2), Error::<Test>::NotRegisteredDoctor);
		MockDoctors::update(AUTHOR, |d| d.suspended = true);
		assert_noop!(try_submit(AUTHOR), Error::<Test>::DoctorSuspended);
		MockDoctors::update(AUTHOR, |d| {
			d.suspended = false;
			d.released = true;
		});
		assert_noop!(try_submit(AUTHOR), Error::<Test>::DoctorReleased);
		MockDoctors::update(AUTHOR, |d| {
			d.released = false;
			d.qualified = false;
		});
		assert_noop!(try_submit(AUTHOR), Error::<Test>::BondBelowMinimum);
		MockDoctors::update(AUTHOR, |d| d.qualified = true);
		MockHospitals::set(0, ADMIN_0, false);
		assert_noop!(try_submit(AUTHOR), Error::<Test>::HospitalNotActive);
		MockHospitals::set(0, ADMIN_0, true);
		assert_ok!(try_submit(AUTHOR));
	});
}

#[test]
fn unknown_or_retired_categories_empty_locations_and_full_blocks_are_refused() {
	ExtBuilder.build_and_execute(|| {
		let try_submit = |category, path: &[u8]| {
			Records::submit_record(
				RuntimeOrigin::signed(AUTHOR),
				PATIENT,
				category,
				H256::repeat_byte(1),
				location(path),
				None,
			)
		};
		assert_noop!(try_submit(77, b"x"), Error::<Test>::UnknownCategory);
		assert_noop!(try_submit(CARDIOLOGY, b""), Error::<Test>::EmptyLocation);
		// The mock's limit is 32 bytes.
		assert_noop!(try_submit(CARDIOLOGY, &[b'v'; 33]), Error::<Test>::LocationTooLong);
		assert_ok!(Records::retire_category(RuntimeOrigin::signed(COUNCIL), ONCOLOGY));
		assert_noop!(try_submit(ONCOLOGY, b"x"), Error::<Test>::CategoryRetired);
		for _ in 0..MAX_PER_BLOCK {
			assert_ok!(try_submit(CARDIOLOGY, b"x"));
		}
		assert_noop!(try_submit(CARDIOLOGY, b"x"), Error::<Test>::TooManySubmissionsThisBlock);
		System::set_block_number(2);
		assert_ok!(try_submit(CARDIOLOGY, b"x"));
	});
}

#[test]
fn an_author_who_cannot_pay_the_deposit_files_nothing() {
	ExtBuilder.build_and_execute(|| {
		MockDoctors::set(30, 0, 10);
		MockAccess::allow(30, PATIENT);
		assert!(Records::submit_record(
			RuntimeOrigin::signed(30),
			PATIENT,
			CARDIOLOGY,
			H256::repeat_byte(1),
			location(b"x"),
			None
		)
		.is_err());
		assert_eq!(NextRecordId::<Test>::get(), 0);
		assert_eq!(RecordsByPatient::<Test>::iter().count(), 0);
	});
}

/// `AUTHOR`'s cardiology record about `PATIENT`, confirmed by `E1`, `E2` and `E3`.
fn confirmed(h: u8) -> u64 {
	let record = submit(h);
	for voter in [E1, E2, E3] {
		assert_ok!(Records::endorse_record(RuntimeOrigin::signed(voter), record));
	}
	assert!(matches!(
		RecordsStorage::<Test>::get(record).map(|r| r.status),
		Some(RecordStatus::Confirmed { .. })
	));
	record
}

fn correct(who: u64, patient: u64, category: u16, of: u64) -> sp_runtime::DispatchResult {
	Records::submit_record(
		RuntimeOrigin::signed(who),
		patient,
		category,
		H256::repeat_byte(9),
		location(b"vault://h0/fix"),
		Some(of),
	)
}

#[test]
fn a_correction_supersedes_a_confirmed_record_once_it_is_confirmed_itself() {
	ExtBuilder.build_and_execute(|| {
		let old = confirmed(1);
		System::set_block_number(2);
		// A colleague files the correction; the old record stands while it is pending.
		MockAccess::allow(E1, PATIENT);
		assert_ok!(correct(E1, PATIENT, CARDIOLOGY, old));
		let new = old + 1;
		assert_eq!(RecordsStorage::<Test>::get(new).and_then(|r| r.supersedes), Some(old));
		assert!(matches!(
			RecordsStorage::<Test>::get(old).map(|r| r.status),
			Some(RecordStatus::Confirmed { .. })
		));
		assert_eq!(PendingCorrections::<Test>::get(old), Some(new));
		assert_eq!(held(AUTHOR), 0, "the confirmed record's deposit went back before");
		assert_eq!(held(E1), DEPOSIT);
		// One correction at a time.
		assert_noop!(correct(AUTHOR, PATIENT, CARDIOLOGY, old), Error::<Test>::CorrectionPending);
		// E1 is the correction's author: AUTHOR, E2 and E3 vote (100 + 100 + 1 of 300).
		System::set_block_number(3);
		for voter in [AUTHOR, E2, E3] {
			assert_ok!(Records::endorse_record(RuntimeOrigin::signed(voter), new));
		}
		assert_eq!(
			RecordsStorage::<Test>::get(old).map(|r| r.status),
			Some(RecordStatus::Superseded { by: new, at: 3 })
		);
		assert!(PendingCorrections::<Test>::get(old).is_none());
		assert_eq!(record_events().last(), Some(&Event::RecordSuperseded { record: old, by: new }));
		// Both stay in the index; a superseded record is not corrected again.
		assert_eq!(RecordsByPatient::<Test>::iter_prefix(PATIENT).count(), 2);
		assert_noop!(correct(AUTHOR, PATIENT, CARDIOLOGY, old), Error::<Test>::NotSupersedable);
	});
}

#[test]
fn a_rejected_or_expired_correction_leaves_the_record_standing() {
	ExtBuilder.build_and_execute(|| {
		let old = confirmed(1);
		assert_ok!(correct(AUTHOR, PATIENT, CARDIOLOGY, old));
		let disputed = old + 1;
		assert_ok!(Records::dispute_record(RuntimeOrigin::signed(E1), disputed));
		assert_ok!(Records::dispute_record(RuntimeOrigin::signed(E3), disputed));
		assert!(matches!(
			RecordsStorage::<Test>::get(old).map(|r| r.status),
			Some(RecordStatus::Confirmed { .. })
		));
		assert!(PendingCorrections::<Test>::get(old).is_none());
		// A new correction may follow; left alone it expires, and the record still stands.
		System::set_block_number(2);
		assert_ok!(correct(AUTHOR, PATIENT, CARDIOLOGY, old));
		run_to_block(2 + PENDING_PERIOD);
		assert!(matches!(
			RecordsStorage::<Test>::get(old + 2).map(|r| r.status),
			Some(RecordStatus::Rejected { cause: Rejection::Expired, .. })
		));
		assert!(matches!(
			RecordsStorage::<Test>::get(old).map(|r| r.status),
			Some(RecordStatus::Confirmed { .. })
		));
		assert!(PendingCorrections::<Test>::get(old).is_none());
	});
}

#[test]
fn corrections_are_refused_across_patients_hospitals_categories_and_undecided_records() {
	ExtBuilder.build_and_execute(|| {
		let old = confirmed(1);
		MockAccess::allow(AUTHOR, PATIENT_2);
		MockAccess::allow(DOC_B, PATIENT);
		assert_noop!(correct(AUTHOR, PATIENT, CARDIOLOGY, 42), Error::<Test>::UnknownRecord);
		assert_noop!(correct(AUTHOR, PATIENT_2, CARDIOLOGY, old), Error::<Test>::PatientMismatch);
		assert_noop!(correct(DOC_B, PATIENT, CARDIOLOGY, old), Error::<Test>::NotAuthorOrColleague);
		// Moving a record to oncology needs write access to cardiology as well.
		MockAccess::allow_only(E1, PATIENT, ONCOLOGY);
		assert_noop!(correct(E1, PATIENT, ONCOLOGY, old), Error::<Test>::NoWriteAccess);
		MockAccess::allow_only(E1, PATIENT, CARDIOLOGY);
		assert_ok!(correct(E1, PATIENT, ONCOLOGY, old));
		// A pending record is disputed, not corrected; a rejected one is not corrected either.
		System::set_block_number(2);
		let pending = submit(3);
		assert_noop!(correct(AUTHOR, PATIENT, CARDIOLOGY, pending), Error::<Test>::NotSupersedable);
		assert_ok!(Records::dispute_record(RuntimeOrigin::signed(E1), pending));
		assert_ok!(Records::dispute_record(RuntimeOrigin::signed(E3), pending));
		assert_noop!(correct(AUTHOR, PATIENT, CARDIOLOGY, pending), Error::<Test>::NotSupersedable);
	});
}
