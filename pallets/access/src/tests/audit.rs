//! The audit trail: every logged read needs access at that moment, names its basis, and stays
//! in a bounded recent window plus an event.

use frame_support::{assert_noop, assert_ok};
use sp_core::H256;

use super::*;
use crate::{AuditEntry, AuditTrail, Error, Event};
use mhr_primitives::AccessBasis;

#[test]
fn a_read_under_a_grant_is_logged_with_its_basis() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		MockRecords::set(7, PATIENT, CARDIOLOGY);
		grant(Grantee::Doctor(DOC_A), only(&[CARDIOLOGY]), AccessMode::Read, None);
		assert_ok!(Access::log_access(RuntimeOrigin::signed(DOC_A), 7, 2));
		System::assert_last_event(
			Event::AccessLogged {
				patient: PATIENT,
				reader: DOC_A,
				record: 7,
				purpose: 2,
				basis: AccessBasis::Grant(0),
				served_by: None,
			}
			.into(),
		);
		assert_eq!(
			AuditTrail::<Test>::get(PATIENT).into_inner(),
			vec![AuditEntry {
				reader: DOC_A,
				record: 7,
				purpose: 2,
				at: 1,
				basis: AccessBasis::Grant(0)
			}]
		);
	});
}

#[test]
fn a_doctor_without_access_cannot_log_and_leaves_nothing() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		MockRecords::set(7, PATIENT, CARDIOLOGY);
		MockRecords::set(8, PATIENT, ONCOLOGY);
		assert_noop!(
			Access::log_access(RuntimeOrigin::signed(DOC_B), 7, 1),
			Error::<Test>::NoAccess
		);
		grant(Grantee::Doctor(DOC_B), only(&[ONCOLOGY]), AccessMode::Read, None);
		assert_noop!(
			Access::log_access(RuntimeOrigin::signed(DOC_B), 7, 1),
			Error::<Test>::NoAccess
		);
		assert_ok!(Access::log_access(RuntimeOrigin::signed(DOC_B), 8, 1));
		assert_noop!(
			Access::log_access(RuntimeOrigin::signed(DOC_B), 99, 1),
			Error::<Test>::UnknownRecord
		);
		// Revoked: the next logged read fails.
		assert_ok!(Access::revoke_access(RuntimeOrigin::signed(PATIENT), PATIENT, 0));
		System::set_block_number(2);
		assert_noop!(
			Access::log_access(RuntimeOrigin::signed(DOC_B), 8, 1),
			Error::<Test>::NoAccess
		);
		assert_eq!(AuditTrail::<Test>::get(PATIENT).len(), 1);
	});
}

#[test]
fn a_read_under_emergency_access_is_logged_as_such() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		MockRecords::set(7, PATIENT, CARDIOLOGY);
		assert_ok!(Access::open_emergency(
			RuntimeOrigin::signed(DOC_A),
			PATIENT,
			1,
			H256::repeat_byte(1)
		));
		assert_ok!(Access::log_access(RuntimeOrigin::signed(DOC_A), 7, 9));
		assert_eq!(AuditTrail::<Test>::get(PATIENT)[0].basis, AccessBasis::Emergency(0));
		System::set_block_number(1 + EMERGENCY_DURATION);
		assert_noop!(
			Access::log_access(RuntimeOrigin::signed(DOC_A), 7, 9),
			Error::<Test>::NoAccess
		);
	});
}

#[test]
fn the_trail_keeps_the_most_recent_window() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		MockRecords::set(7, PATIENT, CARDIOLOGY);
		grant(Grantee::Hospital(0), Scope::All, AccessMode::Read, None);
		for purpose in 0..5 {
			assert_ok!(Access::log_access(RuntimeOrigin::signed(DOC_A), 7, purpose));
		}
		let purposes: Vec<u8> =
			AuditTrail::<Test>::get(PATIENT).iter().map(|e| e.purpose).collect();
		assert_eq!(purposes, vec![2, 3, 4]);
		// Every entry has its event, so indexers keep the whole history.
		let logged = System::events()
			.into_iter()
			.filter(|record| {
				matches!(record.event, RuntimeEvent::Access(Event::AccessLogged { .. }))
			})
			.count();
		assert_eq!(logged, 5);
	});
}
