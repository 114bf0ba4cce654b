//! `mhr_*` JSON-RPC methods: a thin layer over the runtime's `RecordsApi`, for clients that
//! would rather not decode SCALE (vaults, scripts, the `mhr` CLI).
//!
//! - `mhr_record(record, at?)`: the entry, or `null` if no record has this id;
//! - `mhr_recordsByPatient(patient, category?, after?, limit?, at?)`: a page of a patient's
//!   entries, newest first (`limit` 1 to 100, 20 if omitted; `after`: the last id of the
//!   previous page);
//! - `mhr_verifyRecord(record, sha256, at?)`: whether a fetched file's SHA-256 is the one
//!   indexed, and where the record stands.
//!
//! The JSON shapes are the runtime's ([`mhr_runtime::json`]), the ones `mhr --json` prints.
//!
//! Errors are JSON-RPC error objects: [`UNKNOWN_RECORD`] when `mhr_verifyRecord` names no
//! record, `-32602` (invalid params) for a `limit` out of range, [`RUNTIME_ERROR`] when the
//! runtime API cannot be called at that block.

use std::sync::Arc;

use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::INVALID_PARAMS_CODE, ErrorObjectOwned},
};
use mhr_primitives::{api::RecordsApi, CategoryId, RecordId};
use mhr_runtime::{
	json::{RecordJson, VerificationJson},
	opaque::Block,
	AccountId, RecordEntry, RecordVerification,
};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::traits::Block as BlockT;

/// The error code of `mhr_verifyRecord` for a record that is not in the index.
pub const UNKNOWN_RECORD: i32 = 4004;
/// The error code for a runtime API call that failed.
pub const RUNTIME_ERROR: i32 = 5000;
/// The page size when `limit` is omitted.
pub const DEFAULT_PAGE: u32 = 20;

/// The `mhr_*` methods.
#[rpc(server, namespace = "mhr")]
pub trait RecordsRpc<BlockHash> {
	/// The entry with this id, or `null`.
	#[method(name = "record")]
	fn record(&self, record: RecordId, at: Option<BlockHash>) -> RpcResult<Option<RecordJson>>;

	/// A page of a patient's entries, newest first.
	#[method(name = "recordsByPatient")]
	fn records_by_patient(
		&self,
		patient: AccountId,
		category: Option<CategoryId>,
		after: Option<RecordId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<RecordJson>>;

	/// Whether `sha256` is the hash indexed for `record`.
	#[method(name = "verifyRecord")]
	fn verify_record(
		&self,
		record: RecordId,
		sha256: H256,
		at: Option<BlockHash>,
	) -> RpcResult<VerificationJson>;
}

/// The `mhr_*` methods over a client.
pub struct Records<C> {
	client: Arc<C>,
}

impl<C> Records<C> {
	/// The methods, over `client`.
	pub fn new(client: Arc<C>) -> Self {
		Records { client }
	}
}

fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(RUNTIME_ERROR, format!("runtime API call failed: {error}"), None::<()>)
}

impl<C> RecordsRpcServer<<Block as BlockT>::Hash> for Records<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RecordsApi<Block, AccountId, RecordEntry, RecordVerification>,
{
	fn record(
		&self,
		record: RecordId,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Option<RecordJson>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let entry = self.client.runtime_api().record(at, record).map_err(runtime_error)?;
		Ok(entry.map(|entry| RecordJson::new(record, &entry)))
	}

	fn records_by_patient(
		&self,
		patient: AccountId,
		category: Option<CategoryId>,
		after: Option<RecordId>,
		limit: Option<u32>,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Vec<RecordJson>> {
		let limit = page_limit(limit)?;
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let page = self
			.client
			.runtime_api()
			.records_by_patient(at, patient, category, after, limit)
			.map_err(runtime_error)?;
		Ok(page.into_iter().map(|(id, entry)| RecordJson::new(id, &entry)).collect())
	}

	fn verify_record(
		&self,
		record: RecordId,
		sha256: H256,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<VerificationJson> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client
			.runtime_api()
			.verify_record(at, record, sha256)
			.map_err(runtime_error)?
			.map(Into::into)
			.ok_or_else(|| unknown_record(record))
	}
}

/// The page size asked for: `limit`, or [`DEFAULT_PAGE`] if omitted; an invalid-params error
/// unless it is 1 to `pallet_mhr_records::MAX_PAGE`.
fn page_limit(limit: Option<u32>) -> RpcResult<u32> {
	let limit = limit.unwrap_or(DEFAULT_PAGE);
	if limit == 0 || limit > pallet_mhr_records::MAX_PAGE {
		return Err(ErrorObjectOwned::owned(
			INVALID_PARAMS_CODE,
			format!("limit must be between 1 and {}", pallet_mhr_records::MAX_PAGE),
			None::<()>,
		));
	}
	Ok(limit)
}

/// The error for a record id the index does not hold.
fn unknown_record(record: RecordId) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(
		UNKNOWN_RECORD,
		format!("record {record} is not in the index"),
		None::<()>,
	)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_page_is_one_to_max_records_and_twenty_if_unsaid() {
		assert_eq!(page_limit(None).ok(), Some(DEFAULT_PAGE));
		assert_eq!(page_limit(Some(1)).ok(), Some(1));
		let most = pallet_mhr_records::MAX_PAGE;
		assert_eq!(page_limit(Some(most)).ok(), Some(most));
		for bad in [0, most + 1, u32::MAX] {
			let error = page_limit(Some(bad)).expect_err("out of range");
			assert_eq!(error.code(), INVALID_PARAMS_CODE);
			assert_eq!(error.message(), format!("limit must be between 1 and {most}"));
		}
	}

	#[test]
	fn an_unknown_record_is_error_4004_naming_it() {
		let error = unknown_record(9999);
		assert_eq!(error.code(), 4004);
		assert_eq!(error.message(), "record 9999 is not in the index");
	}

	#[test]
	fn a_failed_runtime_call_is_error_5000_with_its_cause() {
		let error = runtime_error("wasm trapped");
		assert_eq!(error.code(), RUNTIME_ERROR);
		assert_eq!(error.message(), "runtime API call failed: wasm trapped");
	}
}
