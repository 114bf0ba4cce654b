//! What other pallets ask about doctors: who practises where, and how much their endorsement
//! of a colleague's record weighs.

use crate::HospitalId;

/// A doctor's seniority rank: an index into the ranks the runtime configures, from the most
/// junior (0) up.
pub type Rank = u8;

/// How much a doctor's endorsement counts towards confirming a record of their hospital.
pub type EndorsementWeight = u128;

/// Whether `part` is strictly more than two thirds of `total`: `3 * part > 2 * total`, in
/// exact integer arithmetic (widened to 256 bits, so nothing overflows or rounds). Never true
/// of a zero `total`.
pub fn exceeds_two_thirds(part: EndorsementWeight, total: EndorsementWeight) -> bool {
	use sp_core::U256;
	U256::from(part) * 3 > U256::from(total) * 2
}

/// Whether `part` is strictly more than one third of `total`: `3 * part > total`, exactly.
pub fn exceeds_one_third(part: EndorsementWeight, total: EndorsementWeight) -> bool {
	use sp_core::U256;
	U256::from(part) * 3 > U256::from(total)
}

/// Where a doctor stands, as a pallet that lets doctors act tells its callers why they may
/// not: each case has its own error there. It says nothing of the hospital's own status
/// (ask `HospitalRegistry::is_active`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DoctorStanding {
	/// No hospital registered this account.
	Unregistered,
	/// Released by their last hospital and not registered by another since.
	Released,
	/// Registered at this hospital, but suspended (by the hospital or the council).
	Suspended(HospitalId),
	/// Practising at this hospital with less bonded than their rank's minimum.
	UnderBonded(HospitalId),
	/// Practising at this hospital with at least their rank's minimum bonded.
	Bonded(HospitalId),
}

impl DoctorStanding {
	/// The hospital the doctor practises at (registered, not suspended), bonded or not.
	pub fn practising_at(self) -> Option<HospitalId> {
		match self {
			DoctorStanding::UnderBonded(hospital) | DoctorStanding::Bonded(hospital) => {
				Some(hospital)
			}
			_ => None,
		}
	}
}

/// The doctors of the consortium, as other pallets (access, records) see them.
///
/// Implemented by `pallet-mhr-doctors`; `()` knows no doctor, and [`mock::MockDoctors`] is a
/// settable registry for other pallets' tests.
pub trait DoctorRegistry<AccountId> {
	/// Where `doctor` stands now: unregistered, released, suspended, under-bonded or bonded
	/// at a hospital.
	fn standing(doctor: &AccountId) -> DoctorStanding;

	/// The hospital `doctor` practises at, if registered there and not suspended (by the
	/// hospital or the council). A suspended or released doctor has none, at once.
	fn active_hospital_of(doctor: &AccountId) -> Option<HospitalId> {
		Self::standing(doctor).practising_at()
	}

	/// Whether `doctor` may author and endorse records of `hospital` now: they stand
	/// [`DoctorStanding::Bonded`] at `hospital`, **and `hospital` is active** (admitted, not
	/// suspended or removed).
	fn is_qualified(doctor: &AccountId, hospital: HospitalId) -> bool;

	/// The doctor's endorsement weight now: zero unless practising with at least their rank's
	/// minimum bond. (A doctor of a suspended or removed hospital keeps their weight, counted in
	/// that hospital's total, but is not qualified: ask [`Self::is_qualified`] as well.)
	fn weight_of(doctor: &AccountId) -> EndorsementWeight;

	/// The sum of the endorsement weights of `hospital`'s doctors, kept current (one read).
	fn total_weight(hospital: HospitalId) -> EndorsementWeight;

	/// The last block (as a `u64`) at which `doctor`'s endorsement weight went up, if it ever
	/// did since they were last registered: a vote on a record submitted at or before that
	/// block would count weight the doctor did not hold when the vote opened.
	fn weight_raised_at(doctor: &AccountId) -> Option<u64>;

	/// For other pallets' benchmarks: makes `doctor` a qualified doctor practising at an
	/// active hospital, and returns the hospital.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_doctor(doctor: AccountId) -> HospitalId;
}

impl<AccountId> DoctorRegistry<AccountId> for () {
	fn standing(_: &AccountId) -> DoctorStanding {
		DoctorStanding::Unregistered
	}

	fn is_qualified(_: &AccountId, _: HospitalId) -> bool {
		false
	}

	fn weight_of(_: &AccountId) -> EndorsementWeight {
		0
	}

	fn total_weight(_: HospitalId) -> EndorsementWeight {
		0
	}

