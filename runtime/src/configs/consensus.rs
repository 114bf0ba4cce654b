//! Block authoring (`pallet-aura`), finality (`pallet-grandpa`) and the sessions in which
//! their authority set changes (`pallet-session`).
//!
//! The authorities are the hospitals: `pallet-mhr-hospitals` is the session manager and hands
//! the admins of the active hospitals over at every session change; each admin's registered
//! session keys (`session.setKeys`) become an Aura and a GRANDPA authority. A session lasts
//! [`SessionPeriod`] blocks and the next set is queued one session ahead, so a change to the
//! registry (or to an admin's keys) takes effect one to two sessions later.

use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64},
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::OpaqueKeys;

use crate::{
	AccountId, Balances, BlockNumber, Hospitals, Runtime, RuntimeEvent, SessionKeys, MINUTES,
};

parameter_types! {
	/// The most hospitals that can author and vote at once.
	pub const MaxAuthorities: u32 = 100;
	/// The length of a session: 5 minutes (50 blocks).
	pub const SessionPeriod: BlockNumber = 5 * MINUTES;
	/// The first session ends at block `SessionPeriod`.
	pub const SessionOffset: BlockNumber = 0;
}

/// Sessions of [`SessionPeriod`] blocks.
pub type Sessions = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A hospital's validator id is its admin's account.
	type ValidatorId = AccountId;
	/// Only the admins of registered hospitals may register session keys.
	type ValidatorIdOf = pallet_mhr_hospitals::AdminAsValidator<Runtime>;
	type ShouldEndSession = Sessions;
	type NextSessionRotation = Sessions;
	type SessionManager = Hospitals;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// No validator is disabled automatically: misbehaving hospitals are the council's matter.
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Only hospital admins can register keys, so registering needs no deposit against spam.
	type KeyDeposit = ConstU128<0>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = MaxAuthorities;
	/// One block per slot: a hospital cannot fork the chain by authoring twice in its slot.
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	/// No equivocation reports yet: a consortium member that equivocates is dealt with by the
	/// consortium, not slashed automatically.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}
