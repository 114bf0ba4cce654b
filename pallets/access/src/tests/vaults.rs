//! Hospital vaults and encryption keys: a hospital names the account its vault signs with,
//! the vault logs the reads it serves (of its own hospital's records, under the reader's
//! access), and every account may publish the key record keys are wrapped to.

use frame_support::{assert_noop, assert_ok};

use super::*;
use crate::{AuditTrail, EncryptionKeys, Error, Event, VaultHospital, Vaults};
use mhr_primitives::{mock::MockHospitals, AccessBasis, OnHospitalRemoved};

const VAULT_0: u64 = 500;
const VAULT_1: u64 = 501;

/// `admin` names `vault` (or none) as its hospital's vault.
fn set_vault(admin: u64, vault: Option<u64>) {
	assert_ok!(Access::set_vault(RuntimeOrigin::signed(admin), vault));
}

#[test]
fn anyone_publishes_and_replaces_an_encryption_key() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Access::set_encryption_key(RuntimeOrigin::signed(PATIENT), vec![1; 32]));
		System::assert_last_event(Event::EncryptionKeySet { who: PATIENT, key: [1; 32] }.into());
		assert_ok!(Access::set_encryption_key(RuntimeOrigin::signed(PATIENT), vec![2; 32]));
		assert_eq!(EncryptionKeys::<Test>::get(PATIENT), Some([2; 32]));
		assert_eq!(EncryptionKeys::<Test>::get(DOC_A), None);
	});
}

#[test]
fn a_key_of_another_length_than_32_bytes_is_named_and_changes_nothing() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Access::set_encryption_key(RuntimeOrigin::signed(PATIENT), vec![1; 32]));
		for length in [0, 31, 33] {
			assert_noop!(
				Access::set_encryption_key(RuntimeOrigin::signed(PATIENT), vec![2; length]),
				Error::<Test>::BadEncryptionKeyLength
			);
		}
		assert_eq!(EncryptionKeys::<Test>::get(PATIENT), Some([1; 32]));
	});
}

#[test]
fn a_hospital_admin_names_replaces_and_removes_its_vault() {
	ExtBuilder.build_and_execute(|| {
		set_vault(ADMIN_0, Some(VAULT_0));
		System::assert_last_event(Event::VaultSet { hospital: 0, vault: Some(VAULT_0) }.into());
		assert_eq!(Vaults::<Test>::get(0), Some(VAULT_0));
		assert_eq!(VaultHospital::<Test>::get(VAULT_0), Some(0));
		// Naming the same account again changes nothing.
		set_vault(ADMIN_0, Some(VAULT_0));
		assert_eq!(VaultHospital::<Test>::get(VAULT_0), Some(0));
		set_vault(ADMIN_0, Some(VAULT_1));
		assert_eq!(VaultHospital::<Test>::get(VAULT_0), None);
		assert_eq!(VaultHospital::<Test>::get(VAULT_1), Some(0));
		set_vault(ADMIN_0, None);
		System::assert_last_event(Event::VaultSet { hospital: 0, vault: None }.into());
		assert_eq!(Vaults::<Test>::get(0), None);
		assert_eq!(VaultHospital::<Test>::get(VAULT_1), None);
	});
}

#[test]
fn only_an_active_hospitals_admin_names_a_vault_not_used_elsewhere() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Access::set_vault(RuntimeOrigin::signed(DOC_A), Some(VAULT_0)),
			Error::<Test>::NotHospitalAdmin
		);
		set_vault(ADMIN_0, Some(VAULT_0));
		assert_noop!(
			Access::set_vault(RuntimeOrigin::signed(ADMIN_1), Some(VAULT_0)),
			Error::<Test>::VaultOfAnotherHospital
		);
		MockHospitals::set(1, ADMIN_1, false);
		assert_noop!(
			Access::set_vault(RuntimeOrigin::signed(ADMIN_1), Some(VAULT_1)),
			Error::<Test>::NotHospitalAdmin
		);
	});
}

