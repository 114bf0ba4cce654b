//! A hospital's admin registers its doctors, ranks them and releases them; never another
//! hospital's.

use frame_support::{assert_noop, assert_ok};
use mhr_primitives::{mock::MockHospitals, DoctorRegistry, DoctorStanding};
use sp_core::H256;

use crate::{mock::*, DoctorCount, Doctors, Error, Event, HospitalWeight};

#[test]
fn an_admin_registers_a_doctor_at_their_hospital() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Staking::register_doctor(
			RuntimeOrigin::signed(ADMIN_0),
			10,
			SPECIALIST,
			H256::repeat_byte(1)
		));
		let info = Doctors::<Test>::get(10).expect("registered");
		assert_eq!(
			(info.hospital, info.rank, info.licence_hash),
			(Some(0), SPECIALIST, H256::repeat_byte(1))
		);
		assert_eq!(info.bonded, 0);
		assert_eq!(DoctorCount::<Test>::get(0), 1);
		assert_eq!(Staking::active_hospital_of(&10), Some(0));
		// Registered but not bonded: practising, not yet qualified to author or endorse.
		assert!(!Staking::is_qualified(&10, 0));
		assert_eq!(Staking::standing(&10), DoctorStanding::UnderBonded(0));
		assert_eq!(Staking::standing(&11), DoctorStanding::Unregistered);
		System::assert_last_event(
			Event::DoctorRegistered { doctor: 10, hospital: 0, rank: SPECIALIST }.into(),
		);
	});
}

#[test]
fn only_the_admin_of_an_active_hospital_registers() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Staking::register_doctor(RuntimeOrigin::signed(10), 11, INTERN, H256::repeat_byte(1)),
			Error::<Test>::NotHospitalAdmin
		);
		MockHospitals::set(1, ADMIN_1, false);
		assert_noop!(
			Staking::register_doctor(
				RuntimeOrigin::signed(ADMIN_1),
				11,
				INTERN,
				H256::repeat_byte(1)
			),
			Error::<Test>::NotHospitalAdmin
		);
		assert_noop!(
			Staking::register_doctor(RuntimeOrigin::none(), 11, INTERN, H256::repeat_byte(1)),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_licence_hash_of_zeros_is_refused() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Staking::register_doctor(RuntimeOrigin::signed(ADMIN_0), 10, INTERN, H256::zero()),
			Error::<Test>::ZeroLicenceHash
		);
	});
}

#[test]
fn ranks_must_exist() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Staking::register_doctor(RuntimeOrigin::signed(ADMIN_0), 10, 3, H256::repeat_byte(1)),
			Error::<Test>::UnknownRank
		);
		doctor(ADMIN_0, 10, INTERN, 0);
		assert_noop!(
			Staking::set_rank(RuntimeOrigin::signed(ADMIN_0), 10, 9),
			Error::<Test>::UnknownRank
		);
	});
}

#[test]
fn a_doctor_practises_at_one_hospital_at_a_time() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, INTERN, 0);
		assert_noop!(
			Staking::register_doctor(
				RuntimeOrigin::signed(ADMIN_1),
				10,
				CHIEF,
				H256::repeat_byte(1)
			),
			Error::<Test>::DoctorAlreadyRegistered
		);
		assert_noop!(
			Staking::register_doctor(
				RuntimeOrigin::signed(ADMIN_0),
				10,
				CHIEF,
				H256::repeat_byte(1)
			),
			Error::<Test>::DoctorAlreadyRegistered
		);
	});
}

#[test]
fn a_doctor_of_hospital_a_is_never_managed_or_counted_by_hospital_b() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		for call in [
			Staking::set_rank(RuntimeOrigin::signed(ADMIN_1), 10, INTERN),
			Staking::release_doctor(RuntimeOrigin::signed(ADMIN_1), 10),
			Staking::suspend_doctor(RuntimeOrigin::signed(ADMIN_1), 10),
			Staking::reinstate_doctor(RuntimeOrigin::signed(ADMIN_1), 10),
		] {
			assert_eq!(call, Err(Error::<Test>::NotYourDoctor.into()));
		}
		assert!(Staking::is_qualified(&10, 0));
		assert!(!Staking::is_qualified(&10, 1));
		assert_eq!(Staking::standing(&10), DoctorStanding::Bonded(0));
		assert_eq!(Staking::total_weight(1), 0);
		assert_eq!(Staking::total_weight(0), 400);
		assert_noop!(
			Staking::set_rank(RuntimeOrigin::signed(ADMIN_1), 42, INTERN),
			Error::<Test>::UnknownDoctor
		);
	});
}

