//! Rewards for confirmed records, split by weight; slashes into the pot.

use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use mhr_primitives::{DoctorRegistry, RecordRewards};
use sp_core::H256;

use crate::{mock::*, Error, Event, HoldReason};

fn pot() -> u64 {
	Balances::balance(&Staking::pot_account())
}

#[test]
fn the_author_gets_their_share_and_endorsers_split_the_rest_by_weight() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, INTERN, 10); // the author
		doctor(ADMIN_0, 11, CHIEF, 50); // weight 200
		doctor(ADMIN_0, 12, SPECIALIST, 50); // weight 100
		let before: Vec<u64> = [10, 11, 12].iter().map(Balances::balance).collect();

		Staking::record_confirmed(0, &10, &[11, 12]);

		// Reward 100: 40 to the author; 60 split 2:1.
		assert_eq!(Balances::balance(&10) - before[0], 40);
		assert_eq!(Balances::balance(&11) - before[1], 40);
		assert_eq!(Balances::balance(&12) - before[2], 20);
		assert_eq!(pot(), POT_FUNDS - 100);
		System::assert_has_event(Event::Rewarded { doctor: 11, amount: 40 }.into());
	});
}

#[test]
fn remainders_stay_in_the_pot() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, INTERN, 10);
		for endorser in [11, 12, 13, 14, 15, 16, 17] {
			doctor(ADMIN_0, endorser, INTERN, 10);
		}
		Staking::record_confirmed(0, &10, &[11, 12, 13, 14, 15, 16, 17]);
		// 60 over 7 equal weights: 8 each, 4 left over.
		assert_eq!(pot(), POT_FUNDS - 40 - 7 * 8);
	});
}

#[test]
fn an_underfunded_pot_pays_what_it_has_and_stays_alive() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, INTERN, 10);
		doctor(ADMIN_0, 11, INTERN, 10);
		let pot_account = Staking::pot_account();
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(pot_account),
			1,
			POT_FUNDS - 51
		));
		assert_eq!(pot(), 51);
		let author_before = Balances::balance(&10);

		Staking::record_confirmed(0, &10, &[11]);
		// 50 available above the existential deposit: 20 to the author, 30 to the endorser.
		assert_eq!(Balances::balance(&10) - author_before, 20);
		assert_eq!(pot(), 1);
		// Empty: nothing more is paid, nothing fails.
		Staking::record_confirmed(0, &10, &[11]);
		assert_eq!(pot(), 1);
	});
}

#[test]
fn a_slash_lands_in_the_pot_and_takes_the_weight() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 30));
		assert_ok!(Staking::slash(RuntimeOrigin::signed(SLASHER), 10, 80, H256::repeat_byte(9)));
		System::assert_has_event(
			Event::Slashed { doctor: 10, amount: 80, reason: H256::repeat_byte(9) }.into(),
		);
		// The bond (70) first, then the unlocking chunk (10 of 30).
		let info = crate::Doctors::<Test>::get(10).expect("still registered");
		assert_eq!((info.bonded, info.total_unlocking()), (0, 20));
		assert_eq!(
			Balances::balance_on_hold(&RuntimeHoldReason::Staking(HoldReason::Bond), &10),
			20
		);
		assert_eq!(pot(), POT_FUNDS + 80);
		assert_eq!(Staking::weight_of(&10), 0);
		assert_eq!(Staking::total_weight(0), 0);
	});
}

#[test]
fn a_slash_takes_at_most_what_is_held() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		assert_ok!(Staking::slash(RuntimeOrigin::signed(SLASHER), 10, 1_000, H256::zero()));
		System::assert_has_event(
			Event::Slashed { doctor: 10, amount: 100, reason: H256::zero() }.into(),
		);
		assert_eq!(pot(), POT_FUNDS + 100);
		assert_eq!(Balances::balance(&10), ENDOWMENT - 100);
	});
}

#[test]
fn slashing_needs_the_slash_origin_a_doctor_and_a_stake() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 0);
		assert_noop!(
			Staking::slash(RuntimeOrigin::signed(COUNCIL), 10, 1, H256::zero()),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Staking::slash(RuntimeOrigin::signed(SLASHER), 42, 1, H256::zero()),
			Error::<Test>::UnknownDoctor
		);
		assert_noop!(
			Staking::slash(RuntimeOrigin::signed(SLASHER), 10, 0, H256::zero()),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Staking::slash(RuntimeOrigin::signed(SLASHER), 10, 1, H256::zero()),
			Error::<Test>::NothingToSlash
		);
	});
}

#[test]
fn a_suspended_author_is_not_paid_and_endorsers_are_paid_once() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, INTERN, 10);
		doctor(ADMIN_0, 11, INTERN, 10);
		doctor(ADMIN_0, 12, INTERN, 10);
		assert_ok!(Staking::council_suspend(RuntimeOrigin::signed(COUNCIL), 10));
		let before: Vec<u64> = [10, 11, 12].iter().map(Balances::balance).collect();

		Staking::record_confirmed(0, &10, &[11, 11, 12]);

		assert_eq!(Balances::balance(&10), before[0], "the suspended author gets nothing");
		assert_eq!(Balances::balance(&11) - before[1], 30, "an endorser listed twice is paid once");
		assert_eq!(Balances::balance(&12) - before[2], 30);
		assert_eq!(pot(), POT_FUNDS - 60);
	});
}
