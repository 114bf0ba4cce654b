//! Governance: the council of hospitals (`pallet-collective`, instance `Council`), the
//! registry of hospitals it keeps (`pallet-mhr-hospitals`), and `pallet-sudo` for
//! single-node development only.
//!
//! The council's members are not elected or set by any call: they are always the admins of
//! the active hospitals, which the registry hands to the collective on every change
//! (`SetMembersOrigin` is `EnsureNever`). Admitting, suspending, reinstating and removing a
//! hospital, and naming the council's prime, each take a council motion approved by at least
//! 2/3 of the council. A member who has not voted when a motion is closed after its voting
//! period counts as voting like the prime (or nay, with no prime).
//!
//! Only the `development` preset sets a Sudo key; on the consortium (`local_testnet`) preset
//! `Sudo::key` is empty and no account can dispatch as root.

use frame_support::{parameter_types, weights::Weight};
use frame_system::EnsureNever;
use sp_runtime::Perbill;

use crate::{
	configs::{MaxAuthorities, RuntimeBlockWeights},
	Access, AccountId, BlockNumber, Council, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
	DAYS,
};

/// The council's instance of `pallet-collective`.
pub type CouncilCollective = pallet_collective::Instance1;

/// A council motion approved by at least 2/3 of the council's members.
pub type TwoThirdsOfCouncil =
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>;

parameter_types! {
	/// How long council members have to vote on a motion before anyone may close it.
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	/// The most motions open at once.
	pub const CouncilMaxProposals: u32 = 100;
	/// The heaviest call a motion may dispatch: half a block.
	pub CouncilMaxProposalWeight: Weight =
		Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
	/// The most hospitals (active or suspended): as many as there can be authorities.
	pub const MaxHospitals: u32 = MaxAuthorities::get();
	/// The fewest active hospitals: a consortium, not one or two parties.
	pub const MinHospitals: u32 = 3;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = MaxHospitals;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Members follow the hospitals registry only.
	type SetMembersOrigin = EnsureNever<()>;
	type MaxProposalWeight = CouncilMaxProposalWeight;
	type DisapproveOrigin = TwoThirdsOfCouncil;
	type KillOrigin = TwoThirdsOfCouncil;
	/// Council members are the consortium's hospitals: proposing costs no deposit.
	type Consideration = ();
}

impl pallet_mhr_hospitals::Config for Runtime {
	type AdmitOrigin = TwoThirdsOfCouncil;
	type SuspendOrigin = TwoThirdsOfCouncil;
	type ReinstateOrigin = TwoThirdsOfCouncil;
	type RemoveOrigin = TwoThirdsOfCouncil;
	type PrimeOrigin = TwoThirdsOfCouncil;
	type MembershipChanged = Council;
	// A removed hospital's record vault is cut off in the same block.
	type OnRemoved = Access;
	type ValidatorRegistration = crate::Session;
	type MaxHospitals = MaxHospitals;
	type MinHospitals = MinHospitals;
	type MaxNameLength = frame_support::traits::ConstU32<64>;
	type MaxVaultUrlLength = frame_support::traits::ConstU32<256>;
	type WeightInfo = HospitalsWeight;
}

/// The hospitals pallet's measured weights, plus, for every call that changes the council,
/// the council's update in its worst case: `pallet-collective` walks every open motion to drop
/// outgoing members' votes, and the pallet's benchmarks run with no motion open.
pub struct HospitalsWeight;

type MeasuredHospitals = pallet_mhr_hospitals::weights::SubstrateWeight<Runtime>;

fn council_update() -> Weight {
	<pallet_collective::weights::SubstrateWeight<Runtime> as pallet_collective::WeightInfo>::set_members(
		MaxHospitals::get(),
		MaxHospitals::get(),
		CouncilMaxProposals::get(),
	)
}

impl pallet_mhr_hospitals::WeightInfo for HospitalsWeight {
	fn admit(n: u32) -> Weight {
		MeasuredHospitals::admit(n).saturating_add(council_update())
	}
	fn suspend(n: u32) -> Weight {
		MeasuredHospitals::suspend(n).saturating_add(council_update())
	}
	fn reinstate(n: u32) -> Weight {
		MeasuredHospitals::reinstate(n).saturating_add(council_update())
	}
	fn remove(n: u32) -> Weight {
		MeasuredHospitals::remove(n).saturating_add(council_update())
	}
	fn set_admin(n: u32) -> Weight {
		MeasuredHospitals::set_admin(n).saturating_add(council_update())
	}
	fn set_vault_url() -> Weight {
		MeasuredHospitals::set_vault_url()
	}
	fn set_prime() -> Weight {
		MeasuredHospitals::set_prime()
	}
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
