//! Grants: read allowed while granted, revocation, expiry at its exact block, scope, mode,
//! hospital-wide grants following doctors, suspension, deposits and limits.

use frame_support::{assert_noop, assert_ok};
use mhr_primitives::{mock::MockDoctors, AccessBasis, AccessControl};

use super::*;
use crate::{Error, Event, Grants, GrantsByGrantee, Patients};

fn now() -> u64 {
	System::block_number()
}

fn reads(who: u64, category: CategoryId) -> Option<AccessBasis> {
	Access::can_read(&who, &PATIENT, category, now())
}

fn writes(who: u64, category: CategoryId) -> Option<AccessBasis> {
	Access::can_write(&who, &PATIENT, category, now())
}

#[test]
fn a_grant_allows_reading_and_revocation_denies_from_the_next_block() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		assert_eq!(reads(DOC_A, CARDIOLOGY), None);
		grant(Grantee::Doctor(DOC_A), Scope::All, AccessMode::Read, None);
		System::assert_last_event(
			Event::AccessGranted {
				patient: PATIENT,
				grant: 0,
				grantee: Grantee::Doctor(DOC_A),
				mode: AccessMode::Read,
				expires_at: None,
			}
			.into(),
		);
		assert_eq!(reads(DOC_A, CARDIOLOGY), Some(AccessBasis::Grant(0)));
		assert_eq!(reads(DOC_A2, CARDIOLOGY), None, "a grant to one doctor is theirs alone");

		assert_ok!(Access::revoke_access(RuntimeOrigin::signed(PATIENT), PATIENT, 0));
		System::assert_last_event(Event::AccessRevoked { patient: PATIENT, grant: 0 }.into());
		System::set_block_number(now() + 1);
		assert_eq!(reads(DOC_A, CARDIOLOGY), None);
		assert_eq!(Patients::<Test>::get(PATIENT).map(|p| p.grants), Some(0));
	});
}

#[test]
fn a_grant_expires_at_its_exact_block_without_cleanup() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		grant(Grantee::Doctor(DOC_A), Scope::All, AccessMode::Read, Some(5));
		System::set_block_number(4);
		assert_eq!(reads(DOC_A, CARDIOLOGY), Some(AccessBasis::Grant(0)));
		System::set_block_number(5);
		assert_eq!(reads(DOC_A, CARDIOLOGY), None);
		assert!(Grants::<Test>::contains_key(PATIENT, 0), "expired, not yet removed");
	});
}

#[test]
fn anyone_removes_an_expired_grant_and_the_deposit_goes_back_to_the_patient() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		grant(Grantee::Doctor(DOC_A), Scope::All, AccessMode::Read, Some(5));
		assert_eq!(Balances::free_balance(PATIENT), ENDOWMENT - DEPOSIT);
		System::set_block_number(4);
		assert_noop!(
			Access::remove_expired_grant(RuntimeOrigin::signed(DOC_B), PATIENT, 0),
			Error::<Test>::GrantNotExpired
		);
		System::set_block_number(5);
		assert_ok!(Access::remove_expired_grant(RuntimeOrigin::signed(DOC_B), PATIENT, 0));
		System::assert_last_event(Event::ExpiredGrantRemoved { patient: PATIENT, grant: 0 }.into());
		assert_eq!(Balances::free_balance(PATIENT), ENDOWMENT);
		assert!(!GrantsByGrantee::<Test>::contains_key(Grantee::Doctor(DOC_A), (PATIENT, 0)));
		assert_noop!(
			Access::remove_expired_grant(RuntimeOrigin::signed(DOC_B), PATIENT, 0),
			Error::<Test>::UnknownGrant
		);
	});
}

#[test]
fn an_open_ended_grant_never_expires() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		grant(Grantee::Doctor(DOC_A), Scope::All, AccessMode::Read, None);
		System::set_block_number(1_000_000);
		assert_eq!(reads(DOC_A, CARDIOLOGY), Some(AccessBasis::Grant(0)));
		assert_noop!(
			Access::remove_expired_grant(RuntimeOrigin::signed(DOC_B), PATIENT, 0),
			Error::<Test>::GrantNotExpired
		);
	});
}

#[test]
fn scope_and_mode_limit_a_grant() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		grant(Grantee::Doctor(DOC_A), only(&[CARDIOLOGY]), AccessMode::Read, None);
		assert_eq!(reads(DOC_A, CARDIOLOGY), Some(AccessBasis::Grant(0)));
		assert_eq!(reads(DOC_A, ONCOLOGY), None);
		assert_eq!(writes(DOC_A, CARDIOLOGY), None, "read-only");
		grant(Grantee::Doctor(DOC_A), only(&[ONCOLOGY]), AccessMode::ReadWrite, None);
		assert_eq!(writes(DOC_A, ONCOLOGY), Some(AccessBasis::Grant(1)));
		assert_eq!(reads(DOC_A, ONCOLOGY), Some(AccessBasis::Grant(1)));
		assert_eq!(writes(DOC_A, CARDIOLOGY), None);
	});
}

#[test]
fn a_hospital_wide_grant_follows_doctors_moves() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		grant(Grantee::Hospital(0), Scope::All, AccessMode::Read, None);
		assert_eq!(reads(DOC_A, CARDIOLOGY), Some(AccessBasis::Grant(0)));
		assert_eq!(reads(DOC_A2, CARDIOLOGY), Some(AccessBasis::Grant(0)));
		assert_eq!(reads(DOC_B, CARDIOLOGY), None);
		// DOC_A moves to hospital 1, DOC_B to hospital 0.
		MockDoctors::update(DOC_A, |d| d.hospital = 1);
		MockDoctors::update(DOC_B, |d| d.hospital = 0);
		assert_eq!(reads(DOC_A, CARDIOLOGY), None);
		assert_eq!(reads(DOC_B, CARDIOLOGY), Some(AccessBasis::Grant(0)));
	});
}

