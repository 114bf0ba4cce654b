//! Endorsement and dispute by the hospital's doctors, with the weights fixed at submission;
//! expiry.

use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use mhr_primitives::mock::{MockDoctors, MockHospitals};

use crate::{
	mock::*, Error, Event, RecordStatus, Records as RecordsStorage, Rejection, Tallies, Vote, Votes,
};

use super::submit::submit;

fn status(record: u64) -> Option<RecordStatus<u64>> {
	RecordsStorage::<Test>::get(record).map(|r| r.status)
}

#[test]
fn exactly_two_thirds_does_not_confirm_one_more_unit_does() {
	ExtBuilder.build_and_execute(|| {
		let record = submit(1);
		// 300 may vote: 200 is exactly 2/3.
		assert_ok!(Records::endorse_record(RuntimeOrigin::signed(E1), record));
		assert_ok!(Records::endorse_record(RuntimeOrigin::signed(E2), record));
		assert!(matches!(status(record), Some(RecordStatus::Pending { .. })));
		assert_eq!(Tallies::<Test>::get(record).map(|t| t.endorsed), Some(200));
		assert!(MockRewards::confirmed().is_empty());
		System::set_block_number(4);
		assert_ok!(Records::endorse_record(RuntimeOrigin::signed(E3), record));
		assert_eq!(status(record), Some(RecordStatus::Confirmed { at: 4 }));
		assert_eq!(MockRewards::confirmed(), vec![(0, AUTHOR, vec![E1, E2, E3])]);
		assert_eq!(held(AUTHOR), 0, "the deposit went back");
		assert_eq!(Balances::balance(&AUTHOR), ENDOWMENT);
		assert!(Tallies::<Test>::get(record).is_none());
		assert_eq!(Votes::<Test>::get(record, E3), Some(Vote::Endorse), "votes stay as history");
		let events = record_events();
		assert!(events.contains(&Event::RecordEndorsed { record, doctor: E3, weight: 1 }));
		assert_eq!(events.last(), Some(&Event::RecordConfirmed { record }));
	});
}

#[test]
fn exactly_one_third_disputing_does_not_reject_one_more_unit_does() {
	ExtBuilder.build_and_execute(|| {
		let record = submit(1);
		assert_ok!(Records::dispute_record(RuntimeOrigin::signed(E1), record));
		assert!(matches!(status(record), Some(RecordStatus::Pending { .. })));
		System::set_block_number(3);
		assert_ok!(Records::dispute_record(RuntimeOrigin::signed(E3), record));
		assert_eq!(
			status(record),
			Some(RecordStatus::Rejected { at: 3, cause: Rejection::Disputed })
		);
		assert_eq!(held(AUTHOR), 0);
		assert_eq!(Balances::balance(&AUTHOR), ENDOWMENT - DEPOSIT, "the deposit is forfeited");
		assert_eq!(Balances::balance(&POT), ENDOWMENT + DEPOSIT, "to the pot");
		assert!(MockRewards::confirmed().is_empty());
		System::assert_last_event(
			Event::RecordRejected { record, cause: Rejection::Disputed, forfeited: DEPOSIT }.into(),
		);
		assert_noop!(
			Records::endorse_record(RuntimeOrigin::signed(E2), record),
			Error::<Test>::NotPending
		);
	});
}

#[test]
fn a_record_still_pending_at_its_deadline_expires_and_its_deposit_returns() {
	ExtBuilder.build_and_execute(|| {
		let record = submit(1);
		assert_ok!(Records::endorse_record(RuntimeOrigin::signed(E1), record));
		run_to_block(PENDING_PERIOD);
		assert!(matches!(status(record), Some(RecordStatus::Pending { .. })), "one block short");
		run_to_block(1 + PENDING_PERIOD);
		assert_eq!(
			status(record),
			Some(RecordStatus::Rejected { at: 1 + PENDING_PERIOD, cause: Rejection::Expired })
		);
		assert_eq!(held(AUTHOR), 0);
		assert_eq!(Balances::balance(&AUTHOR), ENDOWMENT);
		System::assert_last_event(
			Event::RecordRejected { record, cause: Rejection::Expired, forfeited: 0 }.into(),
		);
		assert_noop!(
			Records::endorse_record(RuntimeOrigin::signed(E2), record),
			Error::<Test>::NotPending
		);
	});
}

#[test]
fn a_decided_record_is_not_expired_again() {
	ExtBuilder.build_and_execute(|| {
		let record = submit(1);
		for voter in [E1, E2, E3] {
			assert_ok!(Records::endorse_record(RuntimeOrigin::signed(voter), record));
		}
		run_to_block(1 + PENDING_PERIOD);
		assert_eq!(status(record), Some(RecordStatus::Confirmed { at: 1 }));
	});
}

