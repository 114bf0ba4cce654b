//! Weights of `pallet-mhr-hospitals`.
//!
//! PROVISIONAL: estimates from the storage each call touches (reads and writes at the
//! runtime's database costs, 50 µs of computation plus 2 µs per hospital for the sorted list of
//! active admins and the council update), not measurements. They are to be replaced by the
//! output of `mhr-node benchmark pallet --pallet pallet_mhr_hospitals`, which runs
//! `benchmarking.rs`.

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, RuntimeDbWeight, Weight},
};

/// Weight functions needed for `pallet-mhr-hospitals`.
pub trait WeightInfo {
	fn admit(n: u32) -> Weight;
	fn suspend(n: u32) -> Weight;
	fn reinstate(n: u32) -> Weight;
	fn remove(n: u32) -> Weight;
	fn set_admin(n: u32) -> Weight;
	fn set_vault_url() -> Weight;
	fn set_prime() -> Weight;
}

/// The estimate for a call over `n` hospitals doing `reads` reads and `writes` writes.
fn estimate(db: RuntimeDbWeight, n: u32, reads: u64, writes: u64) -> Weight {
	Weight::from_parts(50_000_000 + 2_000_000 * u64::from(n), 4_000 + 40 * u64::from(n))
		.saturating_add(db.reads_writes(reads, writes))
}

/// Estimated weights for a runtime, with its database costs.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn admit(n: u32) -> Weight {
		estimate(T::DbWeight::get(), n, 5, 6)
	}
	fn suspend(n: u32) -> Weight {
		estimate(T::DbWeight::get(), n, 2, 3)
	}
	fn reinstate(n: u32) -> Weight {
		estimate(T::DbWeight::get(), n, 2, 3)
	}
	fn remove(n: u32) -> Weight {
		estimate(T::DbWeight::get(), n, 3, 5)
	}
	fn set_admin(n: u32) -> Weight {
		estimate(T::DbWeight::get(), n, 3, 5)
	}
	fn set_vault_url() -> Weight {
		estimate(T::DbWeight::get(), 0, 1, 1)
	}
	fn set_prime() -> Weight {
		estimate(T::DbWeight::get(), 0, 1, 2)
	}
}

/// For tests: the same estimates at ParityDB's costs.
impl WeightInfo for () {
	fn admit(n: u32) -> Weight {
		estimate(ParityDbWeight::get(), n, 5, 6)
	}
	fn suspend(n: u32) -> Weight {
		estimate(ParityDbWeight::get(), n, 2, 3)
	}
	fn reinstate(n: u32) -> Weight {
		estimate(ParityDbWeight::get(), n, 2, 3)
	}
	fn remove(n: u32) -> Weight {
		estimate(ParityDbWeight::get(), n, 3, 5)
	}
	fn set_admin(n: u32) -> Weight {
		estimate(ParityDbWeight::get(), n, 3, 5)
	}
	fn set_vault_url() -> Weight {
		estimate(ParityDbWeight::get(), 0, 1, 1)
	}
	fn set_prime() -> Weight {
		estimate(ParityDbWeight::get(), 0, 1, 2)
	}
}
