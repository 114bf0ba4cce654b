//! # MHR Chain runtime
//!
//! The state transition function of MHR Chain: a permissioned chain on which a consortium of
//! hospitals shares medical health record index entries. Hospitals are the block authors
//! (Aura, 6 s slots) and the finality voters (GRANDPA).
//!
//! Layout:
//! - [`configs`]: one `Config` impl per pallet, grouped by concern;
//! - `apis`: the runtime APIs the node and clients call (`impl_runtime_apis!`);
//! - [`json`]: the JSON form of the index's entries, one shape for the node's `mhr_*` RPC and
//!   `mhr --json` (native builds only);
//! - [`genesis_config_presets`]: the `development`, `local_testnet` and `local_four` genesis presets, from which
//!   the node and `scripts/generate-chain-specs.sh` build chain specs;
//! - `benchmarks`: the pallets benchmarked by `mhr-node benchmark pallet` (feature
//!   `runtime-benchmarks`).

#![cfg_attr(not(feature = "std"), no_std)]
// The runtime macros expand deeply nested code.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

mod apis;
pub use apis::RuntimeApi;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
#[cfg(feature = "std")]
pub mod json;
#[cfg(test)]
mod tests;

use alloc::vec::Vec;
use sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256};
use sp_version::{runtime_version, RuntimeVersion};

pub use mhr_primitives::{
	time::{DAYS, HOURS, MILLI_SECS_PER_BLOCK, MINUTES, SLOT_DURATION},
	token::{MICRO_UNITS, MILLI_UNITS, UNITS},
	AccountId, Balance, BlockNumber, Hash, Moment, Nonce, Signature,
};

/// Opaque types, for the parts of the node that must not depend on the runtime's concrete
/// extrinsic format (so they keep syncing across runtime upgrades).
pub mod opaque {
	use super::*;
	use sp_runtime::traits::Hash as HashT;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The keys a hospital's node signs with: an Aura key to author blocks and a GRANDPA key to
	/// vote on finality.
	pub struct SessionKeys {
		/// The block authoring key.
		pub aura: Aura,
		/// The finality voting key.
		pub grandpa: Grandpa,
	}
}

/// The runtime version: bump `spec_version` on every change of the state transition function,
/// `transaction_version` on every change of call indices or arguments.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("mhr-runtime"),
	impl_name: alloc::borrow::Cow::Borrowed("mhr-runtime"),
	authoring_version: 1,
	spec_version: 105,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 4,
	system_version: 1,
};

/// The minimum balance an account must keep to exist: one thousandth of an MHR.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNITS;

/// The address format of extrinsics.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;

/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions: checks and payments every signed transaction goes through.
///
/// None of them carries a payload beyond the standard ones `@polkadot/api` knows
/// (`PrioritizeSeniority` and `CountFeelessCalls` carry none at all; `SkipCheckIfFeeless`
/// signs as the `ChargeTransactionPayment` it wraps), so any polkadot.js client signs for
/// this runtime without extra type definitions. `SkipCheckIfFeeless` lets patients' consent
/// calls through without a fee while `CountFeelessCalls` counts them against their allowance.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_skip_feeless_payment::SkipCheckIfFeeless<
		Runtime,
		pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	pallet_mhr_doctors::PrioritizeSeniority<Runtime>,
	pallet_mhr_access::CountFeelessCalls<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The transaction extensions of a signed transaction by a sender at `nonce`, valid in `era`,