#[test]
fn a_suspended_hospitals_admin_may_still_remove_its_vault() {
	ExtBuilder.build_and_execute(|| {
		set_vault(ADMIN_1, Some(VAULT_1));
		MockHospitals::set(1, ADMIN_1, false);
		set_vault(ADMIN_1, None);
		assert_eq!(Vaults::<Test>::get(1), None);
		assert_eq!(VaultHospital::<Test>::get(VAULT_1), None);
	});
}

#[test]
fn a_vault_logs_a_read_it_served_under_the_readers_grant() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		MockRecords::set_at(7, PATIENT, CARDIOLOGY, 1);
		set_vault(ADMIN_1, Some(VAULT_1));
		grant(Grantee::Doctor(DOC_A), only(&[CARDIOLOGY]), AccessMode::Read, None);
		assert_ok!(Access::log_access_for(RuntimeOrigin::signed(VAULT_1), DOC_A, 7, 3));
		System::assert_last_event(
			Event::AccessLogged {
				patient: PATIENT,
				reader: DOC_A,
				record: 7,
				purpose: 3,
				basis: AccessBasis::Grant(0),
				served_by: Some(1),
			}
			.into(),
		);
		let trail = AuditTrail::<Test>::get(PATIENT);
		assert_eq!(trail.len(), 1);
		assert_eq!((trail[0].reader, trail[0].record), (DOC_A, 7));
	});
}

#[test]
fn a_vault_logs_only_its_own_hospitals_records_and_only_granted_reads() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		MockRecords::set_at(7, PATIENT, CARDIOLOGY, 1);
		MockRecords::set_at(8, PATIENT, CARDIOLOGY, 0);
		set_vault(ADMIN_1, Some(VAULT_1));
		assert_noop!(
			Access::log_access_for(RuntimeOrigin::signed(VAULT_0), DOC_A, 7, 1),
			Error::<Test>::NotVault
		);
		assert_noop!(
			Access::log_access_for(RuntimeOrigin::signed(VAULT_1), DOC_A, 99, 1),
			Error::<Test>::UnknownRecord
		);
		grant(Grantee::Doctor(DOC_A), only(&[CARDIOLOGY]), AccessMode::Read, None);
		assert_noop!(
			Access::log_access_for(RuntimeOrigin::signed(VAULT_1), DOC_A, 8, 1),
			Error::<Test>::RecordOfAnotherHospital
		);
		assert_noop!(
			Access::log_access_for(RuntimeOrigin::signed(VAULT_1), DOC_B, 7, 1),
			Error::<Test>::NoAccess
		);
		// A replaced vault account logs nothing more.
		set_vault(ADMIN_1, Some(VAULT_0));
		assert_noop!(
			Access::log_access_for(RuntimeOrigin::signed(VAULT_1), DOC_A, 7, 1),
			Error::<Test>::NotVault
		);
		// Revoked: the vault's next log for the reader is refused.
		assert_ok!(Access::log_access_for(RuntimeOrigin::signed(VAULT_0), DOC_A, 7, 1));
		assert_ok!(Access::revoke_access(RuntimeOrigin::signed(PATIENT), PATIENT, 0));
		assert_noop!(
			Access::log_access_for(RuntimeOrigin::signed(VAULT_0), DOC_A, 7, 1),
			Error::<Test>::NoAccess
		);
		assert_eq!(AuditTrail::<Test>::get(PATIENT).len(), 1);
	});
}

#[test]
fn a_suspended_hospitals_vault_serves_no_new_reads() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		MockRecords::set_at(7, PATIENT, CARDIOLOGY, 1);
		set_vault(ADMIN_1, Some(VAULT_1));
		grant(Grantee::Doctor(DOC_A), only(&[CARDIOLOGY]), AccessMode::Read, None);
		MockHospitals::set(1, ADMIN_1, false);
		assert_noop!(
			Access::log_access_for(RuntimeOrigin::signed(VAULT_1), DOC_A, 7, 1),
			Error::<Test>::VaultHospitalNotActive
		);
		// Reinstated, it serves again.
		MockHospitals::set(1, ADMIN_1, true);
		assert_ok!(Access::log_access_for(RuntimeOrigin::signed(VAULT_1), DOC_A, 7, 1));
	});
}

