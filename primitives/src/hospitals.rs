//! What other pallets and clients may ask about the consortium's hospitals.

/// A hospital's identifier in the consortium registry: assigned in order of admission and
/// never reused, even after the hospital is removed.
pub type HospitalId = u32;

/// The registry of consortium hospitals, as seen by other pallets (doctors, access, records).
///
/// Implemented by `pallet-mhr-hospitals`; `()` is an empty registry (no hospital exists), and
/// [`mock::MockHospitals`] a settable one for other pallets' tests.
pub trait HospitalRegistry<AccountId> {
	/// Whether `hospital` exists and is active (admitted and not suspended or removed).
	fn is_active(hospital: HospitalId) -> bool;

	/// The account that acts for `hospital`, if it exists and is not removed.
	fn admin_of(hospital: HospitalId) -> Option<AccountId>;

	/// The hospital `who` is the admin of, if any (removed hospitals have no admin).
	fn hospital_of_admin(who: &AccountId) -> Option<HospitalId>;

	/// For other pallets' benchmarks: an active hospital administered by `admin`, admitted
	/// now unless `admin` already administers one.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_hospital(admin: AccountId) -> HospitalId;
}

impl<AccountId> HospitalRegistry<AccountId> for () {
	fn is_active(_: HospitalId) -> bool {
		false
	}

	fn admin_of(_: HospitalId) -> Option<AccountId> {
		None
	}

	fn hospital_of_admin(_: &AccountId) -> Option<HospitalId> {
		None
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_hospital(_: AccountId) -> HospitalId {
		panic!("the empty hospital registry cannot admit a hospital for benchmarks")
	}
}

/// What other pallets undo when a hospital is removed for good (e.g. the access pallet cuts
/// off its record vault at once).
pub trait OnHospitalRemoved {
	/// `hospital` has just been removed.
	fn on_hospital_removed(hospital: HospitalId);

	/// The most weight [`Self::on_hospital_removed`] may take.
	fn weight() -> sp_runtime::Weight;
}

impl OnHospitalRemoved for () {
	fn on_hospital_removed(_: HospitalId) {}

	fn weight() -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}
}

/// A registry for other pallets' unit tests: set the hospitals a test needs, per thread.
#[cfg(feature = "std")]
pub mod mock {
	use super::{HospitalId, HospitalRegistry};
	use std::{cell::RefCell, collections::BTreeMap};

	/// A hospital as [`MockHospitals`] holds it.
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct MockHospital {
		/// The admin account, as its `u64` test id.
		pub admin: u64,
		/// Whether the hospital is active.
		pub active: bool,
	}

	thread_local! {
		static HOSPITALS: RefCell<BTreeMap<HospitalId, MockHospital>> =
			const { RefCell::new(BTreeMap::new()) };
	}

	/// A thread-local hospital registry over `u64` accounts (the mocks' `AccountId`).
	pub struct MockHospitals;

	impl MockHospitals {
		/// Registers (or replaces) `hospital` with `admin`, active or not.
		pub fn set(hospital: HospitalId, admin: u64, active: bool) {
			HOSPITALS.with(|h| h.borrow_mut().insert(hospital, MockHospital { admin, active }));
		}

		/// Removes `hospital`.
		pub fn remove(hospital: HospitalId) {
			HOSPITALS.with(|h| h.borrow_mut().remove(&hospital));
		}

		/// Forgets every hospital.
		pub fn clear() {
			HOSPITALS.with(|h| h.borrow_mut().clear());
		}
	}

	impl HospitalRegistry<u64> for MockHospitals {
		fn is_active(hospital: HospitalId) -> bool {
			HOSPITALS.with(|h| h.borrow().get(&hospital).is_some_and(|h| h.active))
		}

		fn admin_of(hospital: HospitalId) -> Option<u64> {
			HOSPITALS.with(|h| h.borrow().get(&hospital).map(|h| h.admin))
		}

		fn hospital_of_admin(who: &u64) -> Option<HospitalId> {
			HOSPITALS.with(|h| {
				h.borrow().iter().find(|(_, hospital)| hospital.admin == *who).map(|(id, _)| *id)
			})
		}

		#[cfg(feature = "runtime-benchmarks")]
		fn benchmark_hospital(admin: u64) -> HospitalId {
			if let Some(hospital) = Self::hospital_of_admin(&admin) {
				return hospital;
			}
			let hospital = HOSPITALS.with(|h| h.borrow().keys().last().map_or(0, |last| last + 1));
			Self::set(hospital, admin, true);
			hospital
		}
	}
}
