//! Storage migrations of the access pallet, one module per storage version.

/// Version 1: no vault of a removed hospital.
pub mod v1 {
	use crate::{Config, Pallet, Vaults};
	use core::marker::PhantomData;
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	use mhr_primitives::{HospitalId, HospitalRegistry};

	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	#[cfg(feature = "try-runtime")]
	use codec::{Decode, Encode};

	/// Before spec 104, removing a hospital left its vault named on chain (serving logged
	/// reads, and beyond the reach of any call). Version 1 keeps none: this clears the vaults
	/// of hospitals removed earlier, as `hospitals.remove` now does in the removal's block
	/// (each with its `VaultSet { vault: None }` event). Hospitals are few
	/// (`MaxHospitals`), so one block does it all.
	pub struct ClearVaultsOfRemovedHospitals<T>(PhantomData<T>);

	impl<T: Config> ClearVaultsOfRemovedHospitals<T> {
		/// The hospitals named in `Vaults` that are no longer registered.
		fn removed_with_a_vault() -> alloc::vec::Vec<HospitalId> {
			Vaults::<T>::iter_keys()
				.filter(|hospital| T::Hospitals::admin_of(*hospital).is_none())
				.collect()
		}
	}

	impl<T: Config> UncheckedOnRuntimeUpgrade for ClearVaultsOfRemovedHospitals<T> {
		fn on_runtime_upgrade() -> Weight {
			let vaults = Vaults::<T>::iter_keys().count() as u64;
			let removed = Self::removed_with_a_vault();
			for hospital in &removed {
				Pallet::<T>::take_vault(*hospital);
			}
			// Each vault read and its hospital looked up, twice over (counted, then filtered);
			// per vault cleared two writes (both maps) and its event.
			let removed = removed.len() as u64;
			T::DbWeight::get().reads_writes(vaults.saturating_mul(3), removed.saturating_mul(3))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let vaults = Vaults::<T>::iter_keys().count() as u32;
			let removed = Self::removed_with_a_vault().len() as u32;
			Ok((vaults, removed).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (vaults, removed) = <(u32, u32)>::decode(&mut &state[..])
				.map_err(|_| "the pre-upgrade state does not decode")?;
			frame_support::ensure!(
				Self::removed_with_a_vault().is_empty(),
				"a removed hospital still has a vault"
			);
			frame_support::ensure!(
				Vaults::<T>::iter_keys().count() as u32 == vaults - removed,
				"a vault of a registered hospital was cleared"
			);
			Ok(())
		}
	}

	/// [`ClearVaultsOfRemovedHospitals`], run once: from storage version 0 to 1.
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		ClearVaultsOfRemovedHospitals<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
