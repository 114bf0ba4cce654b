//! Benchmarks of `pallet-mhr-hospitals`, each in its worst case: the sorted list of active
//! admins (and so the council update) as long as the component says, names and URLs at their
//! longest.

use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

use super::*;

/// The longest name and vault URL the runtime allows.
fn longest_name_and_url<T: Config>() -> (Vec<u8>, Vec<u8>) {
	let name = vec![b'n'; T::MaxNameLength::get() as usize];
	let mut url = b"https://".to_vec();
	url.resize(T::MaxVaultUrlLength::get() as usize, b'u');
	(name, url)
}

/// Admits hospitals until `n` are active; returns the id of the last one admitted.
fn fill<T: Config>(n: u32) -> HospitalId {
	let (name, url) = longest_name_and_url::<T>();
	let mut index = 0;
	while Pallet::<T>::active_count() < n {
		let admin: T::AccountId = account("admin", index, 0);
		index += 1;
		if HospitalOfAdmin::<T>::contains_key(&admin) {
			continue;
		}
		Pallet::<T>::do_admit(name.clone(), admin, url.clone()).expect("room for n hospitals");
	}
	NextHospitalId::<T>::get().saturating_sub(1)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn admit(n: Linear<0, { T::MaxHospitals::get() - 1 }>) -> Result<(), BenchmarkError> {
		fill::<T>(n);
		let origin =
			T::AdmitOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (name, url) = longest_name_and_url::<T>();
		let admin: T::AccountId = account("new admin", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, name, admin.clone(), url);

		assert!(HospitalOfAdmin::<T>::contains_key(&admin));
		Ok(())
	}

	#[benchmark]
	fn suspend(
		n: Linear<{ T::MinHospitals::get() + 1 }, { T::MaxHospitals::get() }>,
	) -> Result<(), BenchmarkError> {
		let hospital = fill::<T>(n);
		let origin =
			T::SuspendOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, hospital);

		assert!(!<Pallet<T> as HospitalRegistry<T::AccountId>>::is_active(hospital));
		Ok(())
	}

	#[benchmark]
	fn reinstate(
		n: Linear<{ T::MinHospitals::get() + 1 }, { T::MaxHospitals::get() }>,
	) -> Result<(), BenchmarkError> {
		let hospital = fill::<T>(n);
		let suspender =
			T::SuspendOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		Pallet::<T>::suspend(suspender, hospital)?;
		let origin =
			T::ReinstateOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, hospital);

		assert!(<Pallet<T> as HospitalRegistry<T::AccountId>>::is_active(hospital));
		Ok(())
	}

	#[benchmark]
	fn remove(
		n: Linear<{ T::MinHospitals::get() + 1 }, { T::MaxHospitals::get() }>,
	) -> Result<(), BenchmarkError> {
		let hospital = fill::<T>(n);
		let origin =
			T::RemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, hospital);

		assert_eq!(
			Hospitals::<T>::get(hospital).map(|info| info.status),
			Some(HospitalStatus::Removed)
		);
		Ok(())
	}

	#[benchmark]
	fn set_admin(n: Linear<1, { T::MaxHospitals::get() }>) {
		let hospital = fill::<T>(n);
		let admin = Hospitals::<T>::get(hospital).expect("filled").admin;
		let new_admin: T::AccountId = account("new admin", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), hospital, new_admin.clone());

		assert_eq!(HospitalOfAdmin::<T>::get(&new_admin), Some(hospital));
	}

	#[benchmark]
	fn set_vault_url() {
		let hospital = fill::<T>(1);
		let admin = Hospitals::<T>::get(hospital).expect("filled").admin;
		let (_, url) = longest_name_and_url::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), hospital, url.clone());

		assert_eq!(Hospitals::<T>::get(hospital).map(|info| info.vault_url.to_vec()), Some(url));
	}

	#[benchmark]
	fn set_prime() -> Result<(), BenchmarkError> {
		let hospital = fill::<T>(T::MinHospitals::get());
		let origin =
			T::PrimeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Some(hospital));

		assert_eq!(PrimeHospital::<T>::get(), Some(hospital));
		Ok(())
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
