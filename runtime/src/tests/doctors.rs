//! Doctors and their stake, as composed in the runtime: registered by their hospital's admin,
//! governed by the council, and prioritised by seniority in the transaction pool.

use frame_support::{assert_noop, assert_ok};
use mhr_primitives::DoctorRegistry;
use sp_core::H256;
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{
	transaction_validity::{TransactionSource, TransactionValidity},
	DispatchError,
};

use super::{check_governance, preset_externalities, signed};
use crate::{
	Doctors, Executive, Runtime, RuntimeCall, RuntimeOrigin, System, UncheckedExtrinsic, UNITS,
};

type DoctorsError = pallet_mhr_doctors::Error<Runtime>;

/// The ranks of the runtime, by name.
const INTERN: u8 = 0;
const CHIEF: u8 = 4;

/// Runs `test` on the `local` chain at block 1, then checks the governance and doctors
/// invariants.
fn on_local(test: impl FnOnce()) {
	preset_externalities(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		System::set_block_number(1);
		test();
		check_governance(false);
		Doctors::do_try_state().expect("the doctors pallet's invariants hold");
	});
}

fn register(admin: Sr25519Keyring, doctor: Sr25519Keyring, rank: u8, stake: u128) {
	assert_ok!(Doctors::register_doctor(
		RuntimeOrigin::signed(admin.to_account_id()),
		doctor.to_account_id(),
		rank,
		H256::repeat_byte(1)
	));
	if stake > 0 {
		assert_ok!(Doctors::bond(RuntimeOrigin::signed(doctor.to_account_id()), stake));
	}
}

/// A signed `system.remark` from `who`, with every transaction extension of the runtime.
fn signed_remark(who: Sr25519Keyring) -> UncheckedExtrinsic {
	signed(who, RuntimeCall::System(frame_system::Call::remark { remark: vec![] }), 0)
}

fn pool_priority(who: Sr25519Keyring) -> u64 {
	let validity: TransactionValidity = Executive::validate_transaction(
		TransactionSource::External,
		signed_remark(who),
		System::parent_hash(),
	);
	validity.expect("a valid transaction").priority
}

#[test]
fn a_hospital_registers_its_doctors_who_bond_and_weigh_by_seniority() {
	on_local(|| {
		// Alice administers hospital 0, Bob hospital 1.
		register(Alice, Dave, CHIEF, 300 * UNITS);
		register(Alice, Eve, INTERN, 300 * UNITS);
		register(Bob, Ferdie, INTERN, 10 * UNITS);
		assert_eq!(Doctors::weight_of(&Dave.to_account_id()), 1_500 * UNITS);
		assert_eq!(Doctors::weight_of(&Eve.to_account_id()), 300 * UNITS);
		assert_eq!(Doctors::total_weight(0), 1_800 * UNITS);
		assert_eq!(Doctors::total_weight(1), 10 * UNITS);
		assert!(Doctors::is_qualified(&Dave.to_account_id(), 0));
		assert!(!Doctors::is_qualified(&Dave.to_account_id(), 1));

		// Bob's hospital cannot touch Alice's doctors; a doctor is no admin.
		assert_noop!(
			Doctors::suspend_doctor(
				RuntimeOrigin::signed(Bob.to_account_id()),
				Dave.to_account_id()
			),
			DoctorsError::NotYourDoctor
		);
		assert_noop!(
			Doctors::register_doctor(
				RuntimeOrigin::signed(Dave.to_account_id()),
				Charlie.to_account_id(),
				INTERN,
				H256::repeat_byte(1)
			),
			DoctorsError::NotHospitalAdmin
		);
		// Below the rank's minimum bond a doctor is registered but not qualified.
		register(Bob, Charlie, CHIEF, 100 * UNITS);
		assert!(!Doctors::is_qualified(&Charlie.to_account_id(), 1));
		assert_eq!(Doctors::weight_of(&Charlie.to_account_id()), 0);
	});
}

#[test]
fn only_the_council_suspends_any_doctor_and_slashes() {
	on_local(|| {
		register(Alice, Dave, CHIEF, 300 * UNITS);
		for call in [
			Doctors::council_suspend(
				RuntimeOrigin::signed(Alice.to_account_id()),
				Dave.to_account_id(),
			),
			Doctors::slash(
				RuntimeOrigin::signed(Alice.to_account_id()),
				Dave.to_account_id(),
				UNITS,
				H256::repeat_byte(1),
			),
		] {
			assert_eq!(call, Err(DispatchError::BadOrigin));
		}
		let council = |members: u32| {
			RuntimeOrigin::from(pallet_collective::RawOrigin::<
				sp_runtime::AccountId32,
				crate::configs::CouncilCollective,
			>::Members(members, 3))
		};
		// One member of three is not the council.
		assert_noop!(
			Doctors::council_suspend(council(1), Dave.to_account_id()),
			DispatchError::BadOrigin
		);
		assert_ok!(Doctors::council_suspend(council(2), Dave.to_account_id()));
		assert_eq!(Doctors::total_weight(0), 0);
		let pot = pallet_mhr_doctors::Pallet::<Runtime>::pot_account();
		let before = pallet_balances::Pallet::<Runtime>::free_balance(&pot);
		assert_ok!(Doctors::slash(
			council(2),
			Dave.to_account_id(),
			100 * UNITS,
			H256::repeat_byte(3)
		));
		assert_eq!(pallet_balances::Pallet::<Runtime>::free_balance(&pot), before + 100 * UNITS);
	});
}

#[test]
fn senior_doctors_transactions_go_first() {
	on_local(|| {
		register(Alice, Dave, CHIEF, 300 * UNITS);
		register(Alice, Eve, INTERN, 300 * UNITS);
		let chief = pool_priority(Dave);
		let intern = pool_priority(Eve);
		let patient = pool_priority(Ferdie);
		assert!(chief > intern, "chief {chief} over intern {intern}");
		assert_eq!(chief - intern, 4 * 1_000_000_000_000_000);
		assert_eq!(intern, patient, "an intern's rank adds nothing");
		// Suspended: back to the ordinary priority, at once.
		assert_ok!(Doctors::suspend_doctor(
			RuntimeOrigin::signed(Alice.to_account_id()),
			Dave.to_account_id()
		));
		assert_eq!(pool_priority(Dave), patient);
	});
}
