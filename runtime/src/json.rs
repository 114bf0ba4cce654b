//! The JSON form of the index's entries: what the node's `mhr_*` RPC answers and what
//! `mhr --json` prints, in one shape (camelCase fields, accounts in SS58 with the chain's
//! prefix, hashes as `0x`-hex).

use mhr_primitives::{token::SS58_FORMAT, CategoryId, HospitalId, Moment, RecordId};
use serde::Serialize;
use sp_core::{crypto::Ss58Codec, H256};

use crate::{AccountId, BlockNumber, RecordEntry, RecordVerification};

/// An account as SS58 text with the chain's prefix.
fn ss58(account: &AccountId) -> String {
	account.to_ss58check_with_version(SS58_FORMAT.into())
}

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
	pub hospital: HospitalId,
	/// The block it was submitted in.
	pub submitted_at: BlockNumber,
	/// When (milliseconds since the Unix epoch).
	pub timestamp: Moment,
	/// `pending`, `confirmed`, `rejected` or `superseded`.
	pub status: &'static str,
	/// For a pending record its deadline, else the block of its confirmation, rejection or
	/// correction.
	pub status_block: BlockNumber,
	/// For a rejected record: `disputed` or `expired`.
	pub rejection: Option<&'static str>,
	/// For a superseded record: the correcting record.
	pub superseded_by: Option<RecordId>,
	/// The record this one corrects, if any.
	pub supersedes: Option<RecordId>,
}

impl RecordJson {
	/// The JSON form of entry `id`.
	pub fn new(id: RecordId, entry: &RecordEntry) -> Self {
		use pallet_mhr_records::RecordStatus::*;
		let (status_block, rejection, superseded_by) = match entry.status {
			Pending { deadline } => (deadline, None, None),
			Confirmed { at } => (at, None, None),
			Rejected { at, cause } => (at, Some(cause.name()), None),
			Superseded { by, at } => (at, None, Some(by)),
		};
		RecordJson {
			id,
			patient: ss58(&entry.patient),
			category: entry.category,
			sha256: entry.sha256,
			location: String::from_utf8_lossy(&entry.location).into_owned(),
			author: ss58(&entry.author),
			hospital: entry.hospital,
			submitted_at: entry.submitted_at,
			timestamp: entry.timestamp,
			status: entry.status.name(),
			status_block,
			rejection,
			superseded_by,
			supersedes: entry.supersedes,
		}
	}
}

/// What verifying a fetched file's SHA-256 against the index found, as JSON.
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
		VerificationJson { matches: verification.matches, status: verification.status.name() }
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_mhr_records::{RecordStatus, Rejection};

	fn entry(status: RecordStatus<BlockNumber>) -> RecordEntry {
		RecordEntry {
			patient: AccountId::new([1; 32]),
			category: 9,
			sha256: H256::repeat_byte(0xab),
			location: b"https://vault.example/v1/blobs/ab".to_vec().try_into().expect("short"),
			author: AccountId::new([2; 32]),
			hospital: 3,
			submitted_at: 10,
			timestamp: 1_700_000_000_000,
			status,
			supersedes: Some(4),
			deposit: 0,
		}
	}

	#[test]
	fn an_entry_is_camel_case_json_with_ss58_accounts() {
		let json =
			serde_json::to_value(RecordJson::new(7, &entry(RecordStatus::Confirmed { at: 12 })))
				.expect("serializes");
		assert_eq!(
			json,
			serde_json::json!({
				"id": 7,
				"patient": ss58(&AccountId::new([1; 32])),
				"category": 9,
				"sha256": format!("0x{}", "ab".repeat(32)),
				"location": "https://vault.example/v1/blobs/ab",
				"author": ss58(&AccountId::new([2; 32])),
				"hospital": 3,
				"submittedAt": 10,
				"timestamp": 1_700_000_000_000u64,
				"status": "confirmed",
				"statusBlock": 12,
				"rejection": null,
				"supersededBy": null,
				"supersedes": 4,
			})
		);
		assert!(json["patient"].as_str().is_some_and(|a| a.starts_with('5')));
	}

	#[test]
	fn each_status_names_its_block_and_cause() {
		let rejected = RecordJson::new(
			1,
			&entry(RecordStatus::Rejected { at: 20, cause: Rejection::Expired }),
		);
		assert_eq!(
			(rejected.status, rejected.status_block, rejected.rejection),
			("rejected", 20, Some("expired"))
		);
		let superseded = RecordJson::new(1, &entry(RecordStatus::Superseded { by: 9, at: 30 }));
		assert_eq!((superseded.status, superseded.superseded_by), ("superseded", Some(9)));
		let pending = RecordJson::new(1, &entry(RecordStatus::Pending { deadline: 40 }));
		assert_eq!((pending.status, pending.status_block), ("pending", 40));
		let verified: VerificationJson =
			RecordVerification { matches: false, status: RecordStatus::Pending { deadline: 1 } }
				.into();
		assert_eq!(verified, VerificationJson { matches: false, status: "pending" });
	}
}
