#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{ChangeMembers, ValidatorRegistration},
};
use frame_system::pallet_prelude::*;
use mhr_primitives::{HospitalId, HospitalRegistry, OnHospitalRemoved};
use sp_runtime::traits::Convert;

pub use pallet::*;
pub use types::{GenesisHospital, HospitalInfo, HospitalStatus};
pub use weights::WeightInfo;

/// A hospital as this runtime stores it.
pub type HospitalOf<T> = HospitalInfo<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::MaxNameLength,
	<T as Config>::MaxVaultUrlLength,
>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the hospitals registry.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who may admit a hospital (in the runtime: a council motion of at least 2/3).
		type AdmitOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who may suspend a hospital.
		type SuspendOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who may reinstate a suspended hospital.
		type ReinstateOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who may remove a hospital for good.
		type RemoveOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who may name the council's prime hospital.
		type PrimeOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Told the new sorted set of active admins whenever it changes: the council.
		type MembershipChanged: ChangeMembers<Self::AccountId>;

		/// Told when a hospital is removed, so that what it was allowed elsewhere ends with it
		/// (in the runtime: the access pallet cuts off its record vault).
		type OnRemoved: OnHospitalRemoved;

		/// Which accounts have registered session keys (in the runtime: the session pallet).
		/// The genesis validators are the founding admins with keys: a validator without keys
		/// authors nothing, and explorers that map Aura slots onto `session.validators` would
		/// credit its slots to others.
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;

		/// The most hospitals (active or suspended) the consortium can hold.
		#[pallet::constant]
		type MaxHospitals: Get<u32>;

		/// The fewest active hospitals the consortium may be left with.
		#[pallet::constant]
		type MinHospitals: Get<u32>;

		/// The longest hospital name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// The longest vault URL, in bytes.
		#[pallet::constant]
		type MaxVaultUrlLength: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The id the next admitted hospital gets.
	#[pallet::storage]
	pub type NextHospitalId<T> = StorageValue<_, HospitalId, ValueQuery>;

	/// Every hospital ever admitted, removed ones included.
	///
	/// `Twox64Concat` is safe: ids are assigned in sequence by this pallet, not chosen by
	/// callers, so nobody can craft keys that collide.
	#[pallet::storage]
	pub type Hospitals<T: Config> = StorageMap<_, Twox64Concat, HospitalId, HospitalOf<T>>;

	/// The hospital each admin acts for (removed hospitals have none).
	#[pallet::storage]
	pub type HospitalOfAdmin<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, HospitalId>;

	/// How many hospitals are active or suspended.
	#[pallet::storage]
	pub type MemberCount<T> = StorageValue<_, u32, ValueQuery>;

	/// The admins of the active hospitals, sorted: the council and the validator set.
	#[pallet::storage]
	pub type ActiveAdmins<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxHospitals>, ValueQuery>;

	/// The hospital whose admin is the council's prime, if any. Always an active hospital.
	#[pallet::storage]
	pub type PrimeHospital<T> = StorageValue<_, HospitalId, OptionQuery>;

	/// The consortium at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The founding hospitals, active, in the order of their ids.
		pub hospitals: Vec<GenesisHospital<T::AccountId>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for hospital in &self.hospitals {
				let GenesisHospital { name, admin, vault_url } = hospital;
				let admitted = Pallet::<T>::do_admit(
					name.as_bytes().to_vec(),
					admin.clone(),
					vault_url.as_bytes().to_vec(),
				);
				if let Err(error) = admitted {
					panic!("genesis hospital {name:?} is invalid: {error:?}");
				}
			}
			assert!(
				self.hospitals.is_empty() || Pallet::<T>::active_count() >= T::MinHospitals::get(),
				"a genesis with hospitals must have at least MinHospitals of them"
			);
		}
	}

	/// Events of the registry.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A hospital joined the consortium.
		HospitalAdmitted {
			/// Its new id.
			hospital: HospitalId,
			/// Its admin.
			admin: T::AccountId,
		},
		/// A hospital was suspended.
		HospitalSuspended {
			/// The hospital.
			hospital: HospitalId,
		},
		/// A suspended hospital was reinstated.
		HospitalReinstated {
			/// The hospital.
			hospital: HospitalId,
		},
		/// A hospital was removed for good.
		HospitalRemoved {
			/// The hospital.
			hospital: HospitalId,
		},
		/// A hospital handed its admin role to another account.
		AdminChanged {
			/// The hospital.
			hospital: HospitalId,
			/// The admin before.
			old_admin: T::AccountId,
			/// The admin now.
			new_admin: T::AccountId,
		},
		/// A hospital moved its record vault.
		VaultUrlChanged {
			/// The hospital.
			hospital: HospitalId,
		},
		/// The council named its prime hospital, or cleared it (`None`).
		PrimeSet {
			/// The prime hospital, if any.
			hospital: Option<HospitalId>,
		},
	}

	/// Errors of the registry.
	#[pallet::error]
	pub enum Error<T> {
		/// The hospital name is empty.
		NameEmpty,
		/// The hospital name is longer than `MaxNameLength`.
		NameTooLong,
		/// The vault URL does not start with `http://` or `https://`.
		VaultUrlInvalid,
		/// The vault URL is longer than `MaxVaultUrlLength`.
		VaultUrlTooLong,
		/// The account already administers a hospital.
		AdminInUse,
		/// The consortium already holds `MaxHospitals` hospitals.
		TooManyHospitals,
		/// No hospital has this id.
		UnknownHospital,
		/// The hospital is not active.
		HospitalNotActive,
		/// The hospital is not suspended.
		HospitalNotSuspended,
		/// The hospital was removed.
		HospitalRemoved,
		/// The change would leave fewer than `MinHospitals` active hospitals.
		TooFewActiveHospitals,
		/// The caller is not the hospital's admin.
		NotHospitalAdmin,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinHospitals::get() >= 1, "MinHospitals must be at least 1");
			assert!(
				T::MinHospitals::get() <= T::MaxHospitals::get(),
				"MinHospitals must not exceed MaxHospitals"
			);
			assert!(T::MaxNameLength::get() >= 1, "MaxNameLength must be at least 1");
			assert!(T::MaxVaultUrlLength::get() >= 9, "MaxVaultUrlLength must fit a URL");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Admits a hospital: it becomes active, its admin joins the council, and its node an
		/// authority from the session after next (once it has set its session keys).
		///
		/// The dispatch origin must be [`Config::AdmitOrigin`] (in the runtime: a 2/3 council
		/// motion); a wrong origin is `BadOrigin`.
		///
		/// Parameters:
		/// - `name`: the hospital's name, not empty, at most [`Config::MaxNameLength`] bytes.
		/// - `admin`: the account that acts for the hospital (and its node's validator id); it must
		///   administer no hospital yet.
		/// - `vault_url`: the URL of the hospital's record vault: `https://` or `http://` followed
		///   by at least one byte, at most [`Config::MaxVaultUrlLength`] bytes in all.
		///
		/// Errors:
		/// - [`Error::NameEmpty`]: `name` is empty.
		/// - [`Error::NameTooLong`]: `name` is longer than [`Config::MaxNameLength`].
		/// - [`Error::VaultUrlInvalid`]: `vault_url` does not start with `https://` or `http://`,
		///   or is nothing more.
		/// - [`Error::VaultUrlTooLong`]: `vault_url` is longer than [`Config::MaxVaultUrlLength`].
		/// - [`Error::AdminInUse`]: `admin` already administers a hospital (active or suspended).
		/// - [`Error::TooManyHospitals`]: the consortium already holds [`Config::MaxHospitals`]
		///   hospitals (active or suspended), or every hospital id has been used.
		///
		/// Emits [`Event::HospitalAdmitted`].
		///
		/// ## Complexity
		/// - `O(H)`, `H` the number of active hospitals: `admin` is inserted into the sorted list
		///   of active admins, which is handed to [`Config::MembershipChanged`]. Charged for `H` =
		///   [`Config::MaxHospitals`].
		/// - Plus [`Config::MembershipChanged`]'s update (in the runtime: `pallet-collective` walks
		///   its open motions, `O(P * H)` for `P` motions; the runtime adds it to the weight).
		#[pallet::call_index(0)]
		#[pallet::weight((T::WeightInfo::admit(T::MaxHospitals::get()), DispatchClass::Operational))]
		pub fn admit(
			origin: OriginFor<T>,
			name: Vec<u8>,
			admin: T::AccountId,
			vault_url: Vec<u8>,
		) -> DispatchResult {
			T::AdmitOrigin::ensure_origin(origin)?;
			let hospital = Self::do_admit(name, admin.clone(), vault_url)?;
			Self::deposit_event(Event::HospitalAdmitted { hospital, admin });
			Ok(())
		}

		/// Suspends an active hospital: off the council at once, and out of the authority set from
		/// the session after next, until reinstated. It stops being the council's prime, if it was.
		///
		/// The dispatch origin must be [`Config::SuspendOrigin`] (in the runtime: a 2/3 council
		/// motion); a wrong origin is `BadOrigin`.
		///
		/// Parameters:
		/// - `hospital`: the id of the hospital to suspend, which must be active.
		///
		/// Errors:
		/// - [`Error::UnknownHospital`]: no hospital has the id `hospital`.
		/// - [`Error::HospitalRemoved`]: the hospital was removed.
		/// - [`Error::HospitalNotActive`]: the hospital is already suspended.
		/// - [`Error::TooFewActiveHospitals`]: it would leave fewer than [`Config::MinHospitals`]
		///   active hospitals.
		///
		/// Emits [`Event::HospitalSuspended`] (no [`Event::PrimeSet`] when this clears the prime).
		///
		/// ## Complexity
		/// - `O(H)`, `H` the number of active hospitals: the admin is taken out of the sorted list
		///   of active admins, which is handed to [`Config::MembershipChanged`]. Charged for `H` =
		///   [`Config::MaxHospitals`].
		/// - Plus [`Config::MembershipChanged`]'s update (in the runtime: `pallet-collective` walks
		///   its open motions, `O(P * H)` for `P` motions; the runtime adds it to the weight).
		#[pallet::call_index(1)]
		#[pallet::weight((T::WeightInfo::suspend(T::MaxHospitals::get()), DispatchClass::Operational))]
		pub fn suspend(origin: OriginFor<T>, hospital: HospitalId) -> DispatchResult {
			T::SuspendOrigin::ensure_origin(origin)?;
			let mut info = Self::existing(hospital)?;
			ensure!(info.status == HospitalStatus::Active, Error::<T>::HospitalNotActive);
			Self::ensure_enough_active_without_one()?;

			info.status = HospitalStatus::Suspended;
			Self::deactivate_admin(hospital, &info.admin);
			Hospitals::<T>::insert(hospital, info);
			Self::deposit_event(Event::HospitalSuspended { hospital });
			Ok(())
		}

		/// Reinstates a suspended hospital: it is active again, its admin back on the council at
		/// once and its node an authority from the session after next. (It does not become prime
		/// again.)
		///
		/// The dispatch origin must be [`Config::ReinstateOrigin`] (in the runtime: a 2/3 council
		/// motion); a wrong origin is `BadOrigin`.
		///
		/// Parameters:
		/// - `hospital`: the id of the hospital to reinstate, which must be suspended.
		///
		/// Errors:
		/// - [`Error::UnknownHospital`]: no hospital has the id `hospital`.
		/// - [`Error::HospitalRemoved`]: the hospital was removed.
		/// - [`Error::HospitalNotSuspended`]: the hospital is active.
		///
		/// Emits [`Event::HospitalReinstated`].
		///
		/// ## Complexity
		/// - `O(H)`, `H` the number of active hospitals: the admin is inserted into the sorted list
		///   of active admins, which is handed to [`Config::MembershipChanged`]. Charged for `H` =
		///   [`Config::MaxHospitals`].
		/// - Plus [`Config::MembershipChanged`]'s update (in the runtime: `pallet-collective` walks
		///   its open motions, `O(P * H)` for `P` motions; the runtime adds it to the weight).
		#[pallet::call_index(2)]
		#[pallet::weight((T::WeightInfo::reinstate(T::MaxHospitals::get()), DispatchClass::Operational))]
		pub fn reinstate(origin: OriginFor<T>, hospital: HospitalId) -> DispatchResult {
			T::ReinstateOrigin::ensure_origin(origin)?;
			let mut info = Self::existing(hospital)?;
			ensure!(info.status == HospitalStatus::Suspended, Error::<T>::HospitalNotSuspended);

			Self::activate_admin(&info.admin)?;
			info.status = HospitalStatus::Active;
			Hospitals::<T>::insert(hospital, info);
			Self::deposit_event(Event::HospitalReinstated { hospital });
			Ok(())
		}

		/// Removes a hospital for good. Its entry stays, its id is never reused, and its admin
		/// account is free to administer another hospital. [`Config::OnRemoved`] is told at
		/// once (its record vault stops working in the same block). An active hospital also leaves
		/// the council (and stops being its prime), as on `suspend`.
		///
		/// The dispatch origin must be [`Config::RemoveOrigin`] (in the runtime: a 2/3 council
		/// motion); a wrong origin is `BadOrigin`.
		///
		/// Parameters:
		/// - `hospital`: the id of the hospital to remove, active or suspended.
		///
		/// Errors:
		/// - [`Error::UnknownHospital`]: no hospital has the id `hospital`.
		/// - [`Error::HospitalRemoved`]: the hospital was removed already.
		/// - [`Error::TooFewActiveHospitals`]: the hospital is active and removing it would leave
		///   fewer than [`Config::MinHospitals`] active hospitals (a suspended one can always go).
		///
		/// Emits [`Event::HospitalRemoved`].
		///
		/// ## Complexity
		/// - `O(H)`, `H` the number of active hospitals, if the hospital was active: the admin is
		///   taken out of the sorted list of active admins, which is handed to
		///   [`Config::MembershipChanged`]; `O(1)` for a suspended hospital. Charged for `H` =
		///   [`Config::MaxHospitals`].
		/// - Plus [`Config::MembershipChanged`]'s update (in the runtime: `pallet-collective` walks
		///   its open motions, `O(P * H)` for `P` motions; the runtime adds it to the weight).
		/// - Plus [`Config::OnRemoved`]'s own work, charged as its declared `weight()` (in the
		///   runtime: the access pallet clearing the hospital's vault).
		#[pallet::call_index(3)]
		#[pallet::weight((
			T::WeightInfo::remove(T::MaxHospitals::get()).saturating_add(T::OnRemoved::weight()),
			DispatchClass::Operational
		))]
		pub fn remove(origin: OriginFor<T>, hospital: HospitalId) -> DispatchResult {
			T::RemoveOrigin::ensure_origin(origin)?;
			let mut info = Self::existing(hospital)?;
			let was_active = info.status == HospitalStatus::Active;
			if was_active {
				Self::ensure_enough_active_without_one()?;
			}

			if was_active {
				Self::deactivate_admin(hospital, &info.admin);
			}
			HospitalOfAdmin::<T>::remove(&info.admin);
			MemberCount::<T>::mutate(|count| *count = count.saturating_sub(1));
			info.status = HospitalStatus::Removed;
			Hospitals::<T>::insert(hospital, info);
			T::OnRemoved::on_hospital_removed(hospital);
			Self::deposit_event(Event::HospitalRemoved { hospital });
			Ok(())
		}

		/// Hands the hospital's admin role to `new_admin`, for an active or a suspended hospital.
		/// If it is active, `new_admin` takes the old admin's seat on the council (and as its
		/// prime, if the hospital is the prime).
		///
		/// The admin is the hospital's validator id: the new admin's account must register the
		/// node's session keys (`session.setKeys`) for the node to stay an authority.
		///
		/// The dispatch origin must be _Signed_ by the hospital's current admin.
		///
		/// Parameters:
		/// - `hospital`: the id of the hospital, active or suspended.
		/// - `new_admin`: the account to act for it from now on; it must administer no hospital
		///   yet.
		///
		/// Errors:
		/// - [`Error::UnknownHospital`]: no hospital has the id `hospital`.
		/// - [`Error::HospitalRemoved`]: the hospital was removed.
		/// - [`Error::NotHospitalAdmin`]: the caller is not the hospital's admin.
		/// - [`Error::AdminInUse`]: `new_admin` already administers a hospital (this one too: the
		///   caller cannot name itself).
		///
		/// Emits [`Event::AdminChanged`].
		///
		/// ## Complexity
		/// - `O(H)`, `H` the number of active hospitals, if the hospital is active: the old admin
		///   is replaced in the sorted list of active admins, which is handed to
		///   [`Config::MembershipChanged`]; `O(1)` for a suspended hospital. Charged for `H` =
		///   [`Config::MaxHospitals`].
		/// - Plus [`Config::MembershipChanged`]'s update (in the runtime: `pallet-collective` walks
		///   its open motions, `O(P * H)` for `P` motions; the runtime adds it to the weight).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_admin(T::MaxHospitals::get()))]
		pub fn set_admin(
			origin: OriginFor<T>,
			hospital: HospitalId,
			new_admin: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::existing(hospital)?;
			ensure!(info.admin == who, Error::<T>::NotHospitalAdmin);
			ensure!(!HospitalOfAdmin::<T>::contains_key(&new_admin), Error::<T>::AdminInUse);

			let was_active = info.status == HospitalStatus::Active;
			HospitalOfAdmin::<T>::remove(&who);
			HospitalOfAdmin::<T>::insert(&new_admin, hospital);
			info.admin = new_admin.clone();
			Hospitals::<T>::insert(hospital, info);
			if was_active {
				Self::replace_active_admin(&who, &new_admin)?;
			}
			Self::deposit_event(Event::AdminChanged { hospital, old_admin: who, new_admin });
			Ok(())
		}

		/// Moves the hospital's record vault to `vault_url`, for an active or a suspended hospital.
		///
		/// The dispatch origin must be _Signed_ by the hospital's admin.
		///
		/// Parameters:
		/// - `hospital`: the id of the hospital, active or suspended.
		/// - `vault_url`: the vault's new URL: `https://` or `http://` followed by at least one
		///   byte, at most [`Config::MaxVaultUrlLength`] bytes in all.
		///
		/// Errors:
		/// - [`Error::UnknownHospital`]: no hospital has the id `hospital`.
		/// - [`Error::HospitalRemoved`]: the hospital was removed.
		/// - [`Error::NotHospitalAdmin`]: the caller is not the hospital's admin.
		/// - [`Error::VaultUrlInvalid`]: `vault_url` does not start with `https://` or `http://`,
		///   or is nothing more.
		/// - [`Error::VaultUrlTooLong`]: `vault_url` is longer than [`Config::MaxVaultUrlLength`].
		///
		/// Emits [`Event::VaultUrlChanged`].
		///
		/// ## Complexity
		/// - `O(1)`: one hospital's entry is read and written.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_vault_url())]
		pub fn set_vault_url(
			origin: OriginFor<T>,
			hospital: HospitalId,
			vault_url: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::existing(hospital)?;
			ensure!(info.admin == who, Error::<T>::NotHospitalAdmin);
			info.vault_url = Self::checked_vault_url(vault_url)?;

			Hospitals::<T>::insert(hospital, info);
			Self::deposit_event(Event::VaultUrlChanged { hospital });
			Ok(())
		}

		/// Names `hospital` the council's prime, or clears the prime with `None`. The prime
		/// hospital must be active.
		///
		/// The dispatch origin must be [`Config::PrimeOrigin`] (in the runtime: a 2/3 council
		/// motion); a wrong origin is `BadOrigin`.
		///
		/// Parameters:
		/// - `hospital`: the id of the hospital whose admin becomes the council's prime, which must
		///   be active; `None` clears the prime (and cannot fail).
		///
		/// Errors:
		/// - [`Error::UnknownHospital`]: no hospital has the id `hospital`.
		/// - [`Error::HospitalRemoved`]: the hospital was removed.
		/// - [`Error::HospitalNotActive`]: the hospital is suspended.
		///
		/// Emits [`Event::PrimeSet`].
		///
		/// ## Complexity
		/// - `O(1)`: one hospital's entry is read, and the prime is stored here and handed to
		///   [`Config::MembershipChanged`] (in the runtime: one write in `pallet-collective`).
		#[pallet::call_index(6)]
		#[pallet::weight((T::WeightInfo::set_prime(), DispatchClass::Operational))]
		pub fn set_prime(origin: OriginFor<T>, hospital: Option<HospitalId>) -> DispatchResult {
			T::PrimeOrigin::ensure_origin(origin)?;
			let admin = match hospital {
				Some(id) => {
					let info = Self::existing(id)?;
					ensure!(info.status == HospitalStatus::Active, Error::<T>::HospitalNotActive);
					Some(info.admin)
				}
				None => None,
			};
			PrimeHospital::<T>::set(hospital);
			T::MembershipChanged::set_prime(admin);
			Self::deposit_event(Event::PrimeSet { hospital });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The number of active hospitals.
	pub fn active_count() -> u32 {
		ActiveAdmins::<T>::decode_len().unwrap_or_default() as u32
	}

	/// Registers a new active hospital, checking every argument first.
	fn do_admit(
		name: Vec<u8>,
		admin: T::AccountId,
		vault_url: Vec<u8>,
	) -> Result<HospitalId, DispatchError> {
		ensure!(!name.is_empty(), Error::<T>::NameEmpty);
		let name: BoundedVec<_, _> = name.try_into().map_err(|_| Error::<T>::NameTooLong)?;
		let vault_url = Self::checked_vault_url(vault_url)?;
		ensure!(!HospitalOfAdmin::<T>::contains_key(&admin), Error::<T>::AdminInUse);
		ensure!(MemberCount::<T>::get() < T::MaxHospitals::get(), Error::<T>::TooManyHospitals);
		let hospital = NextHospitalId::<T>::get();
		let next = hospital.checked_add(1).ok_or(Error::<T>::TooManyHospitals)?;

		Self::activate_admin(&admin)?;
		NextHospitalId::<T>::put(next);
		MemberCount::<T>::mutate(|count| *count += 1);
		HospitalOfAdmin::<T>::insert(&admin, hospital);
		Hospitals::<T>::insert(
			hospital,
			HospitalInfo {
				name,
				admin,
				status: HospitalStatus::Active,
				vault_url,
				admitted_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Ok(hospital)
	}

	/// The hospital `hospital`, unless it is unknown or removed.
	fn existing(hospital: HospitalId) -> Result<HospitalOf<T>, DispatchError> {
		let info = Hospitals::<T>::get(hospital).ok_or(Error::<T>::UnknownHospital)?;
		ensure!(info.status != HospitalStatus::Removed, Error::<T>::HospitalRemoved);
		Ok(info)
	}

	fn checked_vault_url(
		vault_url: Vec<u8>,
	) -> Result<BoundedVec<u8, T::MaxVaultUrlLength>, DispatchError> {
		let has_scheme =
			|scheme: &[u8]| vault_url.len() > scheme.len() && vault_url.starts_with(scheme);
		ensure!(has_scheme(b"https://") || has_scheme(b"http://"), Error::<T>::VaultUrlInvalid);
		Ok(vault_url.try_into().map_err(|_| Error::<T>::VaultUrlTooLong)?)
	}

	fn ensure_enough_active_without_one() -> DispatchResult {
		ensure!(Self::active_count() > T::MinHospitals::get(), Error::<T>::TooFewActiveHospitals);
		Ok(())
	}

	/// Adds `admin` to the active admins and tells the council.
	fn activate_admin(admin: &T::AccountId) -> DispatchResult {
		let old = ActiveAdmins::<T>::get();
		let mut new = old.clone();
		Self::insert_sorted(&mut new, admin)?;
		Self::set_active_admins(new, &old);
		Ok(())
	}

	/// Takes the admin of `hospital` out of the active admins and tells the council; the
	/// hospital stops being prime.
	fn deactivate_admin(hospital: HospitalId, admin: &T::AccountId) {
		if PrimeHospital::<T>::get() == Some(hospital) {
			PrimeHospital::<T>::kill();
		}
		let old = ActiveAdmins::<T>::get();
		let mut new = old.clone();
		if let Ok(at) = new.binary_search(admin) {
			new.remove(at);
			Self::set_active_admins(new, &old);
		}
	}

	/// Puts `new_admin` in the place of `old_admin` among the active admins, with one council
	/// change.
	fn replace_active_admin(old_admin: &T::AccountId, new_admin: &T::AccountId) -> DispatchResult {
		let old = ActiveAdmins::<T>::get();
		let mut new = old.clone();
		if let Ok(at) = new.binary_search(old_admin) {
			new.remove(at);
		}
		Self::insert_sorted(&mut new, new_admin)?;
		Self::set_active_admins(new, &old);
		Ok(())
	}

	fn insert_sorted(
		admins: &mut BoundedVec<T::AccountId, T::MaxHospitals>,
		admin: &T::AccountId,
	) -> DispatchResult {
		let at = admins.binary_search(admin).err().ok_or(Error::<T>::AdminInUse)?;
		admins.try_insert(at, admin.clone()).map_err(|_| Error::<T>::TooManyHospitals)?;
		Ok(())
	}

	/// Stores the new active admins, tells the council, and hands the council back its prime
	/// (which `pallet-collective` resets on every change).
	fn set_active_admins(
		new: BoundedVec<T::AccountId, T::MaxHospitals>,
		old: &BoundedVec<T::AccountId, T::MaxHospitals>,
	) {
		T::MembershipChanged::set_members_sorted(&new, old);
		ActiveAdmins::<T>::put(new);
		let prime = PrimeHospital::<T>::get()
			.and_then(Hospitals::<T>::get)
			.map(|info| info.admin)
			.filter(|admin| ActiveAdmins::<T>::get().binary_search(admin).is_ok());
		T::MembershipChanged::set_prime(prime);
	}

	/// Checks the registry's invariants:
	/// - every hospital id is below `NextHospitalId`;
	/// - `HospitalOfAdmin` maps exactly the admins of the non-removed hospitals to them;
	/// - `MemberCount` counts the non-removed hospitals, at most `MaxHospitals`;
	/// - `ActiveAdmins` is sorted and holds exactly the admins of the active hospitals, at
	///   least `MinHospitals` of them once any hospital exists;
	/// - the prime hospital, if any, is active.
	///
	/// Also built with `std`, so that runtime tests can check them.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let next = NextHospitalId::<T>::get();
		let mut members = 0u32;
		let mut active = Vec::new();
		for (id, info) in Hospitals::<T>::iter() {
			ensure!(id < next, "a hospital id is not below NextHospitalId");
			if info.status == HospitalStatus::Removed {
				ensure!(
					HospitalOfAdmin::<T>::get(&info.admin) != Some(id),
					"a removed hospital still has an admin"
				);
				continue;
			}
			members += 1;
			ensure!(
				HospitalOfAdmin::<T>::get(&info.admin) == Some(id),
				"a hospital's admin does not map back to it"
			);
			if info.status == HospitalStatus::Active {
				active.push(info.admin);
			}
		}
		ensure!(
			HospitalOfAdmin::<T>::iter().count() as u32 == members,
			"HospitalOfAdmin has entries for no hospital"
		);
		ensure!(MemberCount::<T>::get() == members, "MemberCount is wrong");
		ensure!(members <= T::MaxHospitals::get(), "more than MaxHospitals hospitals");
		active.sort();
		ensure!(ActiveAdmins::<T>::get().into_inner() == active, "ActiveAdmins is wrong");
		ensure!(
			next == 0 || active.len() as u32 >= T::MinHospitals::get(),
			"fewer than MinHospitals active hospitals"
		);
		if let Some(prime) = PrimeHospital::<T>::get() {
			ensure!(
				Hospitals::<T>::get(prime)
					.is_some_and(|info| info.status == HospitalStatus::Active),
				"the prime hospital is not active"
			);
		}
		Ok(())
	}
}

impl<T: Config> HospitalRegistry<T::AccountId> for Pallet<T> {
	fn is_active(hospital: HospitalId) -> bool {
		Hospitals::<T>::get(hospital).is_some_and(|info| info.status == HospitalStatus::Active)
	}

	fn admin_of(hospital: HospitalId) -> Option<T::AccountId> {
		Hospitals::<T>::get(hospital)
			.filter(|info| info.status != HospitalStatus::Removed)
			.map(|info| info.admin)
	}

	fn hospital_of_admin(who: &T::AccountId) -> Option<HospitalId> {
		HospitalOfAdmin::<T>::get(who)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_hospital(admin: T::AccountId) -> HospitalId {
		if let Some(hospital) = HospitalOfAdmin::<T>::get(&admin) {
			return hospital;
		}
		Self::do_admit(b"Benchmark Hospital".to_vec(), admin, b"https://vault.example".to_vec())
			.expect("the registry has room for one more hospital")
	}
}

/// The authority set follows the registry: the validators of a new session are the admins of
/// the active hospitals (whose nodes registered their keys under those accounts).
///
/// The set is handed over at every session change, changed or not: `pallet-session` skips
/// validators without keys when it queues a set, and only a handed-over set is read again, so
/// an admin who registers keys after an unchanged rotation still becomes an authority.
impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(_new_index: u32) -> Option<Vec<T::AccountId>> {
		Some(ActiveAdmins::<T>::get().into_inner())
	}

	/// At genesis, only the admins whose session keys are in the genesis config: the session
	/// pallet stores this set as `session.validators` unfiltered, while Aura and GRANDPA get
	/// only the keyed ones. (Later sets are filtered by the session pallet itself.)
	fn new_session_genesis(_new_index: u32) -> Option<Vec<T::AccountId>> {
		let mut admins = ActiveAdmins::<T>::get().into_inner();
		admins.retain(T::ValidatorRegistration::is_registered);
		Some(admins)
	}

	fn end_session(_end_index: u32) {}

	fn start_session(_start_index: u32) {}
}

/// The session pallet's `ValidatorIdOf`: an account may register session keys only while it
/// administers a hospital (active or suspended), and its validator id is the account itself.
pub struct AdminAsValidator<T>(PhantomData<T>);

impl<T: Config> Convert<T::AccountId, Option<T::AccountId>> for AdminAsValidator<T> {
	fn convert(who: T::AccountId) -> Option<T::AccountId> {
		HospitalOfAdmin::<T>::contains_key(&who).then_some(who)
	}
}
