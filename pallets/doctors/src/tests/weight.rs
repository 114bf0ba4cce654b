//! Endorsement weight: a function of rank and bond, summed per hospital, compared with 2/3 in
//! exact integer arithmetic.

use mhr_primitives::{exceeds_one_third, exceeds_two_thirds, DoctorRegistry};

use crate::{mock::*, RankParams};

#[test]
fn weight_grows_with_rank_and_bond_up_to_the_cap() {
	let specialist = RankParams { multiplier: 2, min_bond: 20u64, bond_cap: 200, priority: 10 };
	assert_eq!(specialist.weight(0), 0);
	assert_eq!(specialist.weight(19), 0, "below the rank's minimum bond");
	assert_eq!(specialist.weight(20), 40);
	assert_eq!(specialist.weight(100), 200);
	assert_eq!(specialist.weight(200), 400);
	assert_eq!(specialist.weight(10_000), 400, "bond beyond the cap adds nothing");
	let chief = RankParams { multiplier: 4, min_bond: 50u64, bond_cap: 500, priority: 100 };
	assert!(chief.weight(100) > specialist.weight(100), "a senior doctor's bond counts for more");
	let huge =
		RankParams { multiplier: u32::MAX, min_bond: 1u128, bond_cap: u128::MAX, priority: 0 };
	assert_eq!(huge.weight(u128::MAX), u128::MAX, "saturates, never wraps");
}

#[test]
fn the_hospitals_total_follows_every_change() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, INTERN, 5); // below the intern minimum of 10
		assert_eq!(Staking::total_weight(0), 0);
		frame_support::assert_ok!(Staking::bond(RuntimeOrigin::signed(10), 5));
		assert_eq!(Staking::total_weight(0), 10);
		doctor(ADMIN_0, 11, CHIEF, 1_000); // capped at 500
		assert_eq!(Staking::weight_of(&11), 2_000);
		assert_eq!(Staking::total_weight(0), 2_010);
		doctor(ADMIN_1, 20, SPECIALIST, 50);
		assert_eq!(Staking::total_weight(1), 100);
		assert_eq!(Staking::total_weight(0), 2_010);
	});
}

#[test]
fn two_thirds_is_strict_and_exact_at_its_edges() {
	// 2/3 of 300 is 200: 200 is not more than 2/3, 201 is.
	assert!(!exceeds_two_thirds(200, 300));
	assert!(exceeds_two_thirds(201, 300));
	// 2/3 of 100 is 66.67: 66 is not, 67 is (no rounding in the endorsers' favour).
	assert!(!exceeds_two_thirds(66, 100));
	assert!(exceeds_two_thirds(67, 100));
	// 2/3 of 2 is 1.33: 1 is not, 2 is.
	assert!(!exceeds_two_thirds(1, 2));
	assert!(exceeds_two_thirds(2, 2));
	// Nothing exceeds 2/3 of nothing.
	assert!(!exceeds_two_thirds(0, 0));
	// No overflow at the top of the range.
	// (u128::MAX is a multiple of 3.)
	assert!(!exceeds_two_thirds(u128::MAX / 3 * 2, u128::MAX));
	assert!(exceeds_two_thirds(u128::MAX, u128::MAX));
	// 1/3 likewise.
	assert!(!exceeds_one_third(100, 300));
	assert!(exceeds_one_third(101, 300));
	assert!(!exceeds_one_third(0, 0));
}

#[test]
fn endorsers_of_a_hospital_are_weighed_against_its_total() {
	ExtBuilder.build_and_execute(|| {
		// Three weights of 200: a chief with 50 bonded, two specialists with 100.
		doctor(ADMIN_0, 10, CHIEF, 50);
		doctor(ADMIN_0, 11, SPECIALIST, 100);
		doctor(ADMIN_0, 12, SPECIALIST, 100);
		let total = Staking::total_weight(0);
		assert_eq!(total, 600);
		let two = Staking::weight_of(&10) + Staking::weight_of(&11);
		assert!(!exceeds_two_thirds(two, total), "two of three equal weights is exactly 2/3");
		frame_support::assert_ok!(Staking::bond(RuntimeOrigin::signed(10), 1));
		let two = Staking::weight_of(&10) + Staking::weight_of(&11);
		assert!(exceeds_two_thirds(two, Staking::total_weight(0)));
	});
}

#[test]
fn only_a_rise_in_weight_is_noted_with_its_block() {
	ExtBuilder.build_and_execute(|| {
		System::set_block_number(3);
		doctor(ADMIN_0, 10, SPECIALIST, 100);
		assert_eq!(Staking::weight_raised_at(&10), Some(3), "the first bond raises the weight");
		System::set_block_number(7);
		frame_support::assert_ok!(Staking::unbond(RuntimeOrigin::signed(10), 10));
		assert_eq!(Staking::weight_raised_at(&10), Some(3), "a fall is not a rise");
		System::set_block_number(9);
		frame_support::assert_ok!(Staking::set_rank(RuntimeOrigin::signed(ADMIN_0), 10, CHIEF));
		assert_eq!(Staking::weight_raised_at(&10), Some(9), "a promotion raises the weight");
		frame_support::assert_ok!(Staking::suspend_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		System::set_block_number(12);
		frame_support::assert_ok!(Staking::reinstate_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		assert_eq!(Staking::weight_raised_at(&10), Some(12), "reinstatement raises it again");
		assert_eq!(Staking::weight_raised_at(&11), None);
	});
}

#[test]
fn weight_carried_to_another_hospital_counts_as_a_rise() {
	ExtBuilder.build_and_execute(|| {
		System::set_block_number(2);
		doctor(ADMIN_0, 10, CHIEF, 100);
		assert_eq!(Staking::weight_raised_at(&10), Some(2));
		// Hospital 0 is removed; at block 5 hospital 1 takes the doctor on at a lower rank:
		// their weight falls, but it is new to hospital 1.
		mhr_primitives::mock::MockHospitals::remove(0);
		System::set_block_number(5);
		doctor(ADMIN_1, 10, SPECIALIST, 0);
		assert_eq!(Staking::weight_of(&10), 200);
		assert_eq!(Staking::weight_raised_at(&10), Some(5));
	});
}