	fn weight_raised_at(_: &AccountId) -> Option<u64> {
		None
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_doctor(_: AccountId) -> HospitalId {
		panic!("the empty doctor registry cannot register a doctor for benchmarks")
	}
}

/// Told when a record is confirmed, to reward the doctors who made and checked it.
pub trait RecordRewards<AccountId> {
	/// The record of `hospital` written by `author` was confirmed by `endorsers`.
	fn record_confirmed(hospital: HospitalId, author: &AccountId, endorsers: &[AccountId]);
}

impl<AccountId> RecordRewards<AccountId> for () {
	fn record_confirmed(_: HospitalId, _: &AccountId, _: &[AccountId]) {}
}

/// A doctor registry for other pallets' unit tests: set the doctors a test needs, per thread.
#[cfg(feature = "std")]
pub mod mock {
	use super::{DoctorRegistry, DoctorStanding, EndorsementWeight, HospitalId};
	use crate::hospitals::{mock::MockHospitals, HospitalRegistry};
	use std::{cell::RefCell, collections::BTreeMap};

	/// A doctor as [`MockDoctors`] holds it.
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct MockDoctor {
		/// Where the doctor practises.
		pub hospital: HospitalId,
		/// Their endorsement weight.
		pub weight: EndorsementWeight,
		/// Whether they bonded at least their rank's minimum.
		pub qualified: bool,
		/// Whether they are suspended.
		pub suspended: bool,
		/// Whether their hospital released them (they practise nowhere).
		pub released: bool,
		/// The last block at which their weight went up.
		pub raised_at: Option<u64>,
	}

	thread_local! {
		static DOCTORS: RefCell<BTreeMap<u64, MockDoctor>> = const { RefCell::new(BTreeMap::new()) };
	}

	/// A thread-local doctor registry over `u64` accounts (the mocks' `AccountId`). Hospital
	/// totals are the sums of their unsuspended doctors' weights.
	pub struct MockDoctors;

	impl MockDoctors {
		/// Registers (or replaces) `doctor`: practising at `hospital`, qualified, with `weight`.
		pub fn set(doctor: u64, hospital: HospitalId, weight: EndorsementWeight) {
			DOCTORS.with(|d| {
				d.borrow_mut().insert(
					doctor,
					MockDoctor {
						hospital,
						weight,
						qualified: true,
						suspended: false,
						released: false,
						raised_at: None,
					},
				)
			});
		}

		/// Changes `doctor` with `change`, if registered.
		pub fn update(doctor: u64, change: impl FnOnce(&mut MockDoctor)) {
			DOCTORS.with(|d| d.borrow_mut().get_mut(&doctor).map(change));
		}

		/// Forgets every doctor.
		pub fn clear() {
			DOCTORS.with(|d| d.borrow_mut().clear());
		}

		fn get(doctor: &u64) -> Option<MockDoctor> {
			DOCTORS.with(|d| d.borrow().get(doctor).cloned())
		}
	}

	impl DoctorRegistry<u64> for MockDoctors {
		fn standing(doctor: &u64) -> DoctorStanding {
			match Self::get(doctor) {
				None => DoctorStanding::Unregistered,
				Some(d) if d.released => DoctorStanding::Released,
				Some(d) if d.suspended => DoctorStanding::Suspended(d.hospital),
				Some(d) if !d.qualified => DoctorStanding::UnderBonded(d.hospital),
				Some(d) => DoctorStanding::Bonded(d.hospital),
			}
		}

		/// As the contract says: bonded at `hospital`, and `hospital` active in
		/// [`MockHospitals`].
		fn is_qualified(doctor: &u64, hospital: HospitalId) -> bool {
			Self::standing(doctor) == DoctorStanding::Bonded(hospital)
				&& MockHospitals::is_active(hospital)
		}

		fn weight_of(doctor: &u64) -> EndorsementWeight {
			Self::get(doctor)
				.filter(|d| !d.suspended && !d.released && d.qualified)
				.map(|d| d.weight)
				.unwrap_or(0)
		}

		fn total_weight(hospital: HospitalId) -> EndorsementWeight {
			DOCTORS.with(|d| {
				d.borrow()
					.values()
					.filter(|d| {
						d.hospital == hospital && !d.suspended && !d.released && d.qualified
					})
					.map(|d| d.weight)
					.sum()
			})
		}

		fn weight_raised_at(doctor: &u64) -> Option<u64> {
			Self::get(doctor).and_then(|d| d.raised_at)
		}

		#[cfg(feature = "runtime-benchmarks")]
		fn benchmark_doctor(doctor: u64) -> HospitalId {
			Self::set(doctor, 0, 100);
			0
		}
	}
}