#[test]
fn a_released_doctor_is_named_as_such() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		assert_ok!(Staking::release_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		// Not "another hospital's doctor": nobody's, until registered again.
		for admin in [ADMIN_0, ADMIN_1] {
			assert_noop!(
				Staking::release_doctor(RuntimeOrigin::signed(admin), 10),
				Error::<Test>::DoctorReleased
			);
			assert_noop!(
				Staking::set_rank(RuntimeOrigin::signed(admin), 10, INTERN),
				Error::<Test>::DoctorReleased
			);
		}
	});
}

#[test]
fn the_admin_changes_a_doctors_rank() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, INTERN, 100);
		assert_eq!(Staking::weight_of(&10), 100);
		assert_ok!(Staking::set_rank(RuntimeOrigin::signed(ADMIN_0), 10, CHIEF));
		assert_eq!(Staking::weight_of(&10), 400);
		assert_eq!(HospitalWeight::<Test>::get(0), 400);
		System::assert_has_event(
			Event::RankChanged { doctor: 10, old_rank: INTERN, new_rank: CHIEF }.into(),
		);
		System::assert_last_event(Event::WeightChanged { doctor: 10, weight: 400 }.into());
	});
}

#[test]
fn a_released_doctor_keeps_their_bond_and_may_join_another_hospital() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		assert_ok!(Staking::release_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		System::assert_has_event(Event::DoctorReleased { doctor: 10, hospital: 0 }.into());
		assert_eq!(Staking::active_hospital_of(&10), None);
		assert_eq!(Staking::standing(&10), DoctorStanding::Released);
		assert_eq!(Staking::total_weight(0), 0);
		assert_eq!(DoctorCount::<Test>::get(0), 0);
		assert_eq!(Doctors::<Test>::get(10).map(|info| info.bonded), Some(100));

		doctor(ADMIN_1, 10, SPECIALIST, 0);
		assert_eq!(Staking::active_hospital_of(&10), Some(1));
		assert_eq!(Staking::total_weight(1), 200);
		assert_eq!(DoctorCount::<Test>::get(1), 1);
	});
}

#[test]
fn a_released_doctor_with_nothing_held_is_forgotten() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, INTERN, 0);
		assert_ok!(Staking::release_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		assert!(!Doctors::<Test>::contains_key(10));
		assert_noop!(
			Staking::release_doctor(RuntimeOrigin::signed(ADMIN_0), 10),
			Error::<Test>::UnknownDoctor
		);
	});
}

#[test]
fn a_removed_hospitals_doctors_may_join_another_but_a_suspended_ones_wait() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		// Hospital 0 suspended: its doctors stay its own, bonded but not qualified (the
		// registry's contract: `is_qualified` asks the hospital's status, `standing` does not).
		MockHospitals::set(0, ADMIN_0, false);
		assert_eq!(Staking::standing(&10), DoctorStanding::Bonded(0));
		assert!(!Staking::is_qualified(&10, 0));
		assert_noop!(
			Staking::register_doctor(
				RuntimeOrigin::signed(ADMIN_1),
				10,
				CHIEF,
				H256::repeat_byte(1)
			),
			Error::<Test>::DoctorAlreadyRegistered
		);
		// Hospital 0 removed: no admin can release them, so another hospital may take them on.
		MockHospitals::remove(0);
		doctor(ADMIN_1, 10, SPECIALIST, 0);
		assert_eq!(Staking::active_hospital_of(&10), Some(1));
		assert_eq!((DoctorCount::<Test>::get(0), DoctorCount::<Test>::get(1)), (0, 1));
		assert_eq!((HospitalWeight::<Test>::get(0), HospitalWeight::<Test>::get(1)), (0, 200));
		assert_eq!(Doctors::<Test>::get(10).map(|info| info.bonded), Some(100));
	});
}