#[test]
fn votes_are_refused_to_the_author_outsiders_and_twice() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Records::endorse_record(RuntimeOrigin::signed(E1), 9),
			Error::<Test>::UnknownRecord
		);
		let record = submit(1);
		assert_noop!(
			Records::endorse_record(RuntimeOrigin::signed(AUTHOR), record),
			Error::<Test>::AuthorCannotVote
		);
		assert_noop!(
			Records::dispute_record(RuntimeOrigin::signed(DOC_B), record),
			Error::<Test>::NotDoctorOfHospital
		);
		assert_noop!(
			Records::endorse_record(RuntimeOrigin::signed(PATIENT), record),
			Error::<Test>::NotRegisteredDoctor
		);
		assert_ok!(Records::endorse_record(RuntimeOrigin::signed(E1), record));
		assert_noop!(
			Records::endorse_record(RuntimeOrigin::signed(E1), record),
			Error::<Test>::AlreadyVoted
		);
		assert_noop!(
			Records::dispute_record(RuntimeOrigin::signed(E1), record),
			Error::<Test>::AlreadyVoted
		);
	});
}

#[test]
fn a_doctor_who_may_not_vote_is_told_why() {
	ExtBuilder.build_and_execute(|| {
		let record = submit(1);
		MockDoctors::update(E1, |d| d.suspended = true);
		assert_noop!(
			Records::endorse_record(RuntimeOrigin::signed(E1), record),
			Error::<Test>::DoctorSuspended
		);
		MockDoctors::update(E2, |d| d.qualified = false);
		assert_noop!(
			Records::endorse_record(RuntimeOrigin::signed(E2), record),
			Error::<Test>::BondBelowMinimum
		);
		MockDoctors::update(E2, |d| {
			d.qualified = true;
			d.released = true;
		});
		assert_noop!(
			Records::dispute_record(RuntimeOrigin::signed(E2), record),
			Error::<Test>::DoctorReleased
		);
		MockHospitals::set(0, ADMIN_0, false);
		assert_noop!(
			Records::dispute_record(RuntimeOrigin::signed(E3), record),
			Error::<Test>::HospitalNotActive
		);
	});
}

#[test]
fn weight_raised_after_submission_cannot_vote_and_weight_lost_counts_less() {
	ExtBuilder.build_and_execute(|| {
		System::set_block_number(10);
		let record = submit(1);
		// E1 bonded more in the submission block itself; E2 later: neither may vote.
		MockDoctors::update(E1, |d| {
			d.weight = 10_000;
			d.raised_at = Some(10);
		});
		MockDoctors::update(E2, |d| d.raised_at = Some(12));
		assert_noop!(
			Records::endorse_record(RuntimeOrigin::signed(E1), record),
			Error::<Test>::WeightRaisedDuringVote
		);
		assert_noop!(
			Records::dispute_record(RuntimeOrigin::signed(E2), record),
			Error::<Test>::WeightRaisedDuringVote
		);
		// A doctor who joined after submission likewise.
		MockDoctors::set(15, 0, 500);
		MockDoctors::update(15, |d| d.raised_at = Some(11));
		assert_noop!(
			Records::endorse_record(RuntimeOrigin::signed(15), record),
			Error::<Test>::WeightRaisedDuringVote
		);
		// A raise before submission is fine; a loss counts what is left.
		MockDoctors::update(E4, |d| {
			d.raised_at = Some(9);
			d.weight = 50;
		});
		assert_ok!(Records::endorse_record(RuntimeOrigin::signed(E4), record));
		assert_eq!(Tallies::<Test>::get(record).map(|t| (t.eligible, t.endorsed)), Some((300, 50)));
	});
}

#[test]
fn a_doctor_without_weight_cannot_vote() {
	ExtBuilder.build_and_execute(|| {
		let record = submit(1);
		MockDoctors::update(E3, |d| d.weight = 0);
		assert_noop!(
			Records::endorse_record(RuntimeOrigin::signed(E3), record),
			Error::<Test>::NoEndorsementWeight
		);
	});
}

#[test]
fn endorsements_beyond_the_rewarded_ones_still_count() {
	ExtBuilder.build_and_execute(|| {
		// Five light doctors join before the record: 305 may vote, of which 2/3 is 203.33...
		// The first four endorsers are rewarded; later endorsements count all the same.
		for doctor in 31..=35 {
			MockDoctors::set(doctor, 0, 1);
		}
		let record = submit(1);
		for doctor in [E1, E2, 31, 32, 33] {
			assert_ok!(Records::endorse_record(RuntimeOrigin::signed(doctor), record));
		}
		assert_eq!(MAX_ENDORSERS, 4);
		assert_eq!(
			Tallies::<Test>::get(record).map(|t| (t.endorsed, t.endorsers.len(), t.voters())),
			Some((203, 4, 5))
		);
		assert!(matches!(status(record), Some(RecordStatus::Pending { .. })));
		assert_ok!(Records::endorse_record(RuntimeOrigin::signed(34), record));
		assert_eq!(status(record), Some(RecordStatus::Confirmed { at: 1 }));
		assert_eq!(MockRewards::confirmed(), vec![(0, AUTHOR, vec![E1, E2, 31, 32])]);
		assert_eq!(Votes::<Test>::iter_prefix(record).count(), 6);
	});
}

#[test]
fn a_hospital_whose_only_doctor_is_the_author_cannot_confirm() {
	ExtBuilder.build_and_execute(|| {
		MockDoctors::clear();
		MockDoctors::set(AUTHOR, 0, 100);
		let record = submit(1);
		assert_eq!(Tallies::<Test>::get(record).map(|t| t.eligible), Some(0));
		run_to_block(1 + PENDING_PERIOD);
		assert!(matches!(
			status(record),
			Some(RecordStatus::Rejected { cause: Rejection::Expired, .. })
		));
	});
}
