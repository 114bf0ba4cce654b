//! Block authoring (`pallet-aura`) and finality (`pallet-grandpa`).

use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, ConstU64},
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;

use crate::{Runtime, RuntimeEvent};

parameter_types! {
	/// The most hospitals that can author and vote at once.
	pub const MaxAuthorities: u32 = 100;
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
