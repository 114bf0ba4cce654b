//! Weights of `pallet-mhr-hospitals`.
//!
//! PROVISIONAL: these are estimates from the storage each call touches (reads and writes at
//! ParityDB's costs plus 50 µs of computation, more per hospital for the sorted admin list),
//! not yet measured. They are to be replaced by the output of
//! `mhr-node benchmark pallet --pallet pallet_mhr_hospitals` run from `benchmarking.rs`.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// Weight functions needed for `pallet-mhr-hospitals`.
pub trait WeightInfo {
	fn admit(n: u32) -> Weight;
	fn suspend(n: u32) -> Weight;
	fn reinstate(n: u32) -> Weight;
	fn remove(n: u32) -> Weight;
	fn set_admin(n: u32) -> Weight;
	fn set_vault_url() -> Weight;
}

/// Estimated weights for the runtime, using its database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);

/// Per-hospital cost of keeping the sorted list of active admins (and the council) current.
const PER_HOSPITAL: u64 = 2_000_000;
const BASE: u64 = 50_000_000;

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn admit(n: u32) -> Weight {
		Weight::from_parts(BASE + PER_HOSPITAL * n as u64, 4_000 + 40 * n as u64)
			.saturating_add(T::DbWeight::get().reads_writes(5, 6))
	}
	fn suspend(n: u32) -> Weight {
		Weight::from_parts(BASE + PER_HOSPITAL * n as u64, 4_000 + 40 * n as u64)
			.saturating_add(T::DbWeight::get().reads_writes(2, 3))
	}
	fn reinstate(n: u32) -> Weight {
		Weight::from_parts(BASE + PER_HOSPITAL * n as u64, 4_000 + 40 * n as u64)
			.saturating_add(T::DbWeight::get().reads_writes(2, 3))
	}
	fn remove(n: u32) -> Weight {
		Weight::from_parts(BASE + PER_HOSPITAL * n as u64, 4_000 + 40 * n as u64)
			.saturating_add(T::DbWeight::get().reads_writes(3, 5))
	}
	fn set_admin(n: u32) -> Weight {
		Weight::from_parts(BASE + PER_HOSPITAL * n as u64, 4_000 + 40 * n as u64)
			.saturating_add(T::DbWeight::get().reads_writes(3, 5))
	}
	fn set_vault_url() -> Weight {
		Weight::from_parts(BASE, 4_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
}

/// For tests: the same estimates at ParityDB's costs.
impl WeightInfo for () {
	fn admit(n: u32) -> Weight {
		Weight::from_parts(BASE + PER_HOSPITAL * n as u64, 4_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 6))
	}
	fn suspend(n: u32) -> Weight {
		Weight::from_parts(BASE + PER_HOSPITAL * n as u64, 4_000)
			.saturating_add(ParityDbWeight::get().reads_writes(2, 3))
	}
	fn reinstate(n: u32) -> Weight {
		Weight::from_parts(BASE + PER_HOSPITAL * n as u64, 4_000)
			.saturating_add(ParityDbWeight::get().reads_writes(2, 3))
	}
	fn remove(n: u32) -> Weight {
		Weight::from_parts(BASE + PER_HOSPITAL * n as u64, 4_000)
			.saturating_add(ParityDbWeight::get().reads_writes(3, 5))
	}
	fn set_admin(n: u32) -> Weight {
		Weight::from_parts(BASE + PER_HOSPITAL * n as u64, 4_000)
			.saturating_add(ParityDbWeight::get().reads_writes(3, 5))
	}
	fn set_vault_url() -> Weight {
		Weight::from_parts(BASE, 4_000).saturating_add(ParityDbWeight::get().reads_writes(1, 1))
	}
}
