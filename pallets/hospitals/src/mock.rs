//! A test runtime: System and the hospitals registry, with a recorded council and one signed
//! account per council permission (so tests can tell the origins apart).

use core::cell::RefCell;
use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	traits::{ChangeMembers, ConstU32},
};
use frame_system::EnsureSignedBy;
use sp_runtime::BuildStorage;

use crate as pallet_mhr_hospitals;

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
	pub type Hospitals = pallet_mhr_hospitals;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The accounts that hold each council permission in the tests.
pub const ADMITTER: u64 = 100;
pub const SUSPENDER: u64 = 101;
pub const REINSTATER: u64 = 102;
pub const REMOVER: u64 = 103;

/// The founding hospitals' admins (hospitals 0, 1 and 2).
pub const ADMIN_A: u64 = 1;
pub const ADMIN_B: u64 = 2;
pub const ADMIN_C: u64 = 3;

ord_parameter_types! {
	pub const Admitter: u64 = ADMITTER;
	pub const Suspender: u64 = SUSPENDER;
	pub const Reinstater: u64 = REINSTATER;
	pub const Remover: u64 = REMOVER;
}

parameter_types! {
	pub const MaxHospitals: u32 = 5;
	pub const MinHospitals: u32 = 2;
}

thread_local! {
	static COUNCIL: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Records the council the pallet asks for, as `pallet-collective` would hold it.
pub struct RecordedCouncil;

impl RecordedCouncil {
	/// The council members as last set.
	pub fn members() -> Vec<u64> {
		COUNCIL.with(|council| council.borrow().clone())
	}
}

impl ChangeMembers<u64> for RecordedCouncil {
	fn change_members_sorted(_incoming: &[u64], _outgoing: &[u64], sorted_new: &[u64]) {
		assert!(sorted_new.windows(2).all(|pair| pair[0] < pair[1]), "council not sorted");
		COUNCIL.with(|council| *council.borrow_mut() = sorted_new.to_vec());
	}
}

impl pallet_mhr_hospitals::Config for Test {
	type AdmitOrigin = EnsureSignedBy<Admitter, u64>;
	type SuspendOrigin = EnsureSignedBy<Suspender, u64>;
	type ReinstateOrigin = EnsureSignedBy<Reinstater, u64>;
	type RemoveOrigin = EnsureSignedBy<Remover, u64>;
	type MembershipChanged = RecordedCouncil;
	type MaxHospitals = MaxHospitals;
	type MinHospitals = MinHospitals;
	type MaxNameLength = ConstU32<16>;
	type MaxVaultUrlLength = ConstU32<32>;
	type WeightInfo = ();
}

/// Builds the test externalities: by default three founding hospitals, A, B and C.
pub struct ExtBuilder {
	hospitals: Vec<(Vec<u8>, u64, Vec<u8>)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self {
			hospitals: vec![
				(b"Hospital A".to_vec(), ADMIN_A, b"https://a.example".to_vec()),
				(b"Hospital B".to_vec(), ADMIN_B, b"https://b.example".to_vec()),
				(b"Hospital C".to_vec(), ADMIN_C, b"https://c.example".to_vec()),
			],
		}
	}
}

impl ExtBuilder {
	/// Starts with no hospital at all.
	pub fn empty() -> Self {
		Self { hospitals: Vec::new() }
	}

	/// Builds the externalities, with the council set as the runtime's genesis would.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default()
			.build_storage()
			.expect("system genesis builds");
		let mut council: Vec<u64> = self.hospitals.iter().map(|(_, admin, _)| *admin).collect();
		council.sort();
		pallet_mhr_hospitals::GenesisConfig::<Test> { hospitals: self.hospitals }
			.assimilate_storage(&mut storage)
			.expect("hospitals genesis builds");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			COUNCIL.with(|recorded| *recorded.borrow_mut() = council);
		});
		ext
	}

	/// Runs `test`, then checks the registry's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Hospitals::do_try_state().expect("the registry's invariants hold");
		});
	}
}
