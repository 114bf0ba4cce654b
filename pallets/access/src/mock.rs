//! A test runtime: System, Balances and the access pallet, over settable registries of
//! hospitals, doctors and records.
//!
//! Hospitals 0 (admin [`ADMIN_0`]) and 1 (admin [`ADMIN_1`]) are active. Doctors [`DOC_A`] and
//! [`DOC_A2`] practise at hospital 0, [`DOC_B`] at hospital 1. Patients [`PATIENT`] and
//! [`PATIENT_2`] are endowed but not registered.

use core::cell::RefCell;
use frame_support::{
	derive_impl, ord_parameter_types,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureSignedBy;
use mhr_primitives::{
	mock::{MockDoctors, MockHospitals},
	CategoryId, HospitalId, RecordFacts, RecordIndex,
};
use sp_runtime::BuildStorage;
use std::collections::BTreeMap;

use crate as pallet_mhr_access;

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
	pub type Access = pallet_mhr_access;

	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(4)]
	pub type SkipFeelessPayment = pallet_skip_feeless_payment;
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
pub const DOC_A: u64 = 10;
pub const DOC_A2: u64 = 11;
pub const DOC_B: u64 = 20;
pub const PATIENT: u64 = 1;
pub const PATIENT_2: u64 = 2;
pub const GUARDIAN: u64 = 3;
pub const REVIEWER: u64 = 100;
pub const VAULT_CLEARER: u64 = 101;
pub const ENDOWMENT: u64 = 1_000;
pub const DEPOSIT: u64 = 10;
pub const EMERGENCY_DURATION: u64 = 20;

/// Category codes of the tests.
pub const CARDIOLOGY: CategoryId = 9;
pub const ONCOLOGY: CategoryId = 2;

ord_parameter_types! {
	pub const Reviewer: u64 = REVIEWER;
	pub const VaultClearer: u64 = VAULT_CLEARER;
}

thread_local! {
	static RECORDS: RefCell<BTreeMap<u32, RecordFacts<u64>>> = const { RefCell::new(BTreeMap::new()) };
}

/// A settable record index: record id → patient and category.
pub struct MockRecords;

impl MockRecords {
	/// Indexes `record` about `patient` in `category`, filed by hospital 0.
	pub fn set(record: u32, patient: u64, category: CategoryId) {
		Self::set_at(record, patient, category, 0);
	}

	/// Indexes `record` about `patient` in `category`, filed by `hospital`.
	pub fn set_at(record: u32, patient: u64, category: CategoryId, hospital: HospitalId) {
		RECORDS
			.with(|r| r.borrow_mut().insert(record, RecordFacts { patient, category, hospital }));
	}
}

impl RecordIndex<u64, u32> for MockRecords {
	fn record_facts(record: &u32) -> Option<RecordFacts<u64>> {
		RECORDS.with(|r| r.borrow().get(record).cloned())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_record(patient: u64, category: CategoryId) -> u32 {
		let record = RECORDS.with(|r| r.borrow().keys().last().map_or(0, |last| last + 1));
		Self::set(record, patient, category);
		record
	}
}

/// Every paid transaction costs [`FEE`]: 1 for its weight, 1 base fee.
pub const FEE: u64 = 2;

#[derive_impl(pallet_transaction_payment::config_preludes::TestDefaultConfig)]
impl pallet_transaction_payment::Config for Test {
	type OnChargeTransaction = pallet_transaction_payment::FungibleAdapter<Balances, ()>;
	type WeightToFee = frame_support::weights::FixedFee<1, u64>;
	type LengthToFee = frame_support::weights::FixedFee<0, u64>;
}

impl pallet_skip_feeless_payment::Config for Test {
	type RuntimeEvent = RuntimeEvent;
}

/// Fee-less calls per window, and the window.
pub const MAX_FEELESS: u32 = 3;
pub const FEELESS_WINDOW: u64 = 10;
/// The pool priority of a fee-less call.
pub const CONSENT_PRIORITY: u64 = 1 << 62;

impl pallet_mhr_access::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Hospitals = MockHospitals;
	type Doctors = MockDoctors;
	type RecordId = u32;
	type Records = MockRecords;
	type ReviewOrigin = EnsureSignedBy<Reviewer, u64>;
	type VaultClearOrigin = EnsureSignedBy<VaultClearer, u64>;
	type MaxGrantsPerPatient = ConstU32<3>;
	type MaxScopeCategories = ConstU32<4>;
	type GrantDeposit = ConstU64<DEPOSIT>;
	type EmergencyAccessDuration = ConstU64<EMERGENCY_DURATION>;
	type MaxAuditWindow = ConstU32<3>;
	type MaxFeelessCalls = ConstU32<MAX_FEELESS>;
	type FeelessWindow = ConstU64<FEELESS_WINDOW>;
	type ConsentPriority = ConstU64<CONSENT_PRIORITY>;
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
			balances: [PATIENT, PATIENT_2, GUARDIAN, DOC_A, DOC_A2, DOC_B, ADMIN_0, ADMIN_1]
				.into_iter()
				.map(|who| (who, ENDOWMENT))
				.collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.expect("balances genesis builds");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			MockHospitals::clear();
			MockHospitals::set(0, ADMIN_0, true);
			MockHospitals::set(1, ADMIN_1, true);
			MockDoctors::clear();
			MockDoctors::set(DOC_A, 0, 100);
			MockDoctors::set(DOC_A2, 0, 100);
			MockDoctors::set(DOC_B, 1, 100);
			RECORDS.with(|r| r.borrow_mut().clear());
		});
		ext
	}

	/// Runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Access::do_try_state().expect("the access invariants hold");
		});
	}
}
