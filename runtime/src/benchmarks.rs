//! The pallets `mhr-node benchmark pallet` can benchmark (feature `runtime-benchmarks`).

use alloc::{string::String, vec::Vec};
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::{StorageInfo, StorageInfoTrait, WhitelistedStorageKeys};

use crate::*;

type SystemBench = frame_system_benchmarking::Pallet<Runtime>;
type BaselineBench = frame_benchmarking::baseline::Pallet<Runtime>;

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench]
	[frame_system, SystemBench]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_mhr_hospitals, Hospitals]
	[pallet_mhr_doctors, Doctors]
	[pallet_mhr_access, Access]
	[pallet_mhr_records, Records]
);

/// The benchmarks this runtime has, and the storage items they touch.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmarks `config` selects.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
	let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}
