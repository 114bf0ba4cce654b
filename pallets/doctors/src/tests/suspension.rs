//! Suspension, by the hospital or the council, takes effect at once for every other pallet.

use frame_support::{assert_noop, assert_ok};
use mhr_primitives::{DoctorRegistry, DoctorStanding};

use crate::{mock::*, Error, Event, SuspensionBy};

#[test]
fn a_suspended_doctor_carries_no_weight_at_once() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		doctor(ADMIN_0, 11, INTERN, 50);
		assert_eq!(Staking::total_weight(0), 450);

		assert_ok!(Staking::suspend_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		System::assert_has_event(
			Event::DoctorSuspended { doctor: 10, by: SuspensionBy::Hospital }.into(),
		);
		assert_eq!(Staking::weight_of(&10), 0);
		assert_eq!(Staking::total_weight(0), 50);
		assert_eq!(Staking::active_hospital_of(&10), None);
		assert!(!Staking::is_qualified(&10, 0));
		assert_eq!(Staking::standing(&10), DoctorStanding::Suspended(0));
		assert_eq!(Staking::priority_of(&10), 0);

		assert_ok!(Staking::reinstate_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		System::assert_has_event(
			Event::DoctorReinstated { doctor: 10, by: SuspensionBy::Hospital }.into(),
		);
		assert_eq!(Staking::total_weight(0), 450);
	});
}

#[test]
fn suspending_twice_or_reinstating_the_unsuspended_fails() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		assert_noop!(
			Staking::reinstate_doctor(RuntimeOrigin::signed(ADMIN_0), 10),
			Error::<Test>::NotSuspended
		);
		assert_ok!(Staking::suspend_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		assert_noop!(
			Staking::suspend_doctor(RuntimeOrigin::signed(ADMIN_0), 10),
			Error::<Test>::AlreadySuspended
		);
		assert_noop!(
			Staking::council_reinstate(RuntimeOrigin::signed(COUNCIL), 10),
			Error::<Test>::NotSuspended
		);
		assert_ok!(Staking::council_suspend(RuntimeOrigin::signed(COUNCIL), 10));
		assert_noop!(
			Staking::council_suspend(RuntimeOrigin::signed(COUNCIL), 10),
			Error::<Test>::AlreadySuspended
		);
	});
}

#[test]
fn only_the_council_lifts_its_suspension_and_moving_does_not() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		assert_ok!(Staking::council_suspend(RuntimeOrigin::signed(COUNCIL), 10));
		System::assert_has_event(
			Event::DoctorSuspended { doctor: 10, by: SuspensionBy::Council }.into(),
		);
		assert_eq!(Staking::total_weight(0), 0);
		// The hospital cannot lift it, and releasing the doctor to another hospital keeps it.
		assert_noop!(
			Staking::reinstate_doctor(RuntimeOrigin::signed(ADMIN_0), 10),
			Error::<Test>::NotSuspended
		);
		assert_ok!(Staking::release_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		doctor(ADMIN_1, 10, CHIEF, 0);
		assert_eq!(Staking::active_hospital_of(&10), None);
		assert_eq!(Staking::total_weight(1), 0);

		assert_ok!(Staking::council_reinstate(RuntimeOrigin::signed(COUNCIL), 10));
		System::assert_has_event(
			Event::DoctorReinstated { doctor: 10, by: SuspensionBy::Council }.into(),
		);
		assert_eq!(Staking::active_hospital_of(&10), Some(1));
		assert_eq!(Staking::total_weight(1), 400);
	});
}

#[test]
fn both_suspensions_must_be_lifted() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		assert_ok!(Staking::suspend_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		assert_ok!(Staking::council_suspend(RuntimeOrigin::signed(COUNCIL), 10));
		assert_ok!(Staking::reinstate_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		assert_eq!(Staking::weight_of(&10), 0);
		assert_ok!(Staking::council_reinstate(RuntimeOrigin::signed(COUNCIL), 10));
		assert_eq!(Staking::weight_of(&10), 400);
	});
}

#[test]
fn only_the_council_origin_suspends_any_doctor() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		for who in [ADMIN_0, ADMIN_1, SLASHER, 10] {
			assert_noop!(
				Staking::council_suspend(RuntimeOrigin::signed(who), 10),
				sp_runtime::DispatchError::BadOrigin
			);
			assert_noop!(
				Staking::council_reinstate(RuntimeOrigin::signed(who), 10),
				sp_runtime::DispatchError::BadOrigin
			);
		}
		assert_noop!(
			Staking::council_suspend(RuntimeOrigin::signed(COUNCIL), 42),
			Error::<Test>::UnknownDoctor
		);
		assert_noop!(
			Staking::council_reinstate(RuntimeOrigin::signed(COUNCIL), 42),
			Error::<Test>::UnknownDoctor
		);
	});
}

#[test]
fn a_council_suspension_survives_unbonding_everything_and_release() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		assert_ok!(Staking::council_suspend(RuntimeOrigin::signed(COUNCIL), 10));
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 100));
		System::set_block_number(11);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(10)));
		assert_ok!(Staking::release_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		// Nothing held, no hospital: still kept, because of the council's suspension.
		assert!(crate::Doctors::<Test>::get(10).is_some_and(|info| info.suspended_by_council));
		doctor(ADMIN_1, 10, CHIEF, 100);
		assert_eq!(Staking::active_hospital_of(&10), None);
		assert_eq!(Staking::total_weight(1), 0);
	});
}
