//! Patients register themselves; hospitals attest; guardians act and are replaced.

use frame_support::{assert_noop, assert_ok};
use sp_core::H256;

use super::*;
use crate::{Error, Event, Patients};

#[test]
fn a_patient_registers_once() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		System::assert_last_event(Event::PatientRegistered { patient: PATIENT }.into());
		assert_eq!(Patients::<Test>::get(PATIENT).map(|p| (p.guardian, p.grants)), Some((None, 0)));
		assert_noop!(
			Access::register_patient(RuntimeOrigin::signed(PATIENT)),
			Error::<Test>::PatientAlreadyRegistered
		);
	});
}

#[test]
fn an_active_hospitals_admin_attests_a_patient() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		assert_ok!(Access::attest_patient(
			RuntimeOrigin::signed(ADMIN_1),
			PATIENT,
			H256::repeat_byte(5)
		));
		System::assert_last_event(
			Event::PatientAttested {
				patient: PATIENT,
				hospital: 1,
				evidence: H256::repeat_byte(5),
			}
			.into(),
		);
		assert_eq!(
			Patients::<Test>::get(PATIENT).and_then(|p| p.attestation),
			Some((1, H256::repeat_byte(5)))
		);
		assert_noop!(
			Access::attest_patient(RuntimeOrigin::signed(DOC_A), PATIENT, H256::repeat_byte(1)),
			Error::<Test>::NotHospitalAdmin
		);
		mhr_primitives::mock::MockHospitals::set(1, ADMIN_1, false);
		assert_noop!(
			Access::attest_patient(RuntimeOrigin::signed(ADMIN_1), PATIENT, H256::repeat_byte(1)),
			Error::<Test>::NotHospitalAdmin
		);
		assert_noop!(
			Access::attest_patient(RuntimeOrigin::signed(ADMIN_0), PATIENT_2, H256::repeat_byte(1)),
			Error::<Test>::UnknownPatient
		);
		// An all-zero hash matches no evidence; the earlier attestation stays.
		assert_noop!(
			Access::attest_patient(RuntimeOrigin::signed(ADMIN_0), PATIENT, H256::zero()),
			Error::<Test>::ZeroEvidenceHash
		);
	});
}

#[test]
fn a_guardian_grants_and_revokes_for_the_patient_and_can_be_replaced() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		assert_ok!(Access::set_guardian(RuntimeOrigin::signed(PATIENT), PATIENT, Some(GUARDIAN)));
		System::assert_last_event(
			Event::GuardianSet { patient: PATIENT, guardian: Some(GUARDIAN) }.into(),
		);

		// The guardian grants; the deposit is the patient's.
		assert_ok!(Access::grant_access(
			RuntimeOrigin::signed(GUARDIAN),
			PATIENT,
			Grantee::Doctor(DOC_A),
			Scope::All,
			AccessMode::Read,
			None
		));
		assert_eq!(Balances::free_balance(PATIENT), ENDOWMENT - DEPOSIT);
		assert_eq!(Balances::free_balance(GUARDIAN), ENDOWMENT);
		assert_ok!(Access::revoke_access(RuntimeOrigin::signed(GUARDIAN), PATIENT, 0));
		assert_eq!(Balances::free_balance(PATIENT), ENDOWMENT);

		// The guardian hands over to another guardian; the old one can no longer act.
		assert_ok!(Access::set_guardian(RuntimeOrigin::signed(GUARDIAN), PATIENT, Some(PATIENT_2)));
		assert_noop!(
			Access::grant_access(
				RuntimeOrigin::signed(GUARDIAN),
				PATIENT,
				Grantee::Doctor(DOC_A),
				Scope::All,
				AccessMode::Read,
				None
			),
			Error::<Test>::NotPatientOrGuardian
		);
		// The patient can always remove the guardian.
		assert_ok!(Access::set_guardian(RuntimeOrigin::signed(PATIENT), PATIENT, None));
		assert_noop!(
			Access::set_guardian(RuntimeOrigin::signed(PATIENT_2), PATIENT, Some(PATIENT_2)),
			Error::<Test>::NotPatientOrGuardian
		);
	});
}

#[test]
fn guardians_are_checked() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Access::set_guardian(RuntimeOrigin::signed(PATIENT), PATIENT, Some(GUARDIAN)),
			Error::<Test>::UnknownPatient
		);
		register(PATIENT);
		assert_noop!(
			Access::set_guardian(RuntimeOrigin::signed(PATIENT), PATIENT, Some(PATIENT)),
			Error::<Test>::GuardianIsPatient
		);
		assert_noop!(
			Access::set_guardian(RuntimeOrigin::signed(DOC_A), PATIENT, Some(DOC_A)),
			Error::<Test>::NotPatientOrGuardian
		);
	});
}
