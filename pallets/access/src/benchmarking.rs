//! Benchmarks of `pallet-mhr-access`, each in its worst case: scopes at their longest, the
//! patient holding as many grants as allowed where a call walks them.

use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;

use super::*;

const SEED: u32 = 0;

/// A registered patient able to pay deposits for every grant.
fn patient<T: Config>(index: u32) -> T::AccountId {
	let patient: T::AccountId = account("patient", index, SEED);
	let funds = T::GrantDeposit::get()
		.saturating_mul(T::MaxGrantsPerPatient::get().saturating_add(10).into())
		.saturating_add(T::Currency::minimum_balance().saturating_mul(10u32.into()));
	T::Currency::set_balance(&patient, funds);
	Pallet::<T>::register_patient(RawOrigin::Signed(patient.clone()).into())
		.expect("a fresh patient registers");
	patient
}

/// A practising doctor.
fn doctor<T: Config>(index: u32) -> (T::AccountId, HospitalId) {
	let doctor: T::AccountId = account("doctor", index, SEED);
	let hospital = T::Doctors::benchmark_doctor(doctor.clone());
	(doctor, hospital)
}

/// The longest scope a grant may list.
fn longest_scope<T: Config>() -> ScopeRequest {
	let categories: Vec<CategoryId> = (0..T::MaxScopeCategories::get() as CategoryId).collect();
	Scope::Only(BoundedVec::truncate_from(categories))
}

/// `count` grants of `patient` to `grantee` over categories no read will ask for.
fn grants<T: Config>(patient: &T::AccountId, grantee: &Grantee<T::AccountId>, count: u32) {
	for _ in 0..count {
		Pallet::<T>::grant_access(
			RawOrigin::Signed(patient.clone()).into(),
			patient.clone(),
			grantee.clone(),
			Scope::Only(BoundedVec::truncate_from(vec![CategoryId::MAX])),
			AccessMode::Read,
			None,
		)
		.expect("room for the grant");
	}
}

/// The worst case of logging a read: a patient with `g` grants to a doctor that do not cover
/// the record, which the doctor reads under an emergency, and a full audit window (so the
/// oldest entry is dropped). Returns the patient, the doctor and the record.
fn full_window_reader<T: Config>(g: u32) -> (T::AccountId, T::AccountId, T::RecordId) {
	let patient = patient::<T>(0);
	let (doctor, _) = doctor::<T>(0);
	grants::<T>(&patient, &Grantee::Doctor(doctor.clone()), g);
	emergency::<T>(&doctor, &patient);
	let record = T::Records::benchmark_record(patient.clone(), 0);
	for _ in 0..T::MaxAuditWindow::get() {
		Pallet::<T>::log_access(RawOrigin::Signed(doctor.clone()).into(), record, 0)
			.expect("under the emergency");
	}
	(patient, doctor, record)
}

