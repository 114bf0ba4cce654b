//! Admitting hospitals.

use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

use crate::{mock::*, Error, Event, HospitalStatus, Hospitals as HospitalsMap, NextHospitalId};

fn admit(name: &[u8], admin: u64, url: &[u8]) -> sp_runtime::DispatchResult {
	Hospitals::admit(RuntimeOrigin::signed(ADMITTER), name.to_vec(), admin, url.to_vec())
}

#[test]
fn genesis_founds_three_active_hospitals() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(NextHospitalId::<Test>::get(), 3);
		assert_eq!(Hospitals::active_count(), 3);
		let a = HospitalsMap::<Test>::get(0).expect("hospital 0 exists");
		assert_eq!(a.name.to_vec(), b"Hospital A".to_vec());
		assert_eq!(a.admin, ADMIN_A);
		assert_eq!(a.status, HospitalStatus::Active);
		assert_eq!(RecordedCouncil::members(), vec![ADMIN_A, ADMIN_B, ADMIN_C]);
	});
}

#[test]
fn admitting_registers_an_active_hospital_and_seats_its_admin() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(admit(b"Hospital D", 4, b"https://d.example/vault"));

		let d = HospitalsMap::<Test>::get(3).expect("hospital 3 exists");
		assert_eq!(d.admin, 4);
		assert_eq!(d.status, HospitalStatus::Active);
		assert_eq!(d.vault_url.to_vec(), b"https://d.example/vault".to_vec());
		assert_eq!(d.admitted_at, 1);
		assert_eq!(NextHospitalId::<Test>::get(), 4);
		assert_eq!(RecordedCouncil::members(), vec![ADMIN_A, ADMIN_B, ADMIN_C, 4]);
		System::assert_last_event(Event::HospitalAdmitted { hospital: 3, admin: 4 }.into());
	});
}

#[test]
fn only_the_admit_origin_admits() {
	ExtBuilder::default().build_and_execute(|| {
		for caller in [SUSPENDER, REINSTATER, REMOVER, ADMIN_A] {
			assert_noop!(
				Hospitals::admit(
					RuntimeOrigin::signed(caller),
					b"X".to_vec(),
					9,
					b"http://x".to_vec()
				),
				DispatchError::BadOrigin
			);
		}
		assert_noop!(
			Hospitals::admit(RuntimeOrigin::root(), b"X".to_vec(), 9, b"http://x".to_vec()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn admission_checks_the_name() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(admit(b"", 4, b"https://d.example"), Error::<Test>::NameEmpty);
		assert_noop!(
			admit(b"A name of seventeen", 4, b"https://d.example"),
			Error::<Test>::NameTooLong
		);
	});
}

#[test]
fn admission_checks_the_vault_url() {
	ExtBuilder::default().build_and_execute(|| {
		for bad in [&b"ftp://d.example"[..], b"d.example", b"https://", b""] {
			assert_noop!(admit(b"D", 4, bad), Error::<Test>::VaultUrlInvalid);
		}
		assert_noop!(
			admit(b"D", 4, b"https://a-very-long-host.example/vault"),
			Error::<Test>::VaultUrlTooLong
		);
		assert_ok!(admit(b"D", 4, b"http://10.0.0.4:8080"));
	});
}

#[test]
fn an_account_administers_one_hospital_at_most() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(admit(b"D", ADMIN_A, b"https://d.example"), Error::<Test>::AdminInUse);
	});
}

#[test]
fn the_consortium_holds_at_most_max_hospitals() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(admit(b"D", 4, b"https://d.example"));
		assert_ok!(admit(b"E", 5, b"https://e.example"));
		assert_noop!(admit(b"F", 6, b"https://f.example"), Error::<Test>::TooManyHospitals);
		// A suspended hospital still holds its seat.
		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 4));
		assert_noop!(admit(b"F", 6, b"https://f.example"), Error::<Test>::TooManyHospitals);
		// A removed one frees it, and its id is not reused.
		assert_ok!(Hospitals::remove(RuntimeOrigin::signed(REMOVER), 4));
		assert_ok!(admit(b"F", 6, b"https://f.example"));
		assert_eq!(HospitalsMap::<Test>::get(5).map(|h| h.admin), Some(6));
		assert_eq!(HospitalsMap::<Test>::get(4).map(|h| h.status), Some(HospitalStatus::Removed));
	});
}

#[test]
fn a_removed_hospitals_admin_may_found_another() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(admit(b"D", 4, b"https://d.example"));
		assert_ok!(Hospitals::remove(RuntimeOrigin::signed(REMOVER), 3));
		assert_ok!(admit(b"D again", 4, b"https://d.example"));
		assert_eq!(NextHospitalId::<Test>::get(), 5);
	});
}
