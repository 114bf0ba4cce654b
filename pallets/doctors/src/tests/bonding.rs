//! Bonding with a fungible hold; unbonding released only after the period; rebonding.

use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use mhr_primitives::DoctorRegistry;

use crate::{mock::*, Doctors, Error, Event, HoldReason, UnlockChunk};

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Staking(HoldReason::Bond), &who)
}

#[test]
fn bonding_holds_the_funds() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, SPECIALIST, 0);
		assert_ok!(Staking::bond(RuntimeOrigin::signed(10), 30));
		assert_ok!(Staking::bond(RuntimeOrigin::signed(10), 20));
		System::assert_has_event(Event::Bonded { doctor: 10, amount: 20 }.into());
		assert_eq!(held(10), 50);
		assert_eq!(Balances::balance(&10), ENDOWMENT - 50);
		assert_eq!(Doctors::<Test>::get(10).map(|info| info.bonded), Some(50));
		assert_eq!(Staking::weight_of(&10), 100);
	});
}

#[test]
fn bonding_needs_a_doctor_funds_and_an_amount() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(Staking::bond(RuntimeOrigin::signed(10), 30), Error::<Test>::UnknownDoctor);
		doctor(ADMIN_0, 10, SPECIALIST, 0);
		assert_noop!(Staking::bond(RuntimeOrigin::signed(10), 0), Error::<Test>::ZeroAmount);
		assert!(Staking::bond(RuntimeOrigin::signed(10), ENDOWMENT + 1).is_err());
		assert_eq!(held(10), 0);
	});
}

#[test]
fn unbonded_funds_stop_weighing_at_once_and_are_released_only_after_the_period() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, SPECIALIST, 100);
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 40));
		System::assert_has_event(Event::Unbonded { doctor: 10, amount: 40, unlocks_at: 11 }.into());
		assert_eq!(Staking::weight_of(&10), 120);
		assert_eq!(held(10), 100);

		// Block 10: one block short of the period.
		System::set_block_number(10);
		assert_noop!(
			Staking::withdraw_unbonded(RuntimeOrigin::signed(10)),
			Error::<Test>::NothingToWithdraw
		);
		System::set_block_number(11);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(10)));
		System::assert_last_event(Event::Withdrawn { doctor: 10, amount: 40 }.into());
		assert_eq!(held(10), 60);
		assert_eq!(Balances::balance(&10), ENDOWMENT - 60);
	});
}

#[test]
fn only_ripe_chunks_are_withdrawn() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, SPECIALIST, 100);
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 10));
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 5));
		System::set_block_number(5);
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 20));
		assert_eq!(
			Doctors::<Test>::get(10).map(|info| info.unlocking.into_inner()),
			Some(vec![
				UnlockChunk { amount: 15, unlocks_at: 11 },
				UnlockChunk { amount: 20, unlocks_at: 15 }
			])
		);
		System::set_block_number(12);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(10)));
		assert_eq!(held(10), 85);
		System::set_block_number(15);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(10)));
		assert_eq!(held(10), 65);
	});
}

#[test]
fn unbonding_is_bounded_by_the_bond_and_the_chunks() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, SPECIALIST, 100);
		assert_noop!(
			Staking::unbond(RuntimeOrigin::signed(10), 101),
			Error::<Test>::InsufficientBond
		);
		assert_noop!(Staking::unbond(RuntimeOrigin::signed(10), 0), Error::<Test>::ZeroAmount);
		assert_noop!(Staking::unbond(RuntimeOrigin::signed(11), 1), Error::<Test>::UnknownDoctor);
		for block in 1..=4 {
			System::set_block_number(block);
			assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 1));
		}
		System::set_block_number(5);
		assert_noop!(
			Staking::unbond(RuntimeOrigin::signed(10), 1),
			Error::<Test>::TooManyUnlockingChunks
		);
	});
}

#[test]
fn rebonding_takes_the_newest_chunks_first() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, SPECIALIST, 100);
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 30));
		System::set_block_number(2);
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 20));
		assert_noop!(
			Staking::rebond(RuntimeOrigin::signed(10), 51),
			Error::<Test>::InsufficientUnlocking
		);
		assert_noop!(Staking::rebond(RuntimeOrigin::signed(10), 0), Error::<Test>::ZeroAmount);

		assert_ok!(Staking::rebond(RuntimeOrigin::signed(10), 25));
		System::assert_has_event(Event::Rebonded { doctor: 10, amount: 25 }.into());
		let info = Doctors::<Test>::get(10).expect("registered");
		assert_eq!(info.bonded, 75);
		assert_eq!(info.unlocking.into_inner(), vec![UnlockChunk { amount: 25, unlocks_at: 11 }]);
		assert_eq!(held(10), 100);
		assert_eq!(Staking::weight_of(&10), 150);
	});
}

#[test]
fn a_released_doctor_who_withdraws_everything_is_forgotten() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, SPECIALIST, 100);
		assert_ok!(Staking::release_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 100));
		System::set_block_number(11);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(10)));
		assert!(!Doctors::<Test>::contains_key(10));
		assert_eq!(Balances::balance(&10), ENDOWMENT);
	});
}
