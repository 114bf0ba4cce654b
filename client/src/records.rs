//! The record workflows, as every client of MHR Chain runs them (the `mhr` command line
//! today, a web portal next): sealing a record and storing it at a vault before it is indexed,
//! fetching it back checked against the index, opening it, and re-wrapping a patient's record
//! keys to a doctor they grant.
//!
//! A record is sealed on the writer's machine (XChaCha20-Poly1305 under a fresh key) and its
//! key wrapped (HPKE) to the patient and to the author; the vault keeps the sealed bytes under
//! their SHA-256 and the envelopes by reader. Nothing here trusts a vault: what it serves is
//! checked against the SHA-256 the chain indexes before it is opened.

use frame_support::traits::Get;
use mhr_envelope::{KeyEnvelope, PublicEncryptionKey, SealedRecord};
use mhr_primitives::{CategoryId, RecordId};
use mhr_runtime::{AccountId, RecordEntry, Runtime, RuntimeCall};
use sp_core::H256;
use zeroize::Zeroizing;

use crate::{
	query::At,
	vault::{from_base64, VaultClient},
	Error, KeyFile, Result,
};

/// What a record's location adds to its vault's URL: `/v1/blobs/` and 64 hex digits.
pub const BLOB_PATH_LEN: usize = "/v1/blobs/".len() + 64;

/// Where a vault at `url` serves the sealed record with this SHA-256: the location the index
/// holds.
pub fn location_of(url: &str, sha256: &[u8; 32]) -> String {
	format!("{url}/v1/blobs/{}", hex::encode(sha256))
}

/// The longest vault URL a hospital can use: the chain's limit on the URL itself, and that on
/// the locations of the records stored there (`{url}/v1/blobs/{sha256}`).
pub fn max_vault_url_len() -> usize {
	let url: u32 = <Runtime as pallet_mhr_hospitals::Config>::MaxVaultUrlLength::get();
	let location: u32 = <Runtime as pallet_mhr_records::Config>::MaxLocationLen::get();
	(url as usize).min((location as usize).saturating_sub(BLOB_PATH_LEN))
}

/// Refuses a vault URL the chain would refuse, or whose records' locations would not fit in
/// the index.
pub fn check_vault_url(url: &str) -> Result<()> {
	let most = max_vault_url_len();
	if url.len() > most {
		return Err(Error::VaultUrlTooLong {
			len: url.len(),
			most,
			most_location: <Runtime as pallet_mhr_records::Config>::MaxLocationLen::get(),
		});
	}
	Ok(())
}

/// A sealed record stored at a vault, with its key wrapped to the patient and the author:
/// what the index entry will say of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
	/// The SHA-256 of the sealed bytes.
	pub sha256: [u8; 32],
	/// Where the vault serves them.
	pub location: String,
}

impl Stored {
	/// The call that indexes the stored record as `patient`'s, of `category` (correcting
	/// `supersedes`, if given).
	pub fn index_call(
		&self,
		patient: &AccountId,
		category: CategoryId,
		supersedes: Option<RecordId>,
	) -> RuntimeCall {
		RuntimeCall::Records(pallet_mhr_records::Call::submit_record {
			patient: patient.clone(),
			category,
			sha256: H256(self.sha256),
			location: self.location.clone().into_bytes(),
			supersedes,
		})
	}
}

/// Seals `plaintext` under a fresh key, wraps the key to `patient` (whose published key is
/// `patient_key`) and to the author `author`, and stores the sealed record and both envelopes
/// at the vault at `url`. Fails before anything is stored if the record's location would not
/// fit in the index. `progress` hears of each step.
pub async fn seal_and_store(
	author: &KeyFile,
	url: &str,
	patient: &AccountId,
	patient_key: &PublicEncryptionKey,
	plaintext: &[u8],
	progress: &dyn Fn(String),
) -> Result<Stored> {
	check_vault_url(url)?;
	progress(format!("sealing {} bytes (XChaCha20-Poly1305, fresh key)", plaintext.len()));
	let (sealed, record_key) = SealedRecord::seal(plaintext);
	let sha256 = sealed.sha256();
	let for_patient = KeyEnvelope::wrap(&record_key, &sha256, patient_key)?;
	let for_author = KeyEnvelope::wrap(&record_key, &sha256, &author.encryption_public())?;
	let address = hex::encode(sha256);
	let vault = VaultClient::new(url);
	progress(format!("storing the sealed record at {url} (sha256 {address})"));
	vault.put_blob(author.signer(), &address, sealed.as_bytes().to_vec()).await?;
	vault
		.put_envelope(author.signer(), &address, patient, None, for_patient.to_bytes().to_vec())
		.await?;
	vault
		.put_envelope(
			author.signer(),
			&address,
			&author.account(),
			None,
			for_author.to_bytes().to_vec(),
		)
		.await?;
	Ok(Stored { sha256, location: location_of(vault.url(), &sha256) })
}

