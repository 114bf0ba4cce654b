//! Patients' consent and the index of records, as composed in the runtime: a record's whole
//! life on the `local` chain, and patients' fee-less consent calls through the real
//! transaction extensions.

use frame_support::{
	assert_noop, assert_ok,
	dispatch::Pays,
	traits::{
		fungible::{Inspect, InspectHold},
		Get,
	},
};
use sp_core::H256;
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{self, Alice, BobStash, Dave, Eve, Ferdie};

use super::{check_governance, preset_externalities, signed};
use crate::{
	configs::{GrantDeposit, RecordDeposit, RewardPot},
	Access, Balances, Doctors, Executive, Records, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeHoldReason, RuntimeOrigin, System, UNITS,
};
use pallet_mhr_access::{AccessMode, Grantee, Scope};
use pallet_mhr_records::{RecordStatus, Rejection};

type RecordsError = pallet_mhr_records::Error<Runtime>;
type AccessError = pallet_mhr_access::Error<Runtime>;

/// The cardiology chapter of ICD-10, a genesis category.
const CARDIOLOGY: u16 = 9;

/// Runs `test` on the `local` chain at block 1, then checks every pallet's invariants.
fn on_local(test: impl FnOnce()) {
	preset_externalities(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		System::set_block_number(1);
		test();
		check_governance(false);
		Doctors::do_try_state().expect("the doctors pallet's invariants hold");
		Access::do_try_state().expect("the access invariants hold");
		Records::do_try_state().expect("the records invariants hold");
	});
}

fn account(who: Sr25519Keyring) -> crate::AccountId {
	who.to_account_id()
}

fn origin(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(account(who))
}

/// Alice's hospital (0) takes on Dave as chief and Eve and Ferdie as interns, each bonding
/// 300 MHR: Dave weighs 1,500 MHR, Eve and Ferdie 300 each.
fn alice_hospital_doctors() {
	for (doctor, rank) in [(Dave, 4), (Eve, 0), (Ferdie, 0)] {
		assert_ok!(Doctors::register_doctor(
			origin(Alice),
			account(doctor),
			rank,
			H256::repeat_byte(1)
		));
		assert_ok!(Doctors::bond(origin(doctor), 300 * UNITS));
	}
}

/// The patient (Bob's stash) registers and lets Dave read and write every category.
fn patient_lets_dave_write() {
	assert_ok!(Access::register_patient(origin(BobStash)));
	assert_ok!(Access::grant_access(
		origin(BobStash),
		account(BobStash),
		Grantee::Doctor(account(Dave)),
		Scope::All,
		AccessMode::ReadWrite,
		None
	));
}

fn submit(author: Sr25519Keyring, hash: u8) -> sp_runtime::DispatchResult {
	Records::submit_record(
		origin(author),
		account(BobStash),
		CARDIOLOGY,
		H256::repeat_byte(hash),
		b"http://127.0.0.1:8801/records/1".to_vec(),
		None,
	)
}

#[test]
fn a_record_lives_from_grant_to_confirmation_to_revocation() {
	on_local(|| {
		alice_hospital_doctors();
		System::set_block_number(2);
		// No consent, no record.
		assert_noop!(submit(Dave, 1), RecordsError::NoWriteAccess);
		patient_lets_dave_write();
		let dave_before = Balances::balance(&account(Dave));
		assert_ok!(submit(Dave, 1));
		assert_eq!(
			Balances::balance_on_hold(
				&RuntimeHoldReason::Records(pallet_mhr_records::HoldReason::RecordDeposit),
				&account(Dave)
			),
			RecordDeposit::get()
		);
		assert_eq!(
			pallet_mhr_records::Tallies::<Runtime>::get(0).map(|t| t.eligible),
			Some(600 * UNITS),
			"Eve's and Ferdie's weight may vote on Dave's record"
		);

		// Eve's 300 of 600 is not more than 2/3; Ferdie's makes 600.
		assert_ok!(Records::endorse_record(origin(Eve), 0));
		assert!(matches!(Records::record(0).map(|r| r.status), Some(RecordStatus::Pending { .. })));
		assert_ok!(Records::endorse_record(origin(Ferdie), 0));
		assert_eq!(Records::record(0).map(|r| r.status), Some(RecordStatus::Confirmed { at: 2 }));
		// The deposit is back and the doctors pallet paid half a record's reward to Dave.
		assert_eq!(Balances::balance(&account(Dave)), dave_before + UNITS / 2);

		// Search and verification.
		let found = Records::records_of(&account(BobStash), Some(CARDIOLOGY), None, 10);
		assert_eq!(found.iter().map(|(id, _)| *id).collect::<Vec<_>>(), vec![0]);
		assert_eq!(Records::verify(0, H256::repeat_byte(1)).map(|v| v.matches), Some(true));
		assert_eq!(Records::verify(0, H256::repeat_byte(2)).map(|v| v.matches), Some(false));

		// Reading leaves a trace for Dave; Eve has no grant and learns nothing.
		assert_ok!(Access::log_access(origin(Dave), 0, 1));
		assert_eq!(pallet_mhr_access::AuditTrail::<Runtime>::get(account(BobStash)).len(), 1);
		assert_noop!(Access::log_access(origin(Eve), 0, 1), AccessError::NoAccess);
		assert_noop!(Access::log_access(origin(Dave), 7, 1), AccessError::UnknownRecord);

		// Revoked, Dave may file nothing more.
		assert_ok!(Access::revoke_access(origin(BobStash), account(BobStash), 0));
		System::set_block_number(3);
		assert_noop!(submit(Dave, 2), RecordsError::NoWriteAccess);
	});
}

