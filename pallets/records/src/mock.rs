//! A test runtime: System, Balances and the records pallet, over settable registries of
//! hospitals and doctors, a settable access control, a reward log and a block clock.
//!
//! Hospitals 0 (admin [`ADMIN_0`]) and 1 are active. At hospital 0 practise the author
//! [`AUTHOR`] (weight 100) and [`E1`], [`E2`] (100 each), [`E3`] (1) and [`E4`] (99): the
//! weight that may vote on [`AUTHOR`]'s records is 300. [`DOC_B`] practises at hospital 1.
//! [`AUTHOR`] may write every category of [`PATIENT`]'s records; categories [`CARDIOLOGY`] and
//! [`ONCOLOGY`] exist.

use core::cell::RefCell;
use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	traits::{ConstU32, ConstU64, Hooks, UnixTime},
};
use frame_system::EnsureSignedBy;
use mhr_primitives::{
	mock::{MockDoctors, MockHospitals},
	AccessBasis, AccessControl, CategoryId, HospitalId, RecordRewards,
};
use sp_runtime::BuildStorage;
use std::collections::BTreeSet;

use crate as pallet_mhr_records;

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(2)]
	pub type Records = pallet_mhr_records;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ExistentialDeposit = ConstU64<1>;
}

pub const ADMIN_0: u64 = 1000;
pub const ADMIN_1: u64 = 1001;
pub const AUTHOR: u64 = 10;
pub const E1: u64 = 11;
pub const E2: u64 = 12;
pub const E3: u64 = 13;
pub const E4: u64 = 14;
pub const DOC_B: u64 = 20;
pub const PATIENT: u64 = 1;
pub const PATIENT_2: u64 = 2;
pub const COUNCIL: u64 = 100;
pub const POT: u64 = 999;
pub const ENDOWMENT: u64 = 1_000;
pub const DEPOSIT: u64 = 10;
pub const PENDING_PERIOD: u64 = 50;
pub const MAX_ENDORSERS: u32 = 4;
pub const MAX_PER_BLOCK: u32 = 3;

/// Categories of the tests.
pub const CARDIOLOGY: CategoryId = 9;
pub const ONCOLOGY: CategoryId = 2;

ord_parameter_types! {
	pub const Council: u64 = COUNCIL;
}

parameter_types! {
	pub const Pot: u64 = POT;
}

thread_local! {
	static WRITERS: RefCell<BTreeSet<(u64, u64, Option<CategoryId>)>> = const { RefCell::new(BTreeSet::new()) };
	static CONFIRMED: RefCell<Vec<(HospitalId, u64, Vec<u64>)>> = const { RefCell::new(Vec::new()) };
}

/// A settable access control: who may write (and read) whose records, of every category or
/// of one.
pub struct MockAccess;

impl MockAccess {
	/// Lets `who` write `patient`'s records of every category.
	pub fn allow(who: u64, patient: u64) {
		WRITERS.with(|w| w.borrow_mut().insert((who, patient, None)));
	}

	/// Lets `who` write `patient`'s records of `category` only.
	pub fn allow_only(who: u64, patient: u64, category: CategoryId) {
		WRITERS.with(|w| w.borrow_mut().insert((who, patient, Some(category))));
	}

	/// Stops `who` writing `patient`'s records of every category.
	pub fn deny(who: u64, patient: u64) {
		WRITERS.with(|w| w.borrow_mut().retain(|(w, p, _)| (*w, *p) != (who, patient)));
	}
}

impl AccessControl<u64, u64> for MockAccess {
	fn can_read(who: &u64, patient: &u64, category: CategoryId, now: u64) -> Option<AccessBasis> {
		Self::can_write(who, patient, category, now)
	}

	fn can_write(who: &u64, patient: &u64, category: CategoryId, _: u64) -> Option<AccessBasis> {
		WRITERS
			.with(|w| {
				let w = w.borrow();
				w.contains(&(*who, *patient, None)) || w.contains(&(*who, *patient, Some(category)))
			})
			.then_some(AccessBasis::Grant(0))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_allow_write(who: u64, patient: u64) {
		Self::allow(who, patient);
	}
}

/// Keeps every confirmation it is told of.
pub struct MockRewards;

impl MockRewards {
	/// The confirmations so far: hospital, author, endorsers.
	pub fn confirmed() -> Vec<(HospitalId, u64, Vec<u64>)> {
		CONFIRMED.with(|c| c.borrow().clone())
	}
}

impl RecordRewards<u64> for MockRewards {
	fn record_confirmed(hospital: HospitalId, author: &u64, endorsers: &[u64]) {
		CONFIRMED.with(|c| c.borrow_mut().push((hospital, *author, endorsers.to_vec())));
	}
}

/// Six seconds a block, from the Unix epoch.
pub struct BlockClock;

impl UnixTime for BlockClock {
	fn now() -> core::time::Duration {
		core::time::Duration::from_secs(6 * System::block_number())
	}
}

impl pallet_mhr_records::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Hospitals = MockHospitals;
	type Doctors = MockDoctors;
	type Access = MockAccess;
	type Rewards = MockRewards;
	type Time = BlockClock;
	type CategoryOrigin = EnsureSignedBy<Council, u64>;
	type ForfeitTo = Pot;
	type RecordDeposit = ConstU64<DEPOSIT>;
	type PendingPeriod = ConstU64<PENDING_PERIOD>;
	type MaxLocationLen = ConstU32<32>;
	type MaxCategoryCodeLen = ConstU32<16>;
	type MaxEndorsers = ConstU32<MAX_ENDORSERS>;
	type MaxSubmissionsPerBlock = ConstU32<MAX_PER_BLOCK>;
	type WriteCheckWeight = ();
	type WeightInfo = ();
}

/// Builds the test externalities.
#[derive(Default)]
pub struct ExtBuilder;

impl ExtBuilder {
	/// Builds the externalities.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default()
			.build_storage()
			.expect("system genesis builds");
		pallet_balances::GenesisConfig::<Test> {
			balances: [PATIENT, PATIENT_2, AUTHOR, E1, E2, E3, E4, DOC_B, POT]
				.into_iter()
				.map(|who| (who, ENDOWMENT))
				.collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.expect("balances genesis builds");
		pallet_mhr_records::GenesisConfig::<Test> {
			categories: vec![
				(CARDIOLOGY, "ICD10:I00-I99".into()),
				(ONCOLOGY, "ICD10:C00-D49".into()),
			],
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.expect("records genesis builds");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			MockHospitals::clear();
			MockHospitals::set(0, ADMIN_0, true);
			MockHospitals::set(1, ADMIN_1, true);
			MockDoctors::clear();
			for (doctor, weight) in [(AUTHOR, 100), (E1, 100), (E2, 100), (E3, 1), (E4, 99)] {
				MockDoctors::set(doctor, 0, weight);
			}
			MockDoctors::set(DOC_B, 1, 100);
			WRITERS.with(|w| w.borrow_mut().clear());
			CONFIRMED.with(|c| c.borrow_mut().clear());
			MockAccess::allow(AUTHOR, PATIENT);
		});
		ext
	}

	/// Runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Records::do_try_state().expect("the records invariants hold");
		});
	}
}

/// Moves to block `n`, running the pallet's `on_initialize` of each block on the way.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Records::on_initialize(next);
	}
}

/// The events of the records pallet so far.
pub fn record_events() -> Vec<pallet_mhr_records::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Records(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// What is held from `who` for their pending records.
pub fn held(who: u64) -> u64 {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(
		&RuntimeHoldReason::Records(pallet_mhr_records::HoldReason::RecordDeposit),
		&who,
	)
}
