//! Priority by seniority: the payload-free transaction extension.

use frame_support::{assert_ok, dispatch::DispatchInfo};
use sp_runtime::{traits::DispatchTransaction, transaction_validity::TransactionSource};

use crate::{mock::*, PrioritizeSeniority};

/// The priority the extension gives a signed transaction of `who`.
fn priority_of(who: u64) -> u64 {
	let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
	let (valid, _, _) = PrioritizeSeniority::<Test>::new()
		.validate_only(
			RuntimeOrigin::signed(who),
			&call,
			&DispatchInfo::default(),
			0,
			TransactionSource::External,
			0,
		)
		.expect("never rejects a signed transaction");
	valid.priority
}

#[test]
fn qualified_doctors_get_their_ranks_priority() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		doctor(ADMIN_0, 11, SPECIALIST, 20);
		doctor(ADMIN_0, 12, INTERN, 10);
		assert_eq!(priority_of(10), 100);
		assert_eq!(priority_of(11), 10);
		assert_eq!(priority_of(12), 0);
		assert!(priority_of(10) > priority_of(11));
	});
}

#[test]
fn others_and_suspended_doctors_get_nothing_added() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 100);
		assert_eq!(priority_of(42), 0);
		assert_ok!(Staking::suspend_doctor(RuntimeOrigin::signed(ADMIN_0), 10));
		assert_eq!(priority_of(10), 0);
	});
}

#[test]
fn doctors_below_their_minimum_bond_or_at_an_inactive_hospital_get_nothing_added() {
	ExtBuilder.build_and_execute(|| {
		doctor(ADMIN_0, 10, CHIEF, 0);
		assert_eq!(priority_of(10), 0, "registered at the top rank, but nothing at stake");
		assert_ok!(Staking::bond(RuntimeOrigin::signed(10), 49));
		assert_eq!(priority_of(10), 0, "below the chief's minimum of 50");
		assert_ok!(Staking::bond(RuntimeOrigin::signed(10), 1));
		assert_eq!(priority_of(10), 100);
		mhr_primitives::mock::MockHospitals::set(0, ADMIN_0, false);
		assert_eq!(priority_of(10), 0, "the hospital is suspended");
	});
}
