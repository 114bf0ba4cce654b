//! Break-glass: opened by a practising doctor, lasting its duration, closed early and flagged
//! by the patient or guardian, reviewed by the council.

use frame_support::{assert_noop, assert_ok};
use mhr_primitives::{
	mock::{MockDoctors, MockHospitals},
	AccessBasis, AccessControl,
};
use sp_core::H256;

use super::*;
use crate::{Emergencies, Error, Event, FlaggedEmergencies};

fn open(doctor: u64) {
	assert_ok!(Access::open_emergency(
		RuntimeOrigin::signed(doctor),
		PATIENT,
		3,
		H256::repeat_byte(4)
	));
}

fn reads(who: u64) -> Option<AccessBasis> {
	Access::can_read(&who, &PATIENT, CARDIOLOGY, System::block_number())
}

#[test]
fn a_practising_doctor_opens_emergency_access_which_expires() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		open(DOC_A);
		System::assert_last_event(
			Event::EmergencyAccessOpened {
				emergency: 0,
				patient: PATIENT,
				doctor: DOC_A,
				hospital: 0,
				reason: 3,
				expires_at: 1 + EMERGENCY_DURATION,
			}
			.into(),
		);
		assert_eq!(reads(DOC_A), Some(AccessBasis::Emergency(0)));
		assert_eq!(
			Access::can_write(&DOC_A, &PATIENT, ONCOLOGY, 1),
			Some(AccessBasis::Emergency(0)),
			"break-glass covers every category, for writing too"
		);
		assert_eq!(reads(DOC_A2), None, "it is the opening doctor's alone");
		assert_noop!(
			Access::open_emergency(RuntimeOrigin::signed(DOC_A), PATIENT, 3, H256::repeat_byte(1)),
			Error::<Test>::EmergencyAlreadyOpen
		);
		System::set_block_number(EMERGENCY_DURATION);
		assert_eq!(reads(DOC_A), Some(AccessBasis::Emergency(0)));
		System::set_block_number(1 + EMERGENCY_DURATION);
		assert_eq!(reads(DOC_A), None);
		// Expired: it may be opened again, under a new id.
		open(DOC_A);
		assert_eq!(reads(DOC_A), Some(AccessBasis::Emergency(1)));
	});
}

#[test]
fn only_bonded_doctors_of_active_hospitals_open_emergencies_for_registered_patients() {
	ExtBuilder.build_and_execute(|| {
		let open = |doctor| {
			Access::open_emergency(RuntimeOrigin::signed(doctor), PATIENT, 1, H256::repeat_byte(1))
		};
		assert_noop!(open(DOC_A), Error::<Test>::UnknownPatient);
		register(PATIENT);
		assert_noop!(open(PATIENT_2), Error::<Test>::NotRegisteredDoctor);
		MockDoctors::update(DOC_A, |d| d.suspended = true);
		assert_noop!(open(DOC_A), Error::<Test>::DoctorSuspended);
		MockDoctors::update(DOC_A, |d| {
			d.suspended = false;
			d.released = true;
		});
		assert_noop!(open(DOC_A), Error::<Test>::DoctorReleased);
		// Practising, but below the rank's minimum bond: nothing to slash if misused.
		MockDoctors::update(DOC_A2, |d| d.qualified = false);
		assert_noop!(open(DOC_A2), Error::<Test>::BondBelowMinimum);
		MockDoctors::update(DOC_A2, |d| d.qualified = true);
		MockHospitals::set(0, ADMIN_0, false);
		assert_noop!(open(DOC_A2), Error::<Test>::DoctorHospitalNotActive);
		MockHospitals::set(0, ADMIN_0, true);
		assert_ok!(open(DOC_A2));
	});
}

#[test]
fn a_break_glass_needs_a_justification_that_can_match_a_document() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		assert_noop!(
			Access::open_emergency(RuntimeOrigin::signed(DOC_A), PATIENT, 1, H256::zero()),
			Error::<Test>::ZeroJustificationHash
		);
		assert_eq!(Access::can_read(&DOC_A, &PATIENT, CARDIOLOGY, 1), None);
	});
}

#[test]
fn an_emergency_counts_only_at_the_hospital_it_was_opened_from() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		open(DOC_A);
		MockDoctors::update(DOC_A, |d| d.hospital = 1);
		assert_eq!(reads(DOC_A), None);
	});
}

#[test]
fn the_patient_or_guardian_closes_early_and_flags_and_the_council_reviews() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		assert_ok!(Access::set_guardian(RuntimeOrigin::signed(PATIENT), PATIENT, Some(GUARDIAN)));
		open(DOC_A);
		assert_noop!(
			Access::close_emergency(RuntimeOrigin::signed(DOC_A), 0),
			Error::<Test>::NotPatientOrGuardian
		);
		assert_ok!(Access::close_emergency(RuntimeOrigin::signed(GUARDIAN), 0));
		System::assert_last_event(Event::EmergencyAccessClosed { emergency: 0 }.into());
		assert_eq!(reads(DOC_A), None);
		assert_noop!(
			Access::close_emergency(RuntimeOrigin::signed(PATIENT), 0),
			Error::<Test>::EmergencyNotOpen
		);

		assert_noop!(
			Access::review_emergency(RuntimeOrigin::signed(REVIEWER), 0, false),
			Error::<Test>::EmergencyNotFlagged
		);
		assert_ok!(Access::flag_emergency(RuntimeOrigin::signed(PATIENT), 0));
		System::assert_last_event(Event::EmergencyAccessFlagged { emergency: 0 }.into());
		assert!(FlaggedEmergencies::<Test>::contains_key(0));
		assert_noop!(
			Access::flag_emergency(RuntimeOrigin::signed(GUARDIAN), 0),
			Error::<Test>::EmergencyAlreadyFlagged
		);

		assert_noop!(
			Access::review_emergency(RuntimeOrigin::signed(PATIENT), 0, false),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Access::review_emergency(RuntimeOrigin::signed(REVIEWER), 0, false));
		System::assert_last_event(
			Event::EmergencyAccessReviewed { emergency: 0, justified: false }.into(),
		);
		assert!(!FlaggedEmergencies::<Test>::contains_key(0));
		assert_eq!(Emergencies::<Test>::get(0).and_then(|e| e.reviewed), Some(false));
		assert_noop!(
			Access::review_emergency(RuntimeOrigin::signed(REVIEWER), 0, true),
			Error::<Test>::EmergencyNotFlagged
		);
	});
}

#[test]
fn unknown_emergencies_are_refused() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		assert_noop!(
			Access::close_emergency(RuntimeOrigin::signed(PATIENT), 7),
			Error::<Test>::UnknownEmergency
		);
		assert_noop!(
			Access::flag_emergency(RuntimeOrigin::signed(PATIENT), 7),
			Error::<Test>::UnknownEmergency
		);
		assert_noop!(
			Access::review_emergency(RuntimeOrigin::signed(REVIEWER), 7, true),
			Error::<Test>::UnknownEmergency
		);
	});
}
