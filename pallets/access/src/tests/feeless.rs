//! Consent costs patients nothing: their calls are fee-less, within a rate limit that counts
//! failing calls too.

use frame_support::{
	dispatch::{GetDispatchInfo, Pays},
	pallet_prelude::TransactionSource,
};
use pallet_transaction_payment::ChargeTransactionPayment;
use sp_runtime::traits::DispatchTransaction;

use super::*;
use crate::{CountFeelessCalls, FeelessUsage};

type Extensions = (
	CountFeelessCalls<Test>,
	pallet_skip_feeless_payment::SkipCheckIfFeeless<Test, ChargeTransactionPayment<Test>>,
);

/// Submits `call` signed by `who` through the fee-less extensions; returns what it cost `who`.
fn submit(who: u64, call: crate::Call<Test>) -> u64 {
	let call = RuntimeCall::Access(call);
	// Holds (deposits) are part of the reserved balance: only fees change the total.
	let before = Balances::free_balance(who) + Balances::reserved_balance(who);
	let extensions: Extensions =
		(CountFeelessCalls::new(), ChargeTransactionPayment::<Test>::from(0).into());
	let info = call.get_dispatch_info();
	extensions
		.dispatch_transaction(RuntimeOrigin::signed(who), call, &info, 0, 0)
		.expect("valid and applied")
		.map(|_| ())
		.unwrap_or(());
	let after = Balances::free_balance(who) + Balances::reserved_balance(who);
	before - after
}

fn grant_call() -> crate::Call<Test> {
	crate::Call::grant_access {
		patient: PATIENT,
		grantee: Grantee::Doctor(DOC_A),
		scope: Scope::All,
		mode: AccessMode::Read,
		expires_at: None,
	}
}

#[test]
fn a_registered_patient_publishes_an_encryption_key_for_nothing_others_pay() {
	ExtBuilder.build_and_execute(|| {
		let publish = || crate::Call::set_encryption_key { key: vec![3; 32] };
		assert_eq!(submit(PATIENT, publish()), FEE);
		register(PATIENT);
		assert_eq!(submit(PATIENT, publish()), 0);
		assert_eq!(FeelessUsage::<Test>::get(PATIENT), (1, 1));
		assert_eq!(submit(DOC_A, publish()), FEE);
	});
}

#[test]
fn an_over_long_key_or_scope_is_never_fee_less_so_it_cannot_fill_blocks_for_free() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		let long_key = crate::Call::set_encryption_key { key: vec![3; 33] };
		assert_eq!(submit(PATIENT, long_key), FEE);
		let most = <<Test as crate::Config>::MaxScopeCategories as frame_support::traits::Get<
			u32,
		>>::get() as CategoryId;
		let long_scope = crate::Call::grant_access {
			patient: PATIENT,
			grantee: Grantee::Doctor(DOC_A),
			scope: Scope::Only(BoundedVec::truncate_from((0..=most).collect::<Vec<_>>())),
			mode: AccessMode::Read,
			expires_at: None,
		};
		assert_eq!(submit(PATIENT, long_scope), FEE);
		// Neither counted against the allowance; the well-formed call is still free.
		assert_eq!(FeelessUsage::<Test>::get(PATIENT), (0, 0));
		assert_eq!(submit(PATIENT, grant_call()), 0);
	});
}

/// Whether `who`'s `call` is marked paying once applied (what `ExtrinsicSuccess` reports).
fn marked_paying(who: u64, call: crate::Call<Test>) -> Pays {
	let call = RuntimeCall::Access(call);
	let extensions: Extensions =
		(CountFeelessCalls::new(), ChargeTransactionPayment::<Test>::from(0).into());
	let info = call.get_dispatch_info();
	let outcome = extensions
		.dispatch_transaction(RuntimeOrigin::signed(who), call, &info, 0, 0)
		.expect("valid and applied");
	let post_info = match outcome {
		Ok(post_info) => post_info,
		Err(failed) => failed.post_info,
	};
	frame_support::dispatch::extract_actual_pays_fee(&Ok(post_info), &info)
}

#[test]
fn a_fee_less_call_is_reported_as_not_paying_a_paying_one_as_paying() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		assert_eq!(marked_paying(PATIENT, grant_call()), Pays::No);
		// Fails (no such grant) and is still free: reported so.
		assert_eq!(
			marked_paying(PATIENT, crate::Call::revoke_access { patient: PATIENT, grant: 9 }),
			Pays::No
		);
		assert_eq!(marked_paying(DOC_A, grant_call()), Pays::Yes);
		// The allowance used up: the patient's call pays, and is reported so.
		assert_eq!(Access::feeless_calls_left(&PATIENT), 1);
		assert_eq!(marked_paying(PATIENT, grant_call()), Pays::No);
		assert_eq!(marked_paying(PATIENT, grant_call()), Pays::Yes);
	});
}

