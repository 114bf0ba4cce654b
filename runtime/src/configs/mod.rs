//! The `Config` of every pallet in the runtime, one file per concern.

mod consensus;
mod governance;
mod medical;
mod money;
mod system;

pub use consensus::{MaxAuthorities, SessionPeriod};
pub use governance::{CouncilCollective, CouncilMotionDuration, MinHospitals, TwoThirdsOfCouncil};
pub use medical::{
	AuthorShare, ConsentPriority, DoctorRanks, GrantDeposit, RecordDeposit, RecordPendingPeriod,
	RecordReward, RewardPot, RewardPotId,
};
pub use money::TransactionByteFee;
pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
