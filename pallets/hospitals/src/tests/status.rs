//! Suspending, reinstating and removing hospitals.

use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

use crate::{mock::*, Error, Event, HospitalStatus, Hospitals as HospitalsMap};

fn status(hospital: u32) -> Option<HospitalStatus> {
	HospitalsMap::<Test>::get(hospital).map(|h| h.status)
}

#[test]
fn suspending_takes_a_hospital_off_the_council() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 1));
		assert_eq!(status(1), Some(HospitalStatus::Suspended));
		assert_eq!(RecordedCouncil::members(), vec![ADMIN_A, ADMIN_C]);
		System::assert_last_event(Event::HospitalSuspended { hospital: 1 }.into());
	});
}

#[test]
fn reinstating_puts_it_back() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 1));
		assert_ok!(Hospitals::reinstate(RuntimeOrigin::signed(REINSTATER), 1));
		assert_eq!(status(1), Some(HospitalStatus::Active));
		assert_eq!(RecordedCouncil::members(), vec![ADMIN_A, ADMIN_B, ADMIN_C]);
		System::assert_last_event(Event::HospitalReinstated { hospital: 1 }.into());
	});
}

#[test]
fn removing_keeps_the_entry_and_frees_the_admin() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::remove(RuntimeOrigin::signed(REMOVER), 2));
		assert_eq!(status(2), Some(HospitalStatus::Removed));
		assert_eq!(crate::HospitalOfAdmin::<Test>::get(ADMIN_C), None);
		assert_eq!(RecordedCouncil::members(), vec![ADMIN_A, ADMIN_B]);
		assert_eq!(RecordedRemovals::removed(), vec![2], "the other pallets are told at once");
		System::assert_last_event(Event::HospitalRemoved { hospital: 2 }.into());
	});
}

#[test]
fn a_suspended_hospital_can_be_removed() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 2));
		assert_ok!(Hospitals::remove(RuntimeOrigin::signed(REMOVER), 2));
		assert_eq!(status(2), Some(HospitalStatus::Removed));
		assert_eq!(crate::MemberCount::<Test>::get(), 2);
		assert_eq!(RecordedRemovals::removed(), vec![2]);
	});
}

#[test]
fn each_council_permission_has_its_own_origin() {
	ExtBuilder::default().build_and_execute(|| {
		for caller in [ADMITTER, REINSTATER, REMOVER, ADMIN_A] {
			assert_noop!(
				Hospitals::suspend(RuntimeOrigin::signed(caller), 1),
				DispatchError::BadOrigin
			);
		}
		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 1));
		for caller in [ADMITTER, SUSPENDER, REMOVER, ADMIN_A] {
			assert_noop!(
				Hospitals::reinstate(RuntimeOrigin::signed(caller), 1),
				DispatchError::BadOrigin
			);
		}
		for caller in [ADMITTER, SUSPENDER, REINSTATER, ADMIN_A] {
			assert_noop!(
				Hospitals::remove(RuntimeOrigin::signed(caller), 1),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn never_fewer_than_min_hospitals_stay_active() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 0));
		// Two active left, and MinHospitals is 2.
		assert_noop!(
			Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 1),
			Error::<Test>::TooFewActiveHospitals
		);
		assert_noop!(
			Hospitals::remove(RuntimeOrigin::signed(REMOVER), 2),
			Error::<Test>::TooFewActiveHospitals
		);
		assert!(RecordedRemovals::removed().is_empty(), "a failed removal tells no one");
		// Removing an already suspended hospital leaves the active count as it is.
		assert_ok!(Hospitals::remove(RuntimeOrigin::signed(REMOVER), 0));
	});
}

#[test]
fn unknown_and_removed_hospitals_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 9),
			Error::<Test>::UnknownHospital
		);
		assert_noop!(
			Hospitals::reinstate(RuntimeOrigin::signed(REINSTATER), 9),
			Error::<Test>::UnknownHospital
		);
		assert_noop!(
			Hospitals::remove(RuntimeOrigin::signed(REMOVER), 9),
			Error::<Test>::UnknownHospital
		);
		assert_ok!(Hospitals::remove(RuntimeOrigin::signed(REMOVER), 2));
		assert_noop!(
			Hospitals::remove(RuntimeOrigin::signed(REMOVER), 2),
			Error::<Test>::HospitalRemoved
		);
		assert_noop!(
			Hospitals::reinstate(RuntimeOrigin::signed(REINSTATER), 2),
			Error::<Test>::HospitalRemoved
		);
		assert_noop!(
			Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 2),
			Error::<Test>::HospitalRemoved
		);
	});
}

#[test]
fn status_changes_only_from_the_right_state() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Hospitals::reinstate(RuntimeOrigin::signed(REINSTATER), 1),
			Error::<Test>::HospitalNotSuspended
		);
		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 1));
		assert_noop!(
			Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 1),
			Error::<Test>::HospitalNotActive
		);
	});
}
