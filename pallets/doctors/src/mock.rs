//! A test runtime: System, Balances and the doctors pallet, over a settable hospitals
//! registry. Hospital 0 (admin [`ADMIN_0`]) and hospital 1 (admin [`ADMIN_1`]) are active.

use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	traits::{ConstU32, ConstU64},
	BoundedVec, PalletId,
};
use frame_system::EnsureSignedBy;
use mhr_primitives::mock::MockHospitals;
use sp_runtime::{BuildStorage, Perbill};

use crate::{self as pallet_mhr_doctors, RankParams, MAX_RANKS};

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
	pub type Staking = pallet_mhr_doctors;
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

/// The admins of hospitals 0 and 1.
pub const ADMIN_0: u64 = 1000;
pub const ADMIN_1: u64 = 1001;
/// The accounts holding the council's permissions.
pub const COUNCIL: u64 = 100;
pub const SLASHER: u64 = 101;
/// What every test account starts with.
pub const ENDOWMENT: u64 = 10_000;
/// What the reward pot starts with.
pub const POT_FUNDS: u64 = 1_000;

/// The ranks of the tests: intern (0), specialist (1), chief (2).
pub const INTERN: u8 = 0;
pub const SPECIALIST: u8 = 1;
pub const CHIEF: u8 = 2;

ord_parameter_types! {
	pub const Council: u64 = COUNCIL;
	pub const Slasher: u64 = SLASHER;
}

parameter_types! {
	pub Ranks: BoundedVec<RankParams<u64>, ConstU32<MAX_RANKS>> = BoundedVec::truncate_from(vec![
		RankParams { multiplier: 1, min_bond: 10, bond_cap: 100, priority: 0 },
		RankParams { multiplier: 2, min_bond: 20, bond_cap: 200, priority: 10 },
		RankParams { multiplier: 4, min_bond: 50, bond_cap: 500, priority: 100 },
	]);
	pub const PotId: PalletId = PalletId(*b"mhr/rwrd");
	pub const AuthorShare: Perbill = Perbill::from_percent(40);
}

impl pallet_mhr_doctors::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Hospitals = MockHospitals;
	type Ranks = Ranks;
	type CouncilOrigin = EnsureSignedBy<Council, u64>;
	type SlashOrigin = EnsureSignedBy<Slasher, u64>;
	type UnbondingPeriod = ConstU64<10>;
	type MaxUnlockingChunks = ConstU32<4>;
	type PotId = PotId;
	type RecordReward = ConstU64<100>;
	type AuthorShare = AuthorShare;
	type WeightInfo = ();
}

/// Builds the test externalities.
#[derive(Default)]
pub struct ExtBuilder;

impl ExtBuilder {
	/// Builds the externalities: hospitals 0 and 1 active; accounts 1..=50 and the admins
	/// endowed; the pot funded.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default()
			.build_storage()
			.expect("system genesis builds");
		let mut balances: Vec<(u64, u64)> = (1..=50).map(|who| (who, ENDOWMENT)).collect();
		balances.extend([(ADMIN_0, ENDOWMENT), (ADMIN_1, ENDOWMENT)]);
		balances.push((Staking::pot_account(), POT_FUNDS));
		pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
			.assimilate_storage(&mut storage)
			.expect("balances genesis builds");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			MockHospitals::clear();
			MockHospitals::set(0, ADMIN_0, true);
			MockHospitals::set(1, ADMIN_1, true);
		});
		ext
	}

	/// Runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Staking::do_try_state().expect("the doctors pallet's invariants hold");
		});
	}
}

/// Registers `doctor` at the hospital of `admin` with `rank`, and bonds `bond` (if any).
pub fn doctor(admin: u64, doctor: u64, rank: u8, bond: u64) {
	frame_support::assert_ok!(Staking::register_doctor(
		RuntimeOrigin::signed(admin),
		doctor,
		rank,
		sp_core::H256::repeat_byte(7)
	));
	if bond > 0 {
		frame_support::assert_ok!(Staking::bond(RuntimeOrigin::signed(doctor), bond));
	}
}