#[test]
fn a_suspended_doctor_is_denied_while_suspended() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		grant(Grantee::Doctor(DOC_A), Scope::All, AccessMode::ReadWrite, None);
		grant(Grantee::Hospital(0), Scope::All, AccessMode::Read, None);
		MockDoctors::update(DOC_A, |d| d.suspended = true);
		assert_eq!(reads(DOC_A, CARDIOLOGY), None);
		assert_eq!(writes(DOC_A, CARDIOLOGY), None);
		MockDoctors::update(DOC_A, |d| d.suspended = false);
		assert_eq!(writes(DOC_A, CARDIOLOGY), Some(AccessBasis::Grant(0)));
		// A doctor of a hospital that was suspended is denied too.
		mhr_primitives::mock::MockHospitals::set(0, ADMIN_0, false);
		assert_eq!(reads(DOC_A, CARDIOLOGY), None);
	});
}

#[test]
fn grants_are_checked_before_anything_is_held() {
	ExtBuilder.build_and_execute(|| {
		let attempt =
			|who: u64, grantee: Grantee<u64>, scope: ScopeRequest, expires_at: Option<u64>| {
				Access::grant_access(
					RuntimeOrigin::signed(who),
					PATIENT,
					grantee,
					scope,
					AccessMode::Read,
					expires_at,
				)
			};
		assert_noop!(
			attempt(PATIENT, Grantee::Doctor(DOC_A), Scope::All, None),
			Error::<Test>::UnknownPatient
		);
		register(PATIENT);
		assert_noop!(
			attempt(DOC_A, Grantee::Doctor(DOC_A), Scope::All, None),
			Error::<Test>::NotPatientOrGuardian
		);
		assert_noop!(
			attempt(PATIENT, Grantee::Doctor(42), Scope::All, None),
			Error::<Test>::GranteeNotPractising
		);
		MockDoctors::update(DOC_B, |d| d.suspended = true);
		assert_noop!(
			attempt(PATIENT, Grantee::Doctor(DOC_B), Scope::All, None),
			Error::<Test>::GranteeNotPractising
		);
		assert_noop!(
			attempt(PATIENT, Grantee::Hospital(7), Scope::All, None),
			Error::<Test>::GranteeHospitalNotActive
		);
		mhr_primitives::mock::MockHospitals::set(1, ADMIN_1, false);
		assert_noop!(
			attempt(PATIENT, Grantee::Doctor(DOC_B), Scope::All, None),
			Error::<Test>::GranteeNotPractising
		);
		assert_noop!(
			attempt(PATIENT, Grantee::Hospital(1), Scope::All, None),
			Error::<Test>::GranteeHospitalNotActive
		);
		mhr_primitives::mock::MockHospitals::set(1, ADMIN_1, true);
		assert_noop!(
			attempt(PATIENT, Grantee::Doctor(DOC_A), only(&[]), None),
			Error::<Test>::EmptyScope
		);
		let most = <<Test as crate::Config>::MaxScopeCategories as frame_support::traits::Get<
			u32,
		>>::get() as CategoryId;
		let too_many: Vec<CategoryId> = (0..=most).collect();
		assert_noop!(
			attempt(PATIENT, Grantee::Doctor(DOC_A), only(&too_many), None),
			Error::<Test>::TooManyScopeCategories
		);
		assert_noop!(
			attempt(PATIENT, Grantee::Doctor(DOC_A), Scope::All, Some(1)),
			Error::<Test>::ExpiryNotInFuture
		);
		for _ in 0..3 {
			assert_ok!(attempt(PATIENT, Grantee::Doctor(DOC_A), Scope::All, None));
		}
		assert_noop!(
			attempt(PATIENT, Grantee::Doctor(DOC_A), Scope::All, None),
			Error::<Test>::TooManyGrants
		);
		assert_eq!(Balances::free_balance(PATIENT), ENDOWMENT - 3 * DEPOSIT);
		assert_noop!(
			Access::revoke_access(RuntimeOrigin::signed(PATIENT), PATIENT, 9),
			Error::<Test>::UnknownGrant
		);
	});
}

#[test]
fn a_patient_who_cannot_pay_the_deposit_is_refused() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(PATIENT),
			GUARDIAN,
			ENDOWMENT - 5
		));
		assert!(Access::grant_access(
			RuntimeOrigin::signed(PATIENT),
			PATIENT,
			Grantee::Doctor(DOC_A),
			Scope::All,
			AccessMode::Read,
			None
		)
		.is_err());
		assert!(!Grants::<Test>::contains_key(PATIENT, 0));
	});
}

#[test]
fn the_runtime_api_views_list_grants_both_ways() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		register(PATIENT_2);
		grant(Grantee::Doctor(DOC_A), Scope::All, AccessMode::Read, None);
		grant(Grantee::Hospital(1), only(&[ONCOLOGY]), AccessMode::Read, None);
		assert_ok!(Access::grant_access(
			RuntimeOrigin::signed(PATIENT_2),
			PATIENT_2,
			Grantee::Doctor(DOC_A),
			Scope::All,
			AccessMode::Read,
			None
		));
		assert_eq!(
			Access::grants_of(&PATIENT).into_iter().map(|(id, _)| id).collect::<Vec<_>>(),
			vec![0, 1]
		);
		let mut patients = Access::patients_of(&Grantee::Doctor(DOC_A));
		patients.sort();
		assert_eq!(patients, vec![(PATIENT, 0), (PATIENT_2, 0)]);
		assert_eq!(Access::patients_of(&Grantee::Hospital(1)), vec![(PATIENT, 1)]);
	});
}
