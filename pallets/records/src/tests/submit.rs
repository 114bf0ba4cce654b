//! Submitting records and correcting them.

use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use mhr_primitives::mock::{MockDoctors, MockHospitals};
use sp_core::H256;

use crate::{
	mock::*, newest_first, Error, Event, HoldReason, NextRecordId, Record, RecordStatus,
	Records as RecordsStorage, RecordsByCategory, RecordsByPatient, Rejection, Tallies,
};

/// A location at the author's vault.
pub fn location(path: &[u8]) -> frame_support::BoundedVec<u8, frame_support::traits::ConstU32<32>> {
	frame_support::BoundedVec::truncate_from(path.to_vec())
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

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Records(HoldReason::RecordDeposit), &who)
}

#[test]
fn a_doctor_with_write_access_files_a_pending_record_and_holds_the_deposit() {
	run(|| {
		System::set_block_number(5);
		let id = submit(7);
		assert_eq!(id, 0);
		assert_eq!(
			RecordsStorage::<Test>::get(0),
			Some(Record {
				patient: PATIENT,
				category: CARDIOLOGY,
				sha256: H256::repeat_byte(7),
				location: location(b"vault://h0/r"),
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
	run(|| {
		MockAccess::deny(AUTHOR, PATIENT);
		assert_noop!(
			Records::submit_record(
				RuntimeOrigin::signed(AUTHOR),
				PATIENT,
				CARDIOLOGY,
				H256::zero(),
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
				H256::zero(),
				location(b"x"),
				None
			),
			Error::<Test>::NoWriteAccess
		);
	});
}

#[test]
fn a_suspended_unqualified_or_unregistered_author_is_refused() {
	run(|| {
		let try_submit = |who| {
			Records::submit_record(
				RuntimeOrigin::signed(who),
				PATIENT,
				CARDIOLOGY,
				H256::zero(),
				location(b"x"),
				None,
			)
		};
		MockAccess::allow(PATIENT_2, PATIENT);
		assert_noop!(try_submit(PATIENT_2), Error::<Test>::NotQualifiedDoctor);
		MockDoctors::update(AUTHOR, |d| d.suspended = true);
		assert_noop!(try_submit(AUTHOR), Error::<Test>::NotQualifiedDoctor);
		MockDoctors::update(AUTHOR, |d| {
			d.suspended = false;
			d.qualified = false;
		});
		assert_noop!(try_submit(AUTHOR), Error::<Test>::NotQualifiedDoctor);
		MockDoctors::update(AUTHOR, |d| d.qualified = true);
		MockHospitals::set(0, ADMIN_0, false);
		assert_noop!(try_submit(AUTHOR), Error::<Test>::NotQualifiedDoctor);
		MockHospitals::set(0, ADMIN_0, true);
		assert_ok!(try_submit(AUTHOR));
	});
}

#[test]
fn unknown_or_retired_categories_empty_locations_and_full_blocks_are_refused() {
	run(|| {
		let try_submit = |category, path: &[u8]| {
			Records::submit_record(
				RuntimeOrigin::signed(AUTHOR),
				PATIENT,
				category,
				H256::zero(),
				location(path),
				None,
			)
		};
		assert_noop!(try_submit(77, b"x"), Error::<Test>::UnknownCategory);
		assert_noop!(try_submit(CARDIOLOGY, b""), Error::<Test>::EmptyLocation);
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
	run(|| {
		MockDoctors::set(30, 0, 10);
		MockAccess::allow(30, PATIENT);
		assert!(Records::submit_record(
			RuntimeOrigin::signed(30),
			PATIENT,
			CARDIOLOGY,
			H256::zero(),
			location(b"x"),
			None
		)
		.is_err());
		assert_eq!(NextRecordId::<Test>::get(), 0);
		assert_eq!(RecordsByPatient::<Test>::iter().count(), 0);
	});
}

#[test]
fn a_correction_supersedes_a_pending_record_and_returns_its_deposit() {
	run(|| {
		let old = submit(1);
		System::set_block_number(2);
		assert_ok!(Records::submit_record(
			RuntimeOrigin::signed(AUTHOR),
			PATIENT,
			ONCOLOGY,
			H256::repeat_byte(2),
			location(b"vault://h0/r2"),
			Some(old),
		));
		let new = old + 1;
		assert_eq!(
			RecordsStorage::<Test>::get(old).map(|r| r.status),
			Some(RecordStatus::Superseded { by: new, at: 2 })
		);
		assert_eq!(RecordsStorage::<Test>::get(new).and_then(|r| r.supersedes), Some(old));
		assert!(Tallies::<Test>::get(old).is_none(), "the old vote ends");
		assert_eq!(held(AUTHOR), DEPOSIT, "only the correction's deposit is held");
		assert!(record_events().contains(&Event::RecordSuperseded { record: old, by: new }));
		// Both stay in the index.
		assert_eq!(RecordsByPatient::<Test>::iter_prefix(PATIENT).count(), 2);
		assert_noop!(
			Records::endorse_record(RuntimeOrigin::signed(E1), old),
			Error::<Test>::NotPending
		);
	});
}

#[test]
fn a_colleague_may_correct_a_confirmed_record() {
	run(|| {
		let old = submit(1);
		for voter in [E1, E2, E3] {
			assert_ok!(Records::endorse_record(RuntimeOrigin::signed(voter), old));
		}
		assert!(matches!(
			RecordsStorage::<Test>::get(old).map(|r| r.status),
			Some(RecordStatus::Confirmed { .. })
		));
		MockAccess::allow(E1, PATIENT);
		assert_ok!(Records::submit_record(
			RuntimeOrigin::signed(E1),
			PATIENT,
			CARDIOLOGY,
			H256::repeat_byte(2),
			location(b"vault://h0/r2"),
			Some(old),
		));
		assert_eq!(held(AUTHOR), 0, "the confirmed record's deposit went back before");
		assert_eq!(held(E1), DEPOSIT);
		assert!(matches!(
			RecordsStorage::<Test>::get(old).map(|r| r.status),
			Some(RecordStatus::Superseded { by: 1, .. })
		));
	});
}

#[test]
fn corrections_are_refused_across_patients_hospitals_and_decided_records() {
	run(|| {
		let old = submit(1);
		MockAccess::allow(AUTHOR, PATIENT_2);
		MockAccess::allow(DOC_B, PATIENT);
		let correct = |who, patient, of| {
			Records::submit_record(
				RuntimeOrigin::signed(who),
				patient,
				CARDIOLOGY,
				H256::repeat_byte(9),
				location(b"y"),
				Some(of),
			)
		};
		assert_noop!(correct(AUTHOR, PATIENT, 42), Error::<Test>::UnknownRecord);
		assert_noop!(correct(AUTHOR, PATIENT_2, old), Error::<Test>::PatientMismatch);
		assert_noop!(correct(DOC_B, PATIENT, old), Error::<Test>::NotAuthorOrColleague);
		// Rejected records cannot be corrected, nor can a record twice.
		assert_ok!(Records::dispute_record(RuntimeOrigin::signed(E1), old));
		assert_ok!(Records::dispute_record(RuntimeOrigin::signed(E3), old));
		assert!(matches!(
			RecordsStorage::<Test>::get(old).map(|r| r.status),
			Some(RecordStatus::Rejected { cause: Rejection::Disputed, .. })
		));
		assert_noop!(correct(AUTHOR, PATIENT, old), Error::<Test>::NotSupersedable);
		let other = submit(3);
		assert_ok!(correct(AUTHOR, PATIENT, other));
		assert_noop!(correct(AUTHOR, PATIENT, other), Error::<Test>::NotSupersedable);
	});
}
