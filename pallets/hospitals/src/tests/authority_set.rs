//! The authority set follows the registry, through `pallet_session::SessionManager`.

use frame_support::assert_ok;
use pallet_session::SessionManager;

use sp_runtime::traits::Convert;

use crate::{mock::*, AdminAsValidator};

type Manager = crate::Pallet<Test>;

#[test]
fn the_genesis_session_starts_with_the_founding_hospitals() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Manager::new_session_genesis(0), Some(vec![ADMIN_A, ADMIN_B, ADMIN_C]));
		// Unchanged, the set is still handed over, so keys registered late are picked up.
		assert_eq!(Manager::new_session(1), Some(vec![ADMIN_A, ADMIN_B, ADMIN_C]));
	});
}

#[test]
fn genesis_validators_are_only_the_founders_with_session_keys() {
	// The dev chain: three founding hospitals, keys for the first admin only.
	SessionKeys::without_keys(&[ADMIN_B, ADMIN_C]);
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Manager::new_session_genesis(0), Some(vec![ADMIN_A]));
		assert_eq!(Manager::new_session_genesis(1), Some(vec![ADMIN_A]));
		// Later sets name every active admin; the session pallet skips those without keys.
		assert_eq!(Manager::new_session(2), Some(vec![ADMIN_A, ADMIN_B, ADMIN_C]));
	});
}

#[test]
fn an_admitted_hospital_is_planned_into_the_next_session() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::admit(
			RuntimeOrigin::signed(ADMITTER),
			b"D".to_vec(),
			4,
			b"https://d.example".to_vec()
		));
		assert_eq!(Manager::new_session(2), Some(vec![ADMIN_A, ADMIN_B, ADMIN_C, 4]));
		assert_eq!(Manager::new_session(3), Some(vec![ADMIN_A, ADMIN_B, ADMIN_C, 4]));
	});
}

#[test]
fn suspended_and_removed_hospitals_leave_the_authority_set() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 0));
		assert_eq!(Manager::new_session(2), Some(vec![ADMIN_B, ADMIN_C]));
		assert_ok!(Hospitals::reinstate(RuntimeOrigin::signed(REINSTATER), 0));
		assert_ok!(Hospitals::remove(RuntimeOrigin::signed(REMOVER), 1));
		assert_eq!(Manager::new_session(3), Some(vec![ADMIN_A, ADMIN_C]));
	});
}

#[test]
fn a_new_admin_becomes_the_validator() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Hospitals::set_admin(RuntimeOrigin::signed(ADMIN_A), 0, 10));
		assert_eq!(Manager::new_session(2), Some(vec![ADMIN_B, ADMIN_C, 10]));
	});
}

#[test]
fn a_failed_call_changes_neither_set() {
	ExtBuilder::default().build_and_execute(|| {
		assert!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 42).is_err());
		assert_eq!(Manager::new_session(2), Some(vec![ADMIN_A, ADMIN_B, ADMIN_C]));
		assert_eq!(RecordedCouncil::members(), vec![ADMIN_A, ADMIN_B, ADMIN_C]);
	});
}

#[test]
fn an_empty_registry_starts_without_validators() {
	ExtBuilder::empty().build_and_execute(|| {
		assert_eq!(Manager::new_session_genesis(0), Some(vec![]));
		assert_eq!(Hospitals::active_count(), 0);
	});
}

#[test]
fn only_admins_of_registered_hospitals_may_register_session_keys() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(AdminAsValidator::<Test>::convert(ADMIN_A), Some(ADMIN_A));
		assert_eq!(AdminAsValidator::<Test>::convert(42), None);
		assert_ok!(Hospitals::admit(
			RuntimeOrigin::signed(ADMITTER),
			b"D".to_vec(),
			4,
			b"https://d.example".to_vec()
		));
		// A suspended hospital's admin keeps its keys ready for reinstatement.
		assert_ok!(Hospitals::suspend(RuntimeOrigin::signed(SUSPENDER), 1));
		assert_eq!(AdminAsValidator::<Test>::convert(ADMIN_B), Some(ADMIN_B));
		// A removed hospital's admin may not.
		assert_ok!(Hospitals::remove(RuntimeOrigin::signed(REMOVER), 2));
		assert_eq!(AdminAsValidator::<Test>::convert(ADMIN_C), None);
	});
}