#[test]
fn removing_a_hospital_cuts_its_vault_off_at_once() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		MockRecords::set_at(7, PATIENT, CARDIOLOGY, 1);
		set_vault(ADMIN_1, Some(VAULT_1));
		grant(Grantee::Doctor(DOC_A), only(&[CARDIOLOGY]), AccessMode::Read, None);
		// What the hospitals pallet does on removal.
		MockHospitals::remove(1);
		<Access as OnHospitalRemoved>::on_hospital_removed(1);
		System::assert_last_event(Event::VaultSet { hospital: 1, vault: None }.into());
		assert_eq!(Vaults::<Test>::get(1), None);
		assert_eq!(VaultHospital::<Test>::get(VAULT_1), None);
		assert_noop!(
			Access::log_access_for(RuntimeOrigin::signed(VAULT_1), DOC_A, 7, 1),
			Error::<Test>::NotVault
		);
		// A hospital without a vault: nothing to do, nothing said.
		let events = System::events().len();
		<Access as OnHospitalRemoved>::on_hospital_removed(0);
		assert_eq!(System::events().len(), events);
	});
}

#[test]
fn a_removed_hospitals_vault_breaks_the_invariants() {
	ExtBuilder.build_and_execute(|| {
		set_vault(ADMIN_1, Some(VAULT_1));
		MockHospitals::remove(1);
		assert!(Access::do_try_state().is_err(), "no vault of a removed hospital");
		<Access as OnHospitalRemoved>::on_hospital_removed(1);
	});
}

#[test]
fn the_council_clears_any_hospitals_vault() {
	ExtBuilder.build_and_execute(|| {
		set_vault(ADMIN_0, Some(VAULT_0));
		set_vault(ADMIN_1, Some(VAULT_1));
		MockHospitals::set(1, ADMIN_1, false);
		assert_noop!(
			Access::clear_vault(RuntimeOrigin::signed(ADMIN_0), 1),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Access::clear_vault(RuntimeOrigin::signed(VAULT_CLEARER), 1));
		System::assert_last_event(Event::VaultSet { hospital: 1, vault: None }.into());
		assert_eq!(VaultHospital::<Test>::get(VAULT_1), None);
		assert_eq!(Vaults::<Test>::get(0), Some(VAULT_0), "other vaults stay");
		assert_noop!(
			Access::clear_vault(RuntimeOrigin::signed(VAULT_CLEARER), 1),
			Error::<Test>::NoVault
		);
	});
}

#[test]
fn migration_v1_clears_the_vaults_of_hospitals_removed_before_it_and_runs_once() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	ExtBuilder.build_and_execute(|| {
		set_vault(ADMIN_0, Some(VAULT_0));
		set_vault(ADMIN_1, Some(VAULT_1));
		// A chain of storage version 0, on which hospital 1 was removed with its vault kept.
		StorageVersion::new(0).put::<Access>();
		MockHospitals::remove(1);
		assert!(Access::do_try_state().is_err());

		crate::migrations::v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Access::on_chain_storage_version(), StorageVersion::new(1));
		System::assert_last_event(Event::VaultSet { hospital: 1, vault: None }.into());
		assert_eq!((Vaults::<Test>::get(1), VaultHospital::<Test>::get(VAULT_1)), (None, None));
		// The active hospital's vault is kept.
		assert_eq!(Vaults::<Test>::get(0), Some(VAULT_0));
		assert_eq!(VaultHospital::<Test>::get(VAULT_0), Some(0));

		// Once at version 1, it does nothing.
		MockHospitals::remove(0);
		crate::migrations::v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Vaults::<Test>::get(0), Some(VAULT_0));
		<Access as OnHospitalRemoved>::on_hospital_removed(0);
	});
}
