//! Benchmarks of `pallet-mhr-doctors`, each in its worst case: the highest rank, a stake above
//! its minimum, as many unlocking chunks as allowed where a call walks them.

use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;

use super::*;

const SEED: u32 = 0;

/// An active hospital and its admin.
fn hospital<T: Config>() -> (HospitalId, T::AccountId) {
	let admin: T::AccountId = account("admin", 0, SEED);
	(T::Hospitals::benchmark_hospital(admin.clone()), admin)
}

/// The highest rank and its parameters.
fn top_rank<T: Config>() -> (Rank, RankParams<BalanceOf<T>>) {
	let ranks = T::Ranks::get();
	let rank = (ranks.len() - 1) as Rank;
	(rank, ranks[usize::from(rank)])
}

/// A stake above the top rank's minimum (and its cap), and a balance to pay it from.
fn fund<T: Config>(who: &T::AccountId) -> BalanceOf<T> {
	let (_, params) = top_rank::<T>();
	let unit = T::Currency::minimum_balance().max(1u32.into());
	let stake =
		params.bond_cap.max(params.min_bond).saturating_add(unit.saturating_mul(100u32.into()));
	T::Currency::set_balance(who, stake.saturating_mul(4u32.into()));
	stake
}

/// A practising doctor of a fresh hospital, at the top rank, with a stake.
fn bonded_doctor<T: Config>(index: u32) -> (T::AccountId, T::AccountId, BalanceOf<T>) {
	let (_, admin) = hospital::<T>();
	let doctor: T::AccountId = account("doctor", index, SEED);
	let (rank, _) = top_rank::<T>();
	Pallet::<T>::register_doctor(
		RawOrigin::Signed(admin.clone()).into(),
		doctor.clone(),
		rank,
		H256::repeat_byte(1),
	)
	.expect("the admin registers a doctor");
	let stake = fund::<T>(&doctor);
	Pallet::<T>::bond(RawOrigin::Signed(doctor.clone()).into(), stake).expect("funded");
	(doctor, admin, stake)
}

