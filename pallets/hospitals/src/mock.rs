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
pub const PRIME_SETTER: u64 = 104;

/// The founding hospitals' admins (hospitals 0, 1 and 2).
pub const ADMIN_A: u64 = 1;
pub const ADMIN_B: u64 = 2;
pub const ADMIN_C: u64 = 3;

ord_parameter_types! {
	pub const Admitter: u64 = ADMITTER;
	pub const Suspender: u64 = SUSPENDER;
	pub const Reinstater: u64 = REINSTATER;
	pub const Remover: u64 = REMOVER;
	pub const PrimeSetter: u64 = PRIME_SETTER;
}

parameter_types! {
	pub const MaxHospitals: u32 = 5;
	pub const MinHospitals: u32 = 2;
}

thread_local! {
	static COUNCIL: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
	static PRIME: RefCell<Option<u64>> = const { RefCell::new(None) };
	static REMOVED: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
	static KEYLESS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Records the hospitals the pallet reports removed, as the access pallet would be told.
pub struct RecordedRemovals;

impl RecordedRemovals {
	/// The hospitals reported removed, in order.
	pub fn removed() -> Vec<u32> {
		REMOVED.with(|removed| removed.borrow().clone())
	}
}

impl mhr_primitives::OnHospitalRemoved for RecordedRemovals {
	fn on_hospital_removed(hospital: u32) {
		REMOVED.with(|removed| removed.borrow_mut().push(hospital));
	}

	fn weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

/// Session keys as the session pallet would know them: every account has keys, but those
/// named with [`SessionKeys::without_keys`] (set before genesis is built).
pub struct SessionKeys;

impl SessionKeys {
	/// From now on, `accounts` have no session keys.
	pub fn without_keys(accounts: &[u64]) {
		KEYLESS.with(|keyless| *keyless.borrow_mut() = accounts.to_vec());
	}
}

impl frame_support::traits::ValidatorRegistration<u64> for SessionKeys {
	fn is_registered(id: &u64) -> bool {
		!KEYLESS.with(|keyless| keyless.borrow().contains(id))
	}
}

/// Records the council the pallet asks for, as `pallet-collective` would hold it.
pub struct RecordedCouncil;

impl RecordedCouncil {
	/// The council members as last set.
	pub fn members() -> Vec<u64> {
		COUNCIL.with(|council| council.borrow().clone())
	}

	/// The council's prime as last set.
	pub fn prime() -> Option<u64> {
		PRIME.with(|prime| *prime.borrow())
	}
}

impl ChangeMembers<u64> for RecordedCouncil {
	fn change_members_sorted(_incoming: &[u64], _outgoing: &[u64], sorted_new: &[u64]) {
		assert!(sorted_new.windows(2).all(|pair| pair[0] < pair[1]), "council not sorted");
		COUNCIL.with(|council| *council.borrow_mut() = sorted_new.to_vec());
		// Like `pallet-collective`: every change resets the prime.
		PRIME.with(|prime| *prime.borrow_mut() = None);
	}

	fn set_prime(prime: Option<u64>) {
		if let Some(account) = prime {
			assert!(Self::members().contains(&account), "the prime is not a member");
		}
		PRIME.with(|recorded| *recorded.borrow_mut() = prime);
	}

	fn get_prime() -> Option<u64> {
		Self::prime()
	}
}

impl pallet_mhr_hospitals::Config for Test {
	type AdmitOrigin = EnsureSignedBy<Admitter, u64>;
	type SuspendOrigin = EnsureSignedBy<Suspender, u64>;
	type ReinstateOrigin = EnsureSignedBy<Reinstater, u64>;
	type RemoveOrigin = EnsureSignedBy<Remover, u64>;
	type PrimeOrigin = EnsureSignedBy<PrimeSetter, u64>;
	type MembershipChanged = RecordedCouncil;
	type OnRemoved = RecordedRemovals;
	type ValidatorRegistration = SessionKeys;
	type MaxHospitals = MaxHospitals;
	type MinHospitals = MinHospitals;
	type MaxNameLength = ConstU32<16>;
	type MaxVaultUrlLength = ConstU32<32>;
	type WeightInfo = ();
}

/// Builds the test externalities: by default three founding hospitals, A, B and C.
pub struct ExtBuilder {
	hospitals: Vec<crate::GenesisHospital<u64>>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self {
			hospitals: vec![
				crate::GenesisHospital {
					name: "Hospital A".into(),
					admin: ADMIN_A,
					vault_url: "https://a.example".into(),
				},
				crate::GenesisHospital {
					name: "Hospital B".into(),
					admin: ADMIN_B,
					vault_url: "https://b.example".into(),
				},
				crate::GenesisHospital {
					name: "Hospital C".into(),
					admin: ADMIN_C,
					vault_url: "https://c.example".into(),
				},
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
		let mut council: Vec<u64> = self.hospitals.iter().map(|h| h.admin).collect();
		council.sort();
		pallet_mhr_hospitals::GenesisConfig::<Test> { hospitals: self.hospitals }
			.assimilate_storage(&mut storage)
			.expect("hospitals genesis builds");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			COUNCIL.with(|recorded| *recorded.borrow_mut() = council);
			PRIME.with(|recorded| *recorded.borrow_mut() = None);
			REMOVED.with(|removed| removed.borrow_mut().clear());
		});
		ext
	}

	/// Runs `test`, then checks the registry's invariants and that the council holds the
	/// active admins and the prime hospital's admin as its prime.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Hospitals::do_try_state().expect("the registry's invariants hold");
			assert_eq!(
				RecordedCouncil::members(),
				crate::ActiveAdmins::<Test>::get().into_inner(),
				"the council is the active admins"
			);
			let prime_admin = crate::PrimeHospital::<Test>::get()
				.and_then(crate::Hospitals::<Test>::get)
				.map(|info| info.admin);
			assert_eq!(RecordedCouncil::prime(), prime_admin, "the council's prime");
		});
	}
}
