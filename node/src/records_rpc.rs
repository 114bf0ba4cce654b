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
use mhr_runtime::{opaque::Block, AccountId, RecordEntry, RecordVerification};
use pallet_mhr_records::{RecordStatus, Rejection};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{crypto::Ss58Codec, H256};
use sp_runtime::traits::Block as BlockT;

/// The error code of `mhr_verifyRecord` for a record that is not in the index.
pub const UNKNOWN_RECORD: i32 = 4004;
/// The error code for a runtime API call that failed.
pub const RUNTIME_ERROR: i32 = 5000;
/// The page size when `limit` is omitted.
pub const DEFAULT_PAGE: u32 = 20;

/// An index entry, as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordJson {
	/// Its id.
	pub id: RecordId,
	/// The patient (SS58).
	pub patient: String,
	/// The category id.
	pub category: CategoryId,
	/// The SHA-256 of the encrypted record (`0x`-hex).
	pub sha256: H256,
	/// Where the encrypted record lives.
	pub location: String,
	/// The author (SS58).
	pub author: String,
	/// The author's hospital.
	pub hospital: u32,
	/// The block it was submitted in.
	pub submitted_at: u32,
	/// When (milliseconds since the Unix epoch).
	pub timestamp: u64,
	/// `pending`, `confirmed`, `rejected` or `superseded`.
	pub status: &'static str,
	/// For a pending record its deadline, else the block of its confirmation, rejection or
	/// correction.
	pub status_block: u32,
	/// For a rejected record: `disputed` or `expired`.
	pub rejection: Option<&'static str>,
	/// For a superseded record: the correcting record.
	pub superseded_by: Option<RecordId>,
	/// The record this one corrects, if any.
	pub supersedes: Option<RecordId>,
}

impl RecordJson {
	/// The JSON form of entry `id`.
	pub fn new(id: RecordId, entry: RecordEntry) -> Self {
		let (status, status_block, rejection, superseded_by) = match entry.status {
			RecordStatus::Pending { deadline } => ("pending", deadline, None, None),
			RecordStatus::Confirmed { at } => ("confirmed", at, None, None),
			RecordStatus::Rejected { at, cause } => (
				"rejected",
				at,
				Some(match cause {
					Rejection::Disputed => "disputed",
					Rejection::Expired => "expired",
				}),
				None,
			),
			RecordStatus::Superseded { by, at } => ("superseded", at, None, Some(by)),
		};
		RecordJson {
			id,
			patient: entry.patient.to_ss58check(),
			category: entry.category,
			sha256: entry.sha256,
			location: String::from_utf8_lossy(&entry.location).into_owned(),
			author: entry.author.to_ss58check(),
			hospital: entry.hospital,
			submitted_at: entry.submitted_at,
			timestamp: entry.timestamp,
			status,
			status_block,
			rejection,
			superseded_by,
			supersedes: entry.supersedes,
		}
	}
}

/// What `mhr_verifyRecord` answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationJson {
	/// Whether the SHA-256 given is the one indexed.
	pub matches: bool,
	/// The record's status (as in [`RecordJson::status`]).
	pub status: &'static str,
}

impl From<RecordVerification> for VerificationJson {
	fn from(verification: RecordVerification) -> Self {
		let status = match verification.status {
			RecordStatus::Pending { .. } => "pending",
			RecordStatus::Confirmed { .. } => "confirmed",
			RecordStatus::Rejected { .. } => "rejected",
			RecordStatus::Superseded { .. } => "superseded",
		};
		VerificationJson { matches: verification.matches, status }
	}
}

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
		Ok(entry.map(|entry| RecordJson::new(record, entry)))
	}

	fn records_by_patient(
		&self,
		patient: AccountId,
		category: Option<CategoryId>,
		after: Option<RecordId>,
		limit: Option<u32>,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Vec<RecordJson>> {
		let limit = limit.unwrap_or(DEFAULT_PAGE);
		if limit == 0 || limit > pallet_mhr_records::MAX_PAGE {
			return Err(ErrorObjectOwned::owned(
				INVALID_PARAMS_CODE,
				format!("limit must be between 1 and {}", pallet_mhr_records::MAX_PAGE),
				None::<()>,
			));
		}
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let page = self
			.client
			.runtime_api()
			.records_by_patient(at, patient, category, after, limit)
			.map_err(runtime_error)?;
		Ok(page.into_iter().map(|(id, entry)| RecordJson::new(id, entry)).collect())
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
			.ok_or_else(|| {
				ErrorObjectOwned::owned(
					UNKNOWN_RECORD,
					format!("record {record} is not in the index"),
					None::<()>,
				)
			})
	}
}