/// Gives `doctor` `c` unlocking chunks of one unit each, unlocking at successive blocks.
fn unlocking_chunks<T: Config>(doctor: &T::AccountId, c: u32) {
	let unit = T::Currency::minimum_balance().max(1u32.into());
	for _ in 0..c {
		Pallet::<T>::unbond(RawOrigin::Signed(doctor.clone()).into(), unit).expect("stake left");
		let next = frame_system::Pallet::<T>::block_number() + 1u32.into();
		frame_system::Pallet::<T>::set_block_number(next);
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_doctor() {
		let (_, admin) = hospital::<T>();
		let doctor: T::AccountId = account("doctor", 0, SEED);
		let (rank, _) = top_rank::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), doctor.clone(), rank, H256::repeat_byte(1));

		assert!(Doctors::<T>::contains_key(&doctor));
	}

	#[benchmark]
	fn set_rank() {
		let (doctor, admin, _) = bonded_doctor::<T>(0);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), doctor.clone(), 0);

		assert_eq!(Doctors::<T>::get(&doctor).map(|info| info.rank), Some(0));
	}

	#[benchmark]
	fn release_doctor() {
		let (doctor, admin, _) = bonded_doctor::<T>(0);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), doctor.clone());

		assert_eq!(Doctors::<T>::get(&doctor).map(|info| info.hospital), Some(None));
	}

	#[benchmark]
	fn suspend_doctor() {
		let (doctor, admin, _) = bonded_doctor::<T>(0);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), doctor.clone());

		assert_eq!(Pallet::<T>::weight_of(&doctor), 0);
	}

	#[benchmark]
	fn reinstate_doctor() {
		let (doctor, admin, _) = bonded_doctor::<T>(0);
		Pallet::<T>::suspend_doctor(RawOrigin::Signed(admin.clone()).into(), doctor.clone())
			.expect("practising");

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), doctor.clone());

		assert!(Pallet::<T>::weight_of(&doctor) > 0);
	}

	#[benchmark]
	fn council_suspend() -> Result<(), BenchmarkError> {
		let (doctor, _, _) = bonded_doctor::<T>(0);
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, doctor.clone());

		assert_eq!(Pallet::<T>::weight_of(&doctor), 0);
		Ok(())
	}

	#[benchmark]
	fn council_reinstate() -> Result<(), BenchmarkError> {
		let (doctor, _, _) = bonded_doctor::<T>(0);
		let origin =
			T::CouncilOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		Pallet::<T>::council_suspend(origin.clone(), doctor.clone()).expect("practising");

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, doctor.clone());

		assert!(Pallet::<T>::weight_of(&doctor) > 0);
		Ok(())
	}

	#[benchmark]
	fn bond() {
		let (doctor, _, stake) = bonded_doctor::<T>(0);

		#[extrinsic_call]
		_(RawOrigin::Signed(doctor.clone()), stake);

		assert_eq!(
			Doctors::<T>::get(&doctor).map(|info| info.bonded),
			Some(stake.saturating_mul(2u32.into()))
		);
	}

	#[benchmark]
	fn unbond(c: Linear<0, { T::MaxUnlockingChunks::get() - 1 }>) {
		let (doctor, _, _) = bonded_doctor::<T>(0);
		unlocking_chunks::<T>(&doctor, c);
		let unit = T::Currency::minimum_balance().max(1u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(doctor.clone()), unit);

		assert_eq!(Doctors::<T>::get(&doctor).map(|info| info.unlocking.len() as u32), Some(c + 1));
	}

	#[benchmark]
	fn withdraw_unbonded(c: Linear<1, { T::MaxUnlockingChunks::get() }>) {
		let (doctor, _, _) = bonded_doctor::<T>(0);
		unlocking_chunks::<T>(&doctor, c);
		let later = frame_system::Pallet::<T>::block_number() + T::UnbondingPeriod::get();
		frame_system::Pallet::<T>::set_block_number(later);

		#[extrinsic_call]
		_(RawOrigin::Signed(doctor.clone()));

		assert_eq!(Doctors::<T>::get(&doctor).map(|info| info.unlocking.len()), Some(0));
	}

	#[benchmark]
	fn rebond(c: Linear<1, { T::MaxUnlockingChunks::get() }>) {
		let (doctor, _, _) = bonded_doctor::<T>(0);
		unlocking_chunks::<T>(&doctor, c);
		let all = Doctors::<T>::get(&doctor).map(|info| info.total_unlocking()).unwrap_or_default();

		#[extrinsic_call]
		_(RawOrigin::Signed(doctor.clone()), all);

		assert_eq!(Doctors::<T>::get(&doctor).map(|info| info.unlocking.len()), Some(0));
	}

	#[benchmark]
	fn slash(c: Linear<0, { T::MaxUnlockingChunks::get() }>) -> Result<(), BenchmarkError> {
		let (doctor, _, _) = bonded_doctor::<T>(0);
		unlocking_chunks::<T>(&doctor, c);
		let all = Doctors::<T>::get(&doctor).map(|info| info.total_held()).unwrap_or_default();
		let origin =
			T::SlashOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		// The pot exists, as it does on a running chain.
		T::Currency::set_balance(&Pallet::<T>::pot_account(), T::Currency::minimum_balance());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, doctor.clone(), all, H256::repeat_byte(2));

		assert!(
			!Doctors::<T>::contains_key(&doctor)
				|| Doctors::<T>::get(&doctor).is_some_and(|info| info.total_held().is_zero())
		);
		Ok(())
	}

	/// What [`PrioritizeSeniority`] costs a transaction: one read of the signer's entry.
	#[benchmark]
	fn prioritize_seniority() {
		let (doctor, _, _) = bonded_doctor::<T>(0);
		let priority;

		#[block]
		{
			priority = Pallet::<T>::priority_of(&doctor);
		}

		assert_eq!(priority, top_rank::<T>().1.priority);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder.build(), crate::mock::Test);
}
