//! The council's prime hospital: named by the council, kept across council changes, dropped
//! when it stops being active.

use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

use crate::{mock::*, Error, Event, PrimeHospital};

fn admit_d() {
	assert_ok!(Hospitals::admit(
		RuntimeOrigin::signed(ADMITTER),
		b"D".to_vec(),
		4,
		b"https://d.example".to_vec()
	));
}

#[test]
fn the_council_names_and_clears_the_prime() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::set_prime(RuntimeOrigin::signed(PRIME_SETTER), Some(1)));
		assert_eq!(PrimeHospital::<Test>::get(), Some(1));
		assert_eq!(RecordedCouncil::prime(), Some(ADMIN_B));
		System::assert_last_event(Event::PrimeSet { hospital: Some(1) }.into());

		assert_ok!(Hospitals::set_prime(RuntimeOrigin::signed(PRIME_SETTER), None));
		assert_eq!(PrimeHospital::<Test>::get(), None);
		assert_eq!(RecordedCouncil::prime(), None);
		System::assert_last_event(Event::PrimeSet { hospital: None }.into());
	});
}

#[test]
fn the_prime_survives_council_changes() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::set_prime(RuntimeOrigin::signed(PRIME_SETTER), Some(1)));
		admit_d();
		assert_eq!(RecordedCouncil::prime(), Some(ADMIN_B));
		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 0));
		assert_eq!(RecordedCouncil::prime(), Some(ADMIN_B));
		// A new admin of the prime hospital becomes the council's prime.
		assert_ok!(Hospitals::set_admin(RuntimeOrigin::signed(ADMIN_B), 1, 20));
		assert_eq!(RecordedCouncil::prime(), Some(20));
		assert_eq!(PrimeHospital::<Test>::get(), Some(1));
	});
}

#[test]
fn a_suspended_or_removed_prime_stops_being_prime() {
	ExtBuilder::default().build_and_execute(|| {
		admit_d();
		assert_ok!(Hospitals::set_prime(RuntimeOrigin::signed(PRIME_SETTER), Some(0)));
		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 0));
		assert_eq!(PrimeHospital::<Test>::get(), None);
		assert_eq!(RecordedCouncil::prime(), None);
		// Reinstatement does not make it prime again.
		assert_ok!(Hospitals::reinstate(RuntimeOrigin::signed(REINSTATER), 0));
		assert_eq!(PrimeHospital::<Test>::get(), None);

		assert_ok!(Hospitals::set_prime(RuntimeOrigin::signed(PRIME_SETTER), Some(3)));
		assert_ok!(Hospitals::remove(RuntimeOrigin::signed(REMOVER), 3));
		assert_eq!(PrimeHospital::<Test>::get(), None);
		assert_eq!(RecordedCouncil::prime(), None);
	});
}

#[test]
fn only_an_active_hospital_can_be_prime() {
	ExtBuilder::default().build_and_execute(|| {
		admit_d();
		assert_noop!(
			Hospitals::set_prime(RuntimeOrigin::signed(PRIME_SETTER), Some(42)),
			Error::<Test>::UnknownHospital
		);
		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 0));
		assert_noop!(
			Hospitals::set_prime(RuntimeOrigin::signed(PRIME_SETTER), Some(0)),
			Error::<Test>::HospitalNotActive
		);
		assert_ok!(Hospitals::remove(RuntimeOrigin::signed(REMOVER), 3));
		assert_noop!(
			Hospitals::set_prime(RuntimeOrigin::signed(PRIME_SETTER), Some(3)),
			Error::<Test>::HospitalRemoved
		);
	});
}

#[test]
fn only_the_prime_origin_names_the_prime() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Hospitals::set_prime(RuntimeOrigin::signed(ADMITTER), Some(0)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Hospitals::set_prime(RuntimeOrigin::signed(ADMIN_A), Some(0)),
			DispatchError::BadOrigin
		);
	});
}
