//! `pallet-sudo`: a superuser key for single-node development only.
//!
//! Only the `development` preset sets a key; on the consortium (`local_testnet`) preset
//! `Sudo::key` is empty and no account can dispatch as root through it.

use crate::{Runtime, RuntimeCall, RuntimeEvent};

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