#[test]
fn a_disputed_record_forfeits_its_deposit_to_the_reward_pot() {
	on_local(|| {
		alice_hospital_doctors();
		System::set_block_number(2);
		assert_ok!(Access::register_patient(origin(BobStash)));
		assert_ok!(Access::grant_access(
			origin(BobStash),
			account(BobStash),
			Grantee::Hospital(0),
			Scope::All,
			AccessMode::ReadWrite,
			None
		));
		let pot_before = Balances::balance(&RewardPot::get());
		assert_ok!(submit(Dave, 1));
		assert_ok!(Records::dispute_record(origin(Eve), 0));
		assert_eq!(
			Records::record(0).map(|r| r.status),
			Some(RecordStatus::Rejected { at: 2, cause: Rejection::Disputed })
		);
		assert_eq!(Balances::balance(&RewardPot::get()), pot_before + RecordDeposit::get());
	});
}

#[test]
fn consent_calls_cost_a_patient_nothing_until_the_daily_allowance_is_used() {
	on_local(|| {
		alice_hospital_doctors();
		let patient = account(BobStash);
		let apply = |call: RuntimeCall, nonce: u32| {
			// Each transaction in a block of its own, as far as the block's weight goes.
			frame_system::BlockWeight::<Runtime>::kill();
			Executive::apply_extrinsic(signed(BobStash, call, nonce))
				.expect("the transaction is valid")
				.expect("the call succeeds");
			// What wallets read of the fee: `ExtrinsicSuccess`'s `pays_fee`.
			System::events()
				.into_iter()
				.rev()
				.find_map(|record| match record.event {
					RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess {
						dispatch_info,
					}) => Some(dispatch_info.pays_fee),
					_ => None,
				})
				.expect("ExtrinsicSuccess")
		};
		let grant = RuntimeCall::Access(pallet_mhr_access::Call::grant_access {
			patient: patient.clone(),
			grantee: Grantee::Doctor(account(Dave)),
			scope: Scope::All,
			mode: AccessMode::Read,
			expires_at: None,
		});
		// Registering is not a consent call: it pays.
		let before = Balances::balance(&patient);
		let pays = apply(RuntimeCall::Access(pallet_mhr_access::Call::register_patient {}), 0);
		assert!(Balances::balance(&patient) < before, "registration paid a fee");
		assert_eq!(pays, Pays::Yes);

		let allowance = <Runtime as pallet_mhr_access::Config>::MaxFeelessCalls::get();
		for nonce in 1..=allowance {
			let before = Balances::balance(&patient);
			assert_eq!(apply(grant.clone(), nonce), Pays::No, "reported as free");
			assert_eq!(
				Balances::balance(&patient),
				before - GrantDeposit::get(),
				"grant {nonce} held its deposit and paid no fee"
			);
		}
		assert_eq!(Access::feeless_calls_left(&patient), 0);
		let before = Balances::balance(&patient);
		assert_eq!(apply(grant, allowance + 1), Pays::Yes);
		assert!(
			Balances::balance(&patient) < before - GrantDeposit::get(),
			"beyond the allowance the call pays its fee"
		);
	});
}

