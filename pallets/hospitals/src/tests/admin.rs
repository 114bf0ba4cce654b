//! What a hospital's admin does: hand the role on, move the vault.

use frame_support::{assert_noop, assert_ok};
use mhr_primitives::HospitalRegistry;

use crate::{mock::*, Error, Event, HospitalOfAdmin, Hospitals as HospitalsMap};

#[test]
fn the_admin_hands_the_hospital_on() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::set_admin(RuntimeOrigin::signed(ADMIN_B), 1, 20));

		assert_eq!(HospitalsMap::<Test>::get(1).map(|h| h.admin), Some(20));
		assert_eq!(HospitalOfAdmin::<Test>::get(20), Some(1));
		assert_eq!(HospitalOfAdmin::<Test>::get(ADMIN_B), None);
		assert_eq!(RecordedCouncil::members(), vec![ADMIN_A, ADMIN_C, 20]);
		System::assert_last_event(
			Event::AdminChanged { hospital: 1, old_admin: ADMIN_B, new_admin: 20 }.into(),
		);
	});
}

#[test]
fn a_suspended_hospitals_new_admin_stays_off_the_council() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 1));
		assert_ok!(Hospitals::set_admin(RuntimeOrigin::signed(ADMIN_B), 1, 20));
		assert_eq!(RecordedCouncil::members(), vec![ADMIN_A, ADMIN_C]);
		assert_ok!(Hospitals::reinstate(RuntimeOrigin::signed(REINSTATER), 1));
		assert_eq!(RecordedCouncil::members(), vec![ADMIN_A, ADMIN_C, 20]);
	});
}

#[test]
fn only_the_hospitals_admin_acts_for_it() {
	ExtBuilder::default().build_and_execute(|| {
		// The admin of hospital A can never act for hospital B.
		assert_noop!(
			Hospitals::set_admin(RuntimeOrigin::signed(ADMIN_A), 1, 20),
			Error::<Test>::NotHospitalAdmin
		);
		assert_noop!(
			Hospitals::set_vault_url(RuntimeOrigin::signed(ADMIN_A), 1, b"https://x".to_vec()),
			Error::<Test>::NotHospitalAdmin
		);
		assert_noop!(
			Hospitals::set_admin(RuntimeOrigin::signed(ADMITTER), 1, 20),
			Error::<Test>::NotHospitalAdmin
		);
	});
}

#[test]
fn the_new_admin_must_be_free() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Hospitals::set_admin(RuntimeOrigin::signed(ADMIN_B), 1, ADMIN_C),
			Error::<Test>::AdminInUse
		);
		assert_noop!(
			Hospitals::set_admin(RuntimeOrigin::signed(ADMIN_B), 1, ADMIN_B),
			Error::<Test>::AdminInUse
		);
	});
}

#[test]
fn a_removed_hospital_has_no_admin_left() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::remove(RuntimeOrigin::signed(REMOVER), 1));
		assert_noop!(
			Hospitals::set_admin(RuntimeOrigin::signed(ADMIN_B), 1, 20),
			Error::<Test>::HospitalRemoved
		);
		assert_noop!(
			Hospitals::set_vault_url(RuntimeOrigin::signed(ADMIN_B), 1, b"https://x".to_vec()),
			Error::<Test>::HospitalRemoved
		);
		assert_noop!(
			Hospitals::set_admin(RuntimeOrigin::signed(ADMIN_B), 7, 20),
			Error::<Test>::UnknownHospital
		);
	});
}

#[test]
fn the_admin_moves_the_vault() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::set_vault_url(
			RuntimeOrigin::signed(ADMIN_B),
			1,
			b"https://vault.b.example".to_vec()
		));
		assert_eq!(
			HospitalsMap::<Test>::get(1).map(|h| h.vault_url.to_vec()),
			Some(b"https://vault.b.example".to_vec())
		);
		System::assert_last_event(Event::VaultUrlChanged { hospital: 1 }.into());
		assert_noop!(
			Hospitals::set_vault_url(RuntimeOrigin::signed(ADMIN_B), 1, b"vault".to_vec()),
			Error::<Test>::VaultUrlInvalid
		);
		assert_noop!(
			Hospitals::set_vault_url(
				RuntimeOrigin::signed(ADMIN_B),
				1,
				b"https://a-very-long-host.example/vault".to_vec()
			),
			Error::<Test>::VaultUrlTooLong
		);
	});
}

#[test]
fn other_pallets_see_the_registry_through_the_trait() {
	ExtBuilder::default().build_and_execute(|| {
		assert!(<Hospitals as HospitalRegistry<u64>>::is_active(1));
		assert_eq!(<Hospitals as HospitalRegistry<u64>>::admin_of(1), Some(ADMIN_B));
		assert_eq!(<Hospitals as HospitalRegistry<u64>>::hospital_of_admin(&ADMIN_C), Some(2));

		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 1));
		assert!(!<Hospitals as HospitalRegistry<u64>>::is_active(1));
		assert_eq!(<Hospitals as HospitalRegistry<u64>>::admin_of(1), Some(ADMIN_B));

		assert_ok!(Hospitals::remove(RuntimeOrigin::signed(REMOVER), 1));
		assert_eq!(<Hospitals as HospitalRegistry<u64>>::admin_of(1), None);
		assert_eq!(<Hospitals as HospitalRegistry<u64>>::hospital_of_admin(&ADMIN_B), None);
		assert!(!<Hospitals as HospitalRegistry<u64>>::is_active(99));
	});
}
