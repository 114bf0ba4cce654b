//! The `Config` of every pallet in the runtime, one file per concern.

mod consensus;
mod governance;
mod money;
mod system;

pub use consensus::MaxAuthorities;
pub use money::TransactionByteFee;
pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