/// with no tip: what this runtime's own tools (the `mhr` command line, the vaults, the tests)
/// sign. The implicit data signed with them is, in the same order: `()`, the spec version,
/// the transaction version, the genesis hash, the hash of the era's birth block, `()`, `()`,
/// `()`, `None` (no metadata hash), `()`, `()`, `()`.
pub fn tx_extension(nonce: Nonce, era: sp_runtime::generic::Era) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(era),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_skip_feeless_payment::SkipCheckIfFeeless::from(
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
		),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
		pallet_mhr_doctors::PrioritizeSeniority::new(),
		pallet_mhr_access::CountFeelessCalls::new(),
		frame_system::WeightReclaim::new(),
	)
}

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// Whether `uxt` costs its signer no fee: its call is fee-less for them
/// (`#[pallet::feeless_if]`, what `SkipCheckIfFeeless` checks when it is applied). The fee
/// queries (`TransactionPaymentApi`, behind `payment_queryInfo` and the fee wallets show
/// before signing) then report zero rather than the fee that would never be charged.
pub fn is_free_for_signer(uxt: &UncheckedExtrinsic) -> bool {
	use frame_support::dispatch::CheckIfFeeless;
	use sp_runtime::traits::StaticLookup;
	let generic::Preamble::Signed(address, ..) = &uxt.preamble else { return false };
	let Ok(signer) = <Runtime as frame_system::Config>::Lookup::lookup(address.clone()) else {
		return false;
	};
	uxt.function.is_feeless(&RuntimeOrigin::signed(signer))
}

/// The payload signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to run on the next runtime upgrade, beyond those of the pallets' own hooks.
/// Each is versioned (it runs once, from the storage version it names) and can stay listed.
type Migrations = (pallet_mhr_access::migrations::v1::MigrateV0ToV1<Runtime>,);

/// Dispatches extrinsics to the pallets and runs their hooks.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The pallets of the runtime, with indices grouped by concern (gaps left for later pallets):
/// system 0-9, money 10-19, consensus 20-29, governance 30-39, medical records 50 and up.
/// Genesis is built in declaration order.
#[frame_support::runtime]
mod runtime {
	/// The runtime: the pallets below, composed.
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	/// Accounts, blocks, events.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	/// The time of the block, set by its author.
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	/// The MHR token.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;

	/// Transaction fees.
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;

	/// Lets calls marked fee-less (patients' consent) skip the fee.
	#[runtime::pallet_index(12)]
	pub type SkipFeelessPayment = pallet_skip_feeless_payment;

	/// Block authoring by the hospitals' nodes, one 6-second slot each in turn.
	#[runtime::pallet_index(20)]
	pub type Aura = pallet_aura;

	/// Finality: blocks are final once more than 2/3 of the hospitals' nodes voted for them.
	#[runtime::pallet_index(21)]
	pub type Grandpa = pallet_grandpa;

	/// A superuser key, set only in the single-node `development` preset.
	#[runtime::pallet_index(30)]
	pub type Sudo = pallet_sudo;

	/// The council of hospitals: the admins of the active hospitals, deciding by motion.
	#[runtime::pallet_index(31)]
	pub type Council = pallet_collective<Instance1>;

	/// The registry of consortium hospitals: the council's members and the authority set.
	#[runtime::pallet_index(32)]
	pub type Hospitals = pallet_mhr_hospitals;

	/// Sessions: the hospitals' Aura and GRANDPA keys, and when the authority set changes.
	/// Declared after `Hospitals`, whose genesis it reads.
	#[runtime::pallet_index(33)]
	pub type Session = pallet_session;

	/// Doctors, registered by their hospital with a seniority rank, and the stake that weighs
	/// their endorsements.
	#[runtime::pallet_index(50)]
	pub type Doctors = pallet_mhr_doctors;

	/// Patients and their consent: grants, break-glass access, the audit trail of reads.
	#[runtime::pallet_index(51)]
	pub type Access = pallet_mhr_access;

	/// The index of records: entries, categories, endorsement, search, verification.
	#[runtime::pallet_index(52)]
	pub type Records = pallet_mhr_records;
}

/// An index entry as this runtime stores it (what `RecordsApi` returns).
pub type RecordEntry = pallet_mhr_records::RecordOf<Runtime>;

/// What `RecordsApi::verify_record` answers.
pub type RecordVerification = pallet_mhr_records::Verification<BlockNumber>;

/// A grant as this runtime stores it (what `AccessApi::grants_of` returns).
pub type GrantEntry = pallet_mhr_access::GrantOf<Runtime>;

/// An audit entry as this runtime stores it (what `AccessApi::audit_trail` returns).
pub type AuditEntry = pallet_mhr_access::AuditEntryOf<Runtime>;
