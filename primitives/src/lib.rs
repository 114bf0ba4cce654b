//! # MHR Chain primitives
//!
//! Types and constants shared by the runtime, the pallets, the node and the clients of
//! MHR Chain, so that every part agrees on what an account, a balance or a block number is
//! without depending on the runtime crate.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use sp_runtime::{
	traits::{IdentifyAccount, Verify},
	MultiSignature,
};

pub mod access;
pub mod api;
pub mod doctors;
pub mod hospitals;
pub use access::{
	AccessBasis, AccessControl, CategoryId, EmergencyId, EncryptionPublicKey, GrantId, RecordFacts,
	RecordId, RecordIndex,
};
pub use doctors::{
	exceeds_one_third, exceeds_two_thirds, DoctorRegistry, DoctorStanding, EndorsementWeight, Rank,
	RecordRewards,
};
pub use hospitals::{HospitalId, HospitalRegistry, OnHospitalRemoved};

/// Settable registries of hospitals and doctors, for pallets' unit tests.
#[cfg(feature = "std")]
pub mod mock {
	pub use crate::{doctors::mock::*, hospitals::mock::*};
}

/// An index to a block.
pub type BlockNumber = u32;

/// The signature scheme of transactions: sr25519, ed25519 or ecdsa, as `MultiSignature`.
pub type Signature = MultiSignature;

/// An account: the public key of the transaction signing scheme (patients, doctors and
/// hospitals alike are pseudonymous accounts).
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// An amount of MHR, in its smallest unit (10^-12 MHR).
pub type Balance = u128;

/// The number of transactions an account has signed.
pub type Nonce = u32;

/// A hash of block or storage data (BLAKE2-256).
pub type Hash = sp_core::H256;

/// Milliseconds since the Unix epoch, as kept by `pallet-timestamp`.
pub type Moment = u64;

/// The native token of the chain, as shown by wallets (chain-spec `properties`).
pub mod token {
	use super::Balance;

	/// The token symbol.
	pub const SYMBOL: &str = "MHR";
	/// The number of decimals of one MHR.
	pub const DECIMALS: u8 = 12;
	/// The SS58 address format (42: the generic Substrate prefix).
	pub const SS58_FORMAT: u16 = 42;

	/// One MHR in its smallest unit.
	pub const UNITS: Balance = 10u128.pow(DECIMALS as u32);
	/// A thousandth of an MHR.
	pub const MILLI_UNITS: Balance = UNITS / 1_000;
	/// A millionth of an MHR.
	pub const MICRO_UNITS: Balance = UNITS / 1_000_000;
}

/// Block time and the durations derived from it.
pub mod time {
	use super::{BlockNumber, Moment};

	/// The target time between blocks: one Aura slot of 6 seconds.
	///
	/// It cannot change once a chain has started: Aura derives the slot from it.
	pub const MILLI_SECS_PER_BLOCK: Moment = 6_000;
	/// The Aura slot duration.
	pub const SLOT_DURATION: Moment = MILLI_SECS_PER_BLOCK;

	/// Blocks in a minute.
	pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
	/// Blocks in an hour.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// Blocks in a day.
	pub const DAYS: BlockNumber = HOURS * 24;
}

#[cfg(test)]
mod tests {
	use super::{hospitals::mock::MockHospitals, *};

	#[test]
	fn the_empty_registry_knows_no_hospital() {
		assert!(!<() as HospitalRegistry<u64>>::is_active(0));
		assert_eq!(<() as HospitalRegistry<u64>>::admin_of(0), None);
		assert_eq!(<() as HospitalRegistry<u64>>::hospital_of_admin(&1), None);
	}

	#[test]
	fn the_mock_registry_answers_what_was_set() {
		MockHospitals::set(7, 70, true);
		MockHospitals::set(8, 80, false);
		assert!(MockHospitals::is_active(7));
		assert!(!MockHospitals::is_active(8));
		assert_eq!(MockHospitals::admin_of(8), Some(80));
		assert_eq!(MockHospitals::hospital_of_admin(&70), Some(7));
		MockHospitals::remove(7);
		assert!(!MockHospitals::is_active(7));
		assert_eq!(MockHospitals::hospital_of_admin(&70), None);
		MockHospitals::clear();
		assert_eq!(MockHospitals::admin_of(8), None);
	}

	#[test]
	fn token_units_match_the_decimals() {
		assert_eq!(token::UNITS, 1_000_000_000_000);
		assert_eq!(token::MILLI_UNITS * 1_000, token::UNITS);
		assert_eq!(token::MICRO_UNITS * 1_000_000, token::UNITS);
	}

	#[test]
	fn six_second_slots_give_ten_blocks_a_minute() {
		assert_eq!(time::SLOT_DURATION, 6_000);
		assert_eq!(time::MINUTES, 10);
		assert_eq!(time::DAYS, 14_400);
	}
}