#[test]
fn a_registered_patients_consent_calls_cost_nothing() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		assert_eq!(submit(PATIENT, grant_call()), 0);
		assert_eq!(submit(PATIENT, crate::Call::revoke_access { patient: PATIENT, grant: 0 }), 0);
		assert_eq!(FeelessUsage::<Test>::get(PATIENT), (1, 2));
	});
}

#[test]
fn a_guardians_calls_for_the_patient_cost_nothing_and_count_for_the_patient() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		assert_ok!(Access::set_guardian(RuntimeOrigin::signed(PATIENT), PATIENT, Some(GUARDIAN)));
		assert_eq!(submit(GUARDIAN, grant_call()), 0);
		assert_eq!(FeelessUsage::<Test>::get(PATIENT).1, 1);
		assert_eq!(FeelessUsage::<Test>::get(GUARDIAN).1, 0);
	});
}

#[test]
fn others_pay_as_usual() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		// Not the patient nor their guardian: the call fails, and is paid for.
		assert_eq!(submit(DOC_A, grant_call()), FEE);
		// An unregistered patient pays too.
		assert_eq!(
			submit(PATIENT_2, crate::Call::set_guardian { patient: PATIENT_2, guardian: None }),
			FEE
		);
		// Registering is not fee-less.
		assert_eq!(submit(PATIENT_2, crate::Call::register_patient {}), FEE);
	});
}

#[test]
fn the_rate_limit_bites_and_failing_calls_count() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		// Three fee-less calls per window, the failing one included.
		assert_eq!(submit(PATIENT, grant_call()), 0);
		assert_eq!(submit(PATIENT, crate::Call::revoke_access { patient: PATIENT, grant: 9 }), 0);
		assert_eq!(submit(PATIENT, crate::Call::revoke_access { patient: PATIENT, grant: 0 }), 0);
		assert_eq!(Access::feeless_calls_left(&PATIENT), 0);
		// The fourth pays.
		assert_eq!(submit(PATIENT, grant_call()), FEE);
		// A new window starts FEELESS_WINDOW blocks after the first call of the last one.
		System::set_block_number(1 + FEELESS_WINDOW - 1);
		assert_eq!(submit(PATIENT, crate::Call::revoke_access { patient: PATIENT, grant: 1 }), FEE);
		System::set_block_number(1 + FEELESS_WINDOW);
		assert_eq!(Access::feeless_calls_left(&PATIENT), MAX_FEELESS);
		assert_eq!(submit(PATIENT, grant_call()), 0);
		assert_eq!(FeelessUsage::<Test>::get(PATIENT), (1 + FEELESS_WINDOW, 1));
	});
}

/// The pool priority `who`'s `call` validates with, through the fee-less extensions.
fn pool_priority(who: u64, call: crate::Call<Test>) -> u64 {
	let call = RuntimeCall::Access(call);
	let extensions: Extensions =
		(CountFeelessCalls::new(), ChargeTransactionPayment::<Test>::from(0).into());
	let info = call.get_dispatch_info();
	extensions
		.validate_only(RuntimeOrigin::signed(who), &call, &info, 0, TransactionSource::External, 0)
		.expect("valid")
		.0
		.priority
}

#[test]
fn fee_less_consent_calls_enter_the_pool_above_paying_ones() {
	ExtBuilder.build_and_execute(|| {
		register(PATIENT);
		let revoke = || crate::Call::revoke_access { patient: PATIENT, grant: 0 };
		assert_eq!(submit(PATIENT, grant_call()), 0);
		assert_eq!(pool_priority(PATIENT, revoke()), CONSENT_PRIORITY);
		// The same call by someone else pays, and ranks as paying calls do.
		assert!(pool_priority(DOC_A, revoke()) < CONSENT_PRIORITY);
		// Validation counts nothing: only inclusion does.
		assert_eq!(FeelessUsage::<Test>::get(PATIENT), (1, 1));
		// Once the allowance is used, the patient pays and loses the place.
		for _ in 1..MAX_FEELESS {
			submit(PATIENT, revoke());
		}
		assert_eq!(Access::feeless_calls_left(&PATIENT), 0);
		assert!(pool_priority(PATIENT, revoke()) < CONSENT_PRIORITY);
	});
}