/// A record fetched from a vault, its bytes checked against the index.
pub struct Fetched {
	/// The sealed record.
	pub sealed: SealedRecord,
	/// The record key wrapped to the reader, if the vault holds one for them.
	pub envelope: Option<Vec<u8>>,
}

/// Fetches record `record` (index entry `entry`, kept by the hospital named `hospital_name`)
/// from `vault` for `reader`, logged for `purpose`; refuses bytes other than the indexed ones
/// ([`Error::Tampered`], naming the hospital that served them).
pub async fn fetch_checked(
	vault: &VaultClient,
	reader: &KeyFile,
	record: RecordId,
	entry: &RecordEntry,
	hospital_name: &str,
	purpose: u8,
) -> Result<Fetched> {
	let response = vault.read_record(reader.signer(), record, purpose).await?;
	let bytes = from_base64(&response.sealed).ok_or_else(|| Error::Vault {
		url: vault.url().to_string(),
		status: None,
		message: "sent a malformed record (not base64)".into(),
	})?;
	let served = mhr_envelope::sha256(&bytes);
	if served != entry.sha256.0 {
		return Err(Error::Tampered {
			record,
			hospital: entry.hospital,
			hospital_name: hospital_name.to_string(),
			url: vault.url().to_string(),
			bytes: bytes.len(),
			served: H256(served),
			indexed: entry.sha256,
		});
	}
	Ok(Fetched {
		sealed: SealedRecord::from_bytes(bytes)?,
		envelope: response.envelope.as_deref().and_then(from_base64),
	})
}

impl Fetched {
	/// The record's content, opened with `reader`'s envelope.
	pub fn open(
		&self,
		reader: &KeyFile,
		record: RecordId,
		entry: &RecordEntry,
	) -> Result<Zeroizing<Vec<u8>>> {
		let envelope = self.envelope.as_deref().ok_or(Error::NoEnvelope { record })?;
		let record_key =
			KeyEnvelope::from_bytes(envelope)?.open(reader.encryption(), &entry.sha256.0)?;
		Ok(self.sealed.open(&record_key)?)
	}
}

/// Re-wraps the key of each of `patient`'s records in `scope` to `doctor` (whose published
/// key is `doctor_key`) and stores the envelope at the record's vault, so that the grantee can
/// open what they may now read: the records shared, oldest page last. `progress` hears of
/// each record.
pub async fn share_records(
	at: &At<'_>,
	patient: &KeyFile,
	doctor: &AccountId,
	doctor_key: &PublicEncryptionKey,
	scope: &pallet_mhr_access::ScopeOf<Runtime>,
	progress: &dyn Fn(String),
) -> Result<Vec<RecordId>> {
	let me = patient.account();
	let mut shared = Vec::new();
	let mut after = None;
	loop {
		let page = at.records_by_patient(&me, None, after, pallet_mhr_records::MAX_PAGE).await?;
		let Some((last, _)) = page.last() else { break };
		after = Some(*last);
		for (id, entry) in page {
			if !scope.covers(entry.category) {
				continue;
			}
			progress(format!("wrapping the key of record #{id} to {}", crate::ss58(doctor)));
			let vault = VaultClient::new(&at.registered_vault(entry.hospital).await?.url);
			let response = vault.read_record(patient.signer(), id, 0).await?;
			let envelope = response
				.envelope
				.as_deref()
				.and_then(from_base64)
				.ok_or(Error::NoEnvelope { record: id })?;
			let rewrapped = KeyEnvelope::from_bytes(&envelope)?.rewrap(
				patient.encryption(),
				&entry.sha256.0,
				doctor_key,
			)?;
			vault
				.put_envelope(
					patient.signer(),
					&hex::encode(entry.sha256.0),
					doctor,
					Some(id),
					rewrapped.to_bytes().to_vec(),
				)
				.await?;
			shared.push(id);
		}
	}
	Ok(shared)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_location_is_the_url_and_the_blob_path() {
		let location = location_of("http://127.0.0.1:8801", &[0xab; 32]);
		assert_eq!(location, format!("http://127.0.0.1:8801/v1/blobs/{}", "ab".repeat(32)));
		assert_eq!(location.len(), "http://127.0.0.1:8801".len() + BLOB_PATH_LEN);
	}

	#[test]
	fn a_vault_url_must_leave_room_for_its_records_locations() {
		let most = max_vault_url_len();
		let location: u32 = <Runtime as pallet_mhr_records::Config>::MaxLocationLen::get();
		assert_eq!(most, location as usize - BLOB_PATH_LEN);
		assert!(check_vault_url(&"h".repeat(most)).is_ok());
		assert!(matches!(
			check_vault_url(&"h".repeat(most + 1)),
			Err(Error::VaultUrlTooLong { len, .. }) if len == most + 1
		));
	}
}
