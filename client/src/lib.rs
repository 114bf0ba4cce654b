//! # MHR Chain client
//!
//! What the record vault (`mhr-vault`) and the command line (`mhr`) share to talk to MHR Chain
//! and to each other:
//!
//! - [`chain`]: a connection to a node's JSON-RPC (WebSocket): runtime API calls and storage
//!   reads at the finalized head, signed transactions submitted and followed into a block or
//!   to finality, with failed dispatches named (`Access.NoAccess`).
//! - [`query`]: every question asked of the chain, typed: the runtime APIs and storage reads,
//!   with the runtime's own codec types, at one block ([`query::At`]).
//! - [`records`]: the record workflows: seal and store before indexing, fetch checked against
//!   the index, open, re-wrap a patient's record keys to a doctor they grant.
//! - [`tx`]: signed extrinsics built from the runtime's own types (`mhr-runtime`), so the
//!   encoding of every call and transaction extension is the runtime's, not a copy of it. A
//!   connection refuses a node whose runtime has another `spec_version` or
//!   `transaction_version` than the one this client was built with.
//! - [`keys`]: key files: an sr25519 signing key (the account) and an X25519 encryption key
//!   (what record keys are wrapped to).
//! - [`vault`]: the vault's HTTP protocol: signed one-time challenges, the wire types, and a
//!   client.

#![deny(missing_docs)]

pub mod chain;
pub mod keys;
pub mod query;
pub mod records;
pub mod tx;
pub mod vault;

pub use chain::{Chain, Included, WaitFor};
pub use keys::KeyFile;

/// The runtime's account type (an sr25519 public key for every account this client makes).
pub use mhr_runtime::AccountId;

/// What can go wrong talking to the chain or a vault.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// The node could not be reached or answered with an RPC error.
	#[error("node RPC: {0}")]
	Rpc(String),
	/// The node answered with something this client cannot read.
	#[error("unexpected answer from the node: {0}")]
	UnexpectedAnswer(String),
	/// The node runs another runtime than the one this client was built for.
	#[error(
		"the node runs {spec_name} spec {spec_version} / transaction version {tx_version}, but \
		 this program was built for mhr-runtime spec {built_spec} / transaction version \
		 {built_tx}: use the mhr and mhr-vault built from the same source as the chain's runtime"
	)]
	RuntimeMismatch {
		/// The node's runtime name.
		spec_name: String,
		/// The node's spec version.
		spec_version: u32,
		/// The node's transaction version.
		tx_version: u32,
		/// The spec version this client was built for.
		built_spec: u32,
		/// The transaction version this client was built for.
		built_tx: u32,
	},
	/// The transaction pool refused the transaction (bad nonce, no funds for the fee, ...).
	#[error("the node refused the transaction: {0}")]
	Refused(String),
	/// The transaction was included but its call failed: `Pallet.Error`.
	#[error("the transaction failed on chain: {0}")]
	Failed(String),
	/// The transaction left the pool without being included (dropped, invalid, usurped).
	#[error("the transaction was not included: {0}")]
	NotIncluded(String),
	/// A key file could not be read or written, or holds no usable key.
	#[error("key file: {0}")]
	Key(String),
	/// No hospital has this id.
	#[error("no hospital {0} in the registry")]
	UnknownHospital(mhr_primitives::HospitalId),
	/// No record has this id in the finalized index.
	#[error("no record #{0} in the finalized index")]
	UnknownRecord(mhr_primitives::RecordId),
	/// The account published no encryption key, so no record key can be wrapped to it.
	#[error("{0} has published no encryption key: they run `mhr keys publish` first")]
	NoEncryptionKey(String),
	/// The account practises at no hospital (not a doctor, or suspended or released).
	#[error(
		"{0} does not practise at a hospital: its admin registers you with `mhr hospital register-doctor`"
	)]
	NotPractising(String),
	/// The account is no hospital's admin.
	#[error("{0} is no hospital's admin: use the admin's key (--key)")]
	NotHospitalAdmin(String),
	/// A vault URL the chain would refuse, or whose records' locations would not fit in the
	/// index.
	#[error(
		"the vault URL is {len} bytes; the chain takes at most {most} (its records' locations, \
		 the URL and /v1/blobs/ and 64 hex digits, must fit in {most_location}): use a shorter \
		 host name or path"
	)]
	VaultUrlTooLong {
		/// The URL's length.
		len: usize,
		/// The longest URL that fits.
		most: usize,
		/// The index's limit on a location.
		most_location: u32,
	},
	/// A vault served other bytes for a record than the ones the chain indexes.
	#[error(
		"TAMPERED: hospital {hospital} ({hospital_name}) served {bytes} bytes for record \
		 #{record} from {url} with SHA-256 {served:?}, but the chain indexes {indexed:?}: the \
		 stored record was altered, so it is refused; report it to the hospital"
	)]
	Tampered {
		/// The record.
		record: mhr_primitives::RecordId,
		/// The hospital that keeps it.
		hospital: mhr_primitives::HospitalId,
		/// Its name.
		hospital_name: String,
		/// The vault that served it.
		url: String,
		/// How many bytes it served.
		bytes: usize,
		/// Their SHA-256.
		served: sp_core::H256,
		/// The SHA-256 in the index.
		indexed: sp_core::H256,
	},
	/// The vault holds no key envelope of the record for the reader.
	#[error(
		"the vault holds no key envelope of record #{record} for you: the patient shares it \
		 with `mhr patient grant` (emergency access serves the sealed record, but only the \
		 patient or author can share its key)"
	)]
	NoEnvelope {
		/// The record.
		record: mhr_primitives::RecordId,
	},
	/// A sealed record or key envelope does not open, or is malformed.
	#[error("{0}")]
	Envelope(#[from] mhr_envelope::Error),
	/// A vault refused a request or could not be reached.
	#[error("vault at {url}: {message}")]
	Vault {
		/// The vault's URL.
		url: String,
		/// The HTTP status, if the vault answered.
		status: Option<u16>,
		/// What it said, or why it could not be reached.
		message: String,
	},
}

/// The result of a client call.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// An account as text: SS58 with the chain's prefix.
pub fn ss58(account: &AccountId) -> String {
	use sp_core::crypto::Ss58Codec;
	account.to_ss58check_with_version(mhr_primitives::token::SS58_FORMAT.into())
}

/// Reads an account from SS58 text or `0x`-hex of its 32 bytes.
pub fn parse_account(text: &str) -> Result<AccountId> {
	use sp_core::crypto::Ss58Codec;
	if let Some(hex) = text.strip_prefix("0x") {
		let bytes: [u8; 32] = hex::decode(hex)
			.ok()
			.and_then(|bytes| bytes.try_into().ok())
			.ok_or_else(|| Error::Key(format!("'{text}' is not 32 bytes of hex")))?;
		return Ok(AccountId::from(bytes));
	}
	AccountId::from_ss58check(text)
		.map_err(|e| Error::Key(format!("'{text}' is not an SS58 address ({e:?})")))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn accounts_read_back_from_ss58_and_hex() {
		let account = AccountId::from([7u8; 32]);
		assert_eq!(parse_account(&ss58(&account)).ok(), Some(account.clone()));
		assert_eq!(parse_account(&format!("0x{}", hex::encode([7u8; 32]))).ok(), Some(account));
		assert!(parse_account("0x1234").is_err());
		assert!(parse_account("not an address").is_err());
	}
}
