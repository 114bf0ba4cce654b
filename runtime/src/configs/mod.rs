//! The `Config` of every pallet in the runtime, one file per concern.

mod consensus;
mod governance;
mod money;
mod system;

pub use consensus::{MaxAuthorities, SessionPeriod};
pub use governance::{CouncilCollective, CouncilMotionDuration, MinHospitals, TwoThirdsOfCouncil};
pub use money::TransactionByteFee;
pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