#[test]
fn fee_queries_show_zero_for_a_call_that_is_free_for_its_signer() {
	on_local(|| {
		alice_hospital_doctors();
		patient_lets_dave_write();
		let revoke = RuntimeCall::Access(pallet_mhr_access::Call::revoke_access {
			patient: account(BobStash),
			grant: 0,
		});
		let by_patient = signed(BobStash, revoke.clone(), 0);
		let by_doctor = signed(Dave, revoke, 0);
		assert!(crate::is_free_for_signer(&by_patient), "the patient's own consent call");
		assert!(!crate::is_free_for_signer(&by_doctor), "the same call by a doctor pays");
		// What `TransactionPayment` alone would tell a wallet: a fee, never charged.
		assert!(crate::TransactionPayment::query_info(by_patient.clone(), 200).partial_fee > 0);
		use pallet_transaction_payment_rpc_runtime_api::runtime_decl_for_transaction_payment_api::TransactionPaymentApi as FeeApi;
		assert_eq!(
			<Runtime as FeeApi<crate::Block, crate::Balance>>::query_info(by_patient.clone(), 200)
				.partial_fee,
			0
		);
		assert_eq!(
			<Runtime as FeeApi<crate::Block, crate::Balance>>::query_fee_details(by_patient, 200)
				.final_fee(),
			0
		);
		assert!(
			<Runtime as FeeApi<crate::Block, crate::Balance>>::query_info(by_doctor, 200)
				.partial_fee > 0
		);
	});
}

#[test]
fn a_patients_revocation_enters_the_pool_above_every_doctors_transaction() {
	on_local(|| {
		alice_hospital_doctors();
		patient_lets_dave_write();
		assert_ok!(submit(Dave, 1));
		let priority = |who: Sr25519Keyring, call: RuntimeCall| {
			let validity = Executive::validate_transaction(
				sp_runtime::transaction_validity::TransactionSource::External,
				signed(who, call, System::account_nonce(account(who))),
				System::parent_hash(),
			);
			validity.expect("a valid transaction").priority
		};
		// The chief doctor's read of the record, and the patient's revocation of the grant it
		// rests on: the revocation goes first.
		let read = priority(
			Dave,
			RuntimeCall::Access(pallet_mhr_access::Call::log_access { record: 0, purpose: 1 }),
		);
		let revoke = priority(
			BobStash,
			RuntimeCall::Access(pallet_mhr_access::Call::revoke_access {
				patient: account(BobStash),
				grant: 0,
			}),
		);
		assert!(read >= 4 * 10u64.pow(15), "a chief's transaction carries seniority: {read}");
		assert_eq!(revoke, crate::configs::ConsentPriority::get());
		assert!(revoke > read, "the revocation ({revoke}) ranks above the read ({read})");
		// An emergency's closing too: Dave opens one, the patient closes it.
		assert_ok!(Access::open_emergency(
			origin(Dave),
			account(BobStash),
			1,
			H256::repeat_byte(7)
		));
		let close = priority(
			BobStash,
			RuntimeCall::Access(pallet_mhr_access::Call::close_emergency { emergency: 0 }),
		);
		assert!(close > read, "closing the emergency ({close}) ranks above the read ({read})");
	});
}

#[test]
fn a_hospitals_vault_logs_the_reads_it_serves_of_its_own_records_only() {
	use sp_keyring::Sr25519Keyring::{AliceStash, Bob, CharlieStash};
	on_local(|| {
		alice_hospital_doctors();
		patient_lets_dave_write();
		assert_ok!(submit(Dave, 1));
		// Hospital 0 (Alice) and hospital 1 (Bob) appoint their vaults.
		assert_ok!(Access::set_vault(origin(Alice), Some(account(AliceStash))));
		assert_ok!(Access::set_vault(origin(Bob), Some(account(CharlieStash))));
		assert_noop!(
			Access::set_vault(origin(Bob), Some(account(AliceStash))),
			AccessError::VaultOfAnotherHospital
		);

		assert_ok!(Access::log_access_for(origin(AliceStash), account(Dave), 0, 1));
		System::assert_last_event(
			pallet_mhr_access::Event::AccessLogged {
				patient: account(BobStash),
				reader: account(Dave),
				record: 0,
				purpose: 1,
				basis: mhr_primitives::AccessBasis::Grant(0),
				served_by: Some(0),
			}
			.into(),
		);
		assert_noop!(
			Access::log_access_for(origin(CharlieStash), account(Dave), 0, 1),
			AccessError::RecordOfAnotherHospital
		);
		assert_noop!(
			Access::log_access_for(origin(AliceStash), account(Eve), 0, 1),
			AccessError::NoAccess
		);
		assert_noop!(
			Access::log_access_for(origin(Dave), account(Dave), 0, 1),
			AccessError::NotVault
		);
		assert_eq!(pallet_mhr_access::AuditTrail::<Runtime>::get(account(BobStash)).len(), 1);
	});
}