/// An open emergency access of `doctor` to `patient`.
fn emergency<T: Config>(doctor: &T::AccountId, patient: &T::AccountId) -> EmergencyId {
	Pallet::<T>::open_emergency(
		RawOrigin::Signed(doctor.clone()).into(),
		patient.clone(),
		1,
		H256::repeat_byte(1),
	)
	.expect("a practising doctor opens it");
	NextEmergencyId::<T>::get() - 1
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_patient() {
		let patient: T::AccountId = account("patient", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()));

		assert!(Patients::<T>::contains_key(&patient));
	}

	#[benchmark]
	fn attest_patient() {
		let patient = patient::<T>(0);
		let admin: T::AccountId = account("admin", 0, SEED);
		T::Hospitals::benchmark_hospital(admin.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), patient.clone(), H256::repeat_byte(2));

		assert!(Patients::<T>::get(&patient).is_some_and(|info| info.attestation.is_some()));
	}

	#[benchmark]
	fn set_guardian() {
		let patient = patient::<T>(0);
		let guardian: T::AccountId = account("guardian", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), patient.clone(), Some(guardian.clone()));

		assert_eq!(Patients::<T>::get(&patient).and_then(|info| info.guardian), Some(guardian));
	}

	#[benchmark]
	fn grant_access(s: Linear<1, { T::MaxScopeCategories::get() }>) {
		let patient = patient::<T>(0);
		let (doctor, _) = doctor::<T>(0);
		grants::<T>(&patient, &Grantee::Doctor(doctor.clone()), T::MaxGrantsPerPatient::get() - 1);
		let categories: Vec<CategoryId> = (0..s as CategoryId).collect();
		let scope = Scope::Only(BoundedVec::truncate_from(categories));

		#[extrinsic_call]
		_(
			RawOrigin::Signed(patient.clone()),
			patient.clone(),
			Grantee::Doctor(doctor),
			scope,
			AccessMode::ReadWrite,
			None,
		);

		assert_eq!(
			Patients::<T>::get(&patient).map(|info| info.grants),
			Some(T::MaxGrantsPerPatient::get())
		);
	}

	#[benchmark]
	fn revoke_access() {
		let patient = patient::<T>(0);
		let (doctor, _) = doctor::<T>(0);
		grants::<T>(&patient, &Grantee::Doctor(doctor), 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), patient.clone(), 0);

		assert!(!Grants::<T>::contains_key(&patient, 0));
	}

	#[benchmark]
	fn remove_expired_grant() {
		let patient = patient::<T>(0);
		let (doctor, _) = doctor::<T>(0);
		let now = frame_system::Pallet::<T>::block_number();
		Pallet::<T>::grant_access(
			RawOrigin::Signed(patient.clone()).into(),
			patient.clone(),
			Grantee::Doctor(doctor.clone()),
			longest_scope::<T>(),
			AccessMode::Read,
			Some(now + 1u32.into()),
		)
		.expect("a valid grant");
		frame_system::Pallet::<T>::set_block_number(now + 1u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(doctor), patient.clone(), 0);

		assert!(!Grants::<T>::contains_key(&patient, 0));
	}

	#[benchmark]
	fn open_emergency() {
		let patient = patient::<T>(0);
		let (doctor, _) = doctor::<T>(0);
		// An earlier, expired emergency of the same doctor is checked on the way.
		emergency::<T>(&doctor, &patient);
		let later = frame_system::Pallet::<T>::block_number() + T::EmergencyAccessDuration::get();
		frame_system::Pallet::<T>::set_block_number(later);

		#[extrinsic_call]
		_(RawOrigin::Signed(doctor.clone()), patient.clone(), 2, H256::repeat_byte(3));

		assert_eq!(LatestEmergency::<T>::get(&patient, &doctor), Some(1));
	}

	#[benchmark]
	fn close_emergency() {
		let patient = patient::<T>(0);
		let (doctor, _) = doctor::<T>(0);
		let id = emergency::<T>(&doctor, &patient);

		#[extrinsic_call]
		_(RawOrigin::Signed(patient), id);

		assert!(Emergencies::<T>::get(id).is_some_and(|info| info.closed_at.is_some()));
	}

	#[benchmark]
	fn flag_emergency() {
		let patient = patient::<T>(0);
		let (doctor, _) = doctor::<T>(0);
		let id = emergency::<T>(&doctor, &patient);

		#[extrinsic_call]
		_(RawOrigin::Signed(patient), id);

		assert!(FlaggedEmergencies::<T>::contains_key(id));
	}

	#[benchmark]
	fn review_emergency() -> Result<(), BenchmarkError> {
		let patient = patient::<T>(0);
		let (doctor, _) = doctor::<T>(0);
		let id = emergency::<T>(&doctor, &patient);
		Pallet::<T>::flag_emergency(RawOrigin::Signed(patient).into(), id).expect("the patient's");
		let origin =
			T::ReviewOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, false);

		assert!(!FlaggedEmergencies::<T>::contains_key(id));
		Ok(())
	}

	/// The reader's access is found after walking `g` grants that do not cover the record,
	/// under an emergency; the audit window is full, so the oldest entry is dropped.
	#[benchmark]
	fn log_access(g: Linear<0, { T::MaxGrantsPerPatient::get() }>) {
		let (patient, doctor, record) = full_window_reader::<T>(g);

		#[extrinsic_call]
		_(RawOrigin::Signed(doctor), record, 1);

		assert_eq!(AuditTrail::<T>::get(&patient).last().map(|entry| entry.purpose), Some(1));
	}

	/// Publishing an encryption key for the first time.
	#[benchmark]
	fn set_encryption_key() {
		let who: T::AccountId = account("owner", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), vec![7u8; 32]);

		assert_eq!(EncryptionKeys::<T>::get(&who), Some([7u8; 32]));
	}

	/// Replacing a hospital's vault account: the old one's reverse entry is removed.
	#[benchmark]
	fn set_vault() {
		let admin: T::AccountId = account("admin", 0, SEED);
		let hospital = T::Hospitals::benchmark_hospital(admin.clone());
		let old: T::AccountId = account("vault", 0, SEED);
		let new: T::AccountId = account("vault", 1, SEED);
		Pallet::<T>::set_vault(RawOrigin::Signed(admin.clone()).into(), Some(old.clone()))
			.expect("an active hospital's admin names its vault");

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), Some(new.clone()));

		assert_eq!(Vaults::<T>::get(hospital), Some(new));
		assert!(!VaultHospital::<T>::contains_key(&old));
	}

	/// As [`log_access`](Pallet::log_access), logged by the vault of the record's hospital.
	#[benchmark]
	fn log_access_for(g: Linear<0, { T::MaxGrantsPerPatient::get() }>) {
		let (patient, doctor, record) = full_window_reader::<T>(g);
		let hospital = T::Records::record_facts(&record).expect("just indexed").hospital;
		let vault: T::AccountId = account("vault", 0, SEED);
		Vaults::<T>::insert(hospital, &vault);
		VaultHospital::<T>::insert(&vault, hospital);

		#[extrinsic_call]
		_(RawOrigin::Signed(vault), doctor, record, 1);

		assert_eq!(AuditTrail::<T>::get(&patient).last().map(|entry| entry.purpose), Some(1));
	}

	/// The council cutting off a hospital's vault (also what removing a hospital adds).
	#[benchmark]
	fn clear_vault() -> Result<(), BenchmarkError> {
		let admin: T::AccountId = account("admin", 0, SEED);
		let hospital = T::Hospitals::benchmark_hospital(admin.clone());
		let vault: T::AccountId = account("vault", 0, SEED);
		Pallet::<T>::set_vault(RawOrigin::Signed(admin).into(), Some(vault.clone()))
			.expect("an active hospital's admin names its vault");
		let origin =
			T::VaultClearOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, hospital);

		assert!(!Vaults::<T>::contains_key(hospital));
		assert!(!VaultHospital::<T>::contains_key(&vault));
		Ok(())
	}

	/// What [`CountFeelessCalls`] costs a fee-less call: finding its patient (through an
	/// emergency, the longer way) and counting the call, starting a new window.
	#[benchmark]
	fn count_feeless_call() {
		let patient = patient::<T>(0);
		let (doctor, _) = doctor::<T>(0);
		let id = emergency::<T>(&doctor, &patient);
		let call = Call::<T>::flag_emergency { emergency: id };
		let origin: OriginFor<T> = RawOrigin::Signed(patient.clone()).into();

		#[block]
		{
			if let Some(patient) = Pallet::<T>::feeless_patient(&call, &origin) {
				Pallet::<T>::note_feeless_call(&patient);
			}
		}

		assert_eq!(FeelessUsage::<T>::get(&patient).1, 1);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder.build(), crate::mock::Test);
}
