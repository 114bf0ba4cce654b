//! The vault's HTTP API (see `mhr_client::vault` for the protocol).

use axum::{
	body::Bytes,
	extract::{Path, Query, State},
	http::{HeaderMap, Method, StatusCode, Uri},
	response::{IntoResponse, Response},
	routing::{get, post, put},
	Json, Router,
};
use mhr_client::{
	chain::{Chain, WaitFor},
	vault::{
		to_base64, Authorization, Challenge, ErrorResponse, Health, RecordResponse,
		CHALLENGE_LIFETIME_SECS,
	},
	AccountId, Error as ClientError, KeyFile,
};
use mhr_primitives::{AccessBasis, CategoryId, HospitalId, RecordId};
use mhr_runtime::{Hash, RecordEntry, Runtime, RuntimeCall};
use serde::Deserialize;
use std::{
	collections::HashMap,
	sync::Arc,
	time::{SystemTime, UNIX_EPOCH},
};
use tokio::sync::Mutex;

use crate::store::{Sha256, Store, StoreError, Stored};

/// The most used, unexpired challenges remembered at once; beyond, clients are asked to
/// retry shortly.
pub const MAX_USED_CHALLENGES: usize = 100_000;

/// What every request handler shares.
pub struct Vault {
	/// The sealed records.
	pub store: Store,
	/// The hospital's node.
	pub chain: Chain,
	/// The hospital this vault serves.
	pub hospital: HospitalId,
	/// The vault's key: the account that logs reads on chain.
	pub key: KeyFile,
	/// Outstanding challenges.
	challenges: Mutex<Challenges>,
	/// The vault account's next nonce, kept here so that concurrent reads log concurrently.
	next_nonce: Mutex<Option<u32>>,
}

impl Vault {
	/// A vault over `store`, logging through `chain` with `key` for `hospital`.
	pub fn new(store: Store, chain: Chain, hospital: HospitalId, key: KeyFile) -> Self {
		Self {
			store,
			chain,
			hospital,
			key,
			challenges: Mutex::new(Challenges::new(CHALLENGE_LIFETIME_SECS, MAX_USED_CHALLENGES)),
			next_nonce: Mutex::new(None),
		}
	}
}

/// Challenges: issued without keeping state (each carries its expiry and a MAC under a
/// secret of this process), remembered only once used, until they expire, so each is good
/// once. Issuing costs nothing, so asking for challenges cannot lock others out.
pub struct Challenges {
	secret: [u8; 32],
	lifetime_secs: u64,
	used: HashMap<[u8; 32], u64>,
	capacity: usize,
}

/// Why a challenge is not accepted.
#[derive(Debug, PartialEq, Eq)]
pub enum ChallengeError {
	/// Not one this vault (process) issued.
	Unknown,
	/// Issued, but its lifetime is over.
	Expired,
	/// Used already.
	Used,
	/// Too many challenges were used within their lifetime: retry shortly.
	Busy,
}

type ChallengeMac = hmac::Hmac<sha2::Sha256>;

impl Challenges {
	/// Challenges living `lifetime_secs`, at most `capacity` used ones remembered at once.
	pub fn new(lifetime_secs: u64, capacity: usize) -> Self {
		use rand_core::{OsRng, RngCore};
		let mut secret = [0u8; 32];
		OsRng.fill_bytes(&mut secret);
		Self { secret, lifetime_secs, used: HashMap::new(), capacity }
	}

	fn mac(&self, body: &[u8]) -> [u8; 16] {
		use hmac::Mac;
		let mut mac = <ChallengeMac as Mac>::new_from_slice(&self.secret)
			.expect("HMAC takes keys of any length; qed");
		mac.update(body);
		let tag = mac.finalize().into_bytes();
		let mut truncated = [0u8; 16];
		truncated.copy_from_slice(&tag[..16]);
		truncated
	}

	/// A fresh challenge issued at `now` (Unix seconds): its expiry (8 bytes, big-endian),
	/// 8 random bytes, and a 16-byte MAC of both.
	pub fn issue(&self, now: u64) -> ([u8; 32], u64) {
		use rand_core::{OsRng, RngCore};
		let expires = now.saturating_add(self.lifetime_secs);
		let mut challenge = [0u8; 32];
		challenge[..8].copy_from_slice(&expires.to_be_bytes());
		OsRng.fill_bytes(&mut challenge[8..16]);
		let mac = self.mac(&challenge[..16]);
		challenge[16..].copy_from_slice(&mac);
		(challenge, expires)
	}

	/// When `challenge` expires (Unix seconds), as it says.
	fn expiry(challenge: &[u8; 32]) -> u64 {
		let mut expires = [0u8; 8];
		expires.copy_from_slice(&challenge[..8]);
		u64::from_be_bytes(expires)
	}

	/// Whether `challenge` may be used at `now`: issued here, unexpired, unused.
	pub fn check(&self, challenge: &[u8; 32], now: u64) -> Result<(), ChallengeError> {
		use subtle::ConstantTimeEq;
		if !bool::from(self.mac(&challenge[..16]).ct_eq(&challenge[16..])) {
			return Err(ChallengeError::Unknown);
		}
		if Self::expiry(challenge) <= now {
			return Err(ChallengeError::Expired);
		}
		if self.used.contains_key(challenge) {
			return Err(ChallengeError::Used);
		}
		Ok(())
	}

	/// Uses up `challenge` (after [`Challenges::check`] and the signature passed).
	pub fn mark_used(&mut self, challenge: [u8; 32], now: u64) -> Result<(), ChallengeError> {
		self.check(&challenge, now)?;
		if self.used.len() >= self.capacity {
			self.used.retain(|_, expires| *expires > now);
			if self.used.len() >= self.capacity {
				return Err(ChallengeError::Busy);
			}
		}
		// Remembered until it would have expired anyway: then it is refused as expired.
		self.used.insert(challenge, Self::expiry(&challenge));
		Ok(())
	}
}

/// The routes of the API.
pub fn router(vault: Arc<Vault>, max_blob_bytes: usize) -> Router {
	Router::new()
		.route("/v1/health", get(health))
		.route("/v1/challenges", post(new_challenge))
		.route("/v1/blobs/{sha256}", put(put_blob))
		.route("/v1/blobs/{sha256}/envelopes/{reader}", put(put_envelope))
		.route("/v1/records/{record}", get(read_record))
		.layer(axum::extract::DefaultBodyLimit::max(max_blob_bytes))
		.with_state(vault)
}

/// A refusal: an HTTP status with a code and a message for the client.
#[derive(Debug)]
pub struct Refusal {
	status: StatusCode,
	code: &'static str,
	message: String,
}

fn refuse(status: StatusCode, code: &'static str, message: impl Into<String>) -> Refusal {
	Refusal { status, code, message: message.into() }
}

impl IntoResponse for Refusal {
	fn into_response(self) -> Response {
		tracing::info!(status = self.status.as_u16(), code = self.code, message = %self.message, "refused");
		let body = ErrorResponse { error: self.code.into(), message: self.message };
		(self.status, Json(body)).into_response()
	}
}

fn chain_unavailable(error: ClientError) -> Refusal {
	tracing::warn!(%error, "chain query failed");
	refuse(StatusCode::BAD_GATEWAY, "chain_unavailable", format!("the vault's node: {error}"))
}

fn disk_failed(error: impl std::fmt::Display) -> Refusal {
	tracing::error!(%error, "disk failure");
	refuse(StatusCode::INTERNAL_SERVER_ERROR, "disk", "the vault could not use its disk")
}

fn unix_now() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

fn parse_sha256(text: &str) -> Result<Sha256, Refusal> {
	hex::decode(text).ok().and_then(|bytes| bytes.try_into().ok()).ok_or_else(|| {
		refuse(StatusCode::BAD_REQUEST, "bad_hash", format!("'{text}' is not a hex SHA-256"))
	})
}

async fn health(State(vault): State<Arc<Vault>>) -> Result<Json<Health>, Refusal> {
	Ok(Json(Health {
		hospital: vault.hospital,
		vault_account: mhr_client::ss58(&vault.key.account()),
		blobs: vault.store.blob_count().map_err(disk_failed)?,
	}))
}

async fn new_challenge(State(vault): State<Arc<Vault>>) -> Json<Challenge> {
	let (challenge, expires_at) = vault.challenges.lock().await.issue(unix_now());
	Json(Challenge { challenge: hex::encode(challenge), hospital: vault.hospital, expires_at })
}

/// The account that signed this request (`body` included), after checking its challenge and
/// its signature; the challenge is used up from then on, whatever happens next.
async fn authenticate(
	vault: &Vault,
	method: &Method,
	uri: &Uri,
	headers: &HeaderMap,
	body: &[u8],
) -> Result<AccountId, Refusal> {
	let unauthorized = |message: &str| refuse(StatusCode::UNAUTHORIZED, "unauthorized", message);
	let header = headers
		.get(axum::http::header::AUTHORIZATION)
		.and_then(|value| value.to_str().ok())
		.ok_or_else(|| {
			unauthorized("no Authorization header: sign the request (see the protocol)")
		})?;
	let auth = Authorization::parse(header)
		.ok_or_else(|| unauthorized("the Authorization header is not an MHR signature"))?;
	let now = unix_now();
	let refused = |error: ChallengeError| match error {
		ChallengeError::Unknown => {
			unauthorized("not a challenge of this vault: ask for one (POST /v1/challenges)")
		}
		ChallengeError::Expired => unauthorized("the challenge expired: ask for a new one"),
		ChallengeError::Used => unauthorized("the challenge was used already: ask for a new one"),
		ChallengeError::Busy => {
			refuse(StatusCode::TOO_MANY_REQUESTS, "busy", "too many requests: retry shortly")
		}
	};
	vault.challenges.lock().await.check(&auth.challenge, now).map_err(refused)?;
	let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or_else(|| uri.path());
	if !auth.verifies(vault.hospital, method.as_str(), path, body) {
		return Err(unauthorized("the signature does not match the account and this request"));
	}
	vault.challenges.lock().await.mark_used(auth.challenge, now).map_err(refused)?;
	Ok(auth.account)
}

/// The hospital `who` practises at now, if they are a doctor who does.
async fn practising_at(
	vault: &Vault,
	who: &AccountId,
	at: Hash,
) -> Result<Option<HospitalId>, Refusal> {
	let key = pallet_mhr_staking::Doctors::<Runtime>::hashed_key_for(who);
	let doctor: Option<pallet_mhr_staking::DoctorOf<Runtime>> =
		vault.chain.storage(key, at).await.map_err(chain_unavailable)?;
	Ok(doctor.and_then(|info| info.practising_at()))
}

async fn finalized(vault: &Vault) -> Result<Hash, Refusal> {
	vault.chain.finalized_head().await.map(|(hash, _)| hash).map_err(chain_unavailable)
}

async fn put_blob(
	State(vault): State<Arc<Vault>>,
	Path(sha256): Path<String>,
	method: Method,
	uri: Uri,
	headers: HeaderMap,
	body: Bytes,
) -> Result<StatusCode, Refusal> {
	let caller = authenticate(&vault, &method, &uri, &headers, &body).await?;
	let sha256 = parse_sha256(&sha256)?;
	let at = finalized(&vault).await?;
	if practising_at(&vault, &caller, at).await? != Some(vault.hospital) {
		return Err(refuse(
			StatusCode::FORBIDDEN,
			"not_a_doctor_here",
			format!(
				"{} is not a doctor practising at hospital {}: only its doctors store records here",
				mhr_client::ss58(&caller),
				vault.hospital
			),
		));
	}
	let stored = vault.store.put_blob(&sha256, &body, &caller).map_err(|error| match error {
		StoreError::HashMismatch { .. } => {
			refuse(StatusCode::UNPROCESSABLE_ENTITY, "hash_mismatch", error.to_string())
		}
		StoreError::Io(error) => disk_failed(error),
	})?;
	tracing::info!(sha256 = %hex::encode(sha256), uploader = %mhr_client::ss58(&caller), bytes = body.len(), ?stored, "blob stored");
	Ok(match stored {
		Stored::Created => StatusCode::CREATED,
		Stored::AlreadyHeld => StatusCode::OK,
	})
}

/// The optional `record` of an envelope upload.
#[derive(Deserialize)]
struct EnvelopeQuery {
	record: Option<RecordId>,
}

async fn record_at(vault: &Vault, record: RecordId, at: Hash) -> Result<RecordEntry, Refusal> {
	let entry: Option<RecordEntry> = vault
		.chain
		.runtime_call("RecordsApi_record", record, at)
		.await
		.map_err(chain_unavailable)?;
	entry.ok_or_else(|| {
		refuse(
			StatusCode::NOT_FOUND,
			"unknown_record",
			format!("no record #{record} in the finalized index (a new record is final within a minute)"),
		)
	})
}

async fn put_envelope(
	State(vault): State<Arc<Vault>>,
	Path((sha256, reader)): Path<(String, String)>,
	Query(query): Query<EnvelopeQuery>,
	method: Method,
	uri: Uri,
	headers: HeaderMap,
	body: Bytes,
) -> Result<StatusCode, Refusal> {
	let caller = authenticate(&vault, &method, &uri, &headers, &body).await?;
	let sha256 = parse_sha256(&sha256)?;
	let reader = mhr_client::parse_account(&reader)
		.map_err(|e| refuse(StatusCode::BAD_REQUEST, "bad_account", e.to_string()))?;
	mhr_envelope::KeyEnvelope::from_bytes(&body)
		.map_err(|e| refuse(StatusCode::BAD_REQUEST, "bad_envelope", e.to_string()))?;
	let uploader = vault.store.uploader(&sha256).map_err(disk_failed)?.ok_or_else(|| {
		refuse(StatusCode::NOT_FOUND, "not_held", "this vault holds no record with this hash")
	})?;
	let allowed = if caller == uploader {
		true
	} else if let Some(record) = query.record {
		let at = finalized(&vault).await?;
		let entry = record_at(&vault, record, at).await?;
		entry.patient == caller && entry.sha256.0 == sha256 && entry.hospital == vault.hospital
	} else {
		false
	};
	if !allowed {
		return Err(refuse(
			StatusCode::FORBIDDEN,
			"not_yours",
			"only the doctor who stored the record, or the patient of the indexed record \
			 (?record=ID), may add its envelopes",
		));
	}
	vault.store.put_envelope(&sha256, &reader, &body).map_err(disk_failed)?;
	tracing::info!(sha256 = %hex::encode(sha256), reader = %mhr_client::ss58(&reader), by = %mhr_client::ss58(&caller), "envelope stored");
	Ok(StatusCode::CREATED)
}

/// The optional `purpose` of a read.
#[derive(Deserialize)]
struct ReadQuery {
	purpose: Option<u8>,
}

/// The purpose code of a read when the reader names none: treatment.
pub const DEFAULT_PURPOSE: u8 = 1;

async fn read_record(
	State(vault): State<Arc<Vault>>,
	Path(record): Path<RecordId>,
	Query(query): Query<ReadQuery>,
	method: Method,
	uri: Uri,
	headers: HeaderMap,
) -> Result<Json<RecordResponse>, Refusal> {
	let caller = authenticate(&vault, &method, &uri, &headers, &[]).await?;
	let at = finalized(&vault).await?;
	let entry = record_at(&vault, record, at).await?;
	if entry.hospital != vault.hospital {
		return Err(refuse(
			StatusCode::NOT_FOUND,
			"not_held",
			format!(
				"record #{record} is kept by hospital {}'s vault, not this one",
				entry.hospital
			),
		));
	}
	let sha256 = entry.sha256.0;
	let sealed = vault.store.blob(&sha256).map_err(disk_failed)?.ok_or_else(|| {
		refuse(
			StatusCode::NOT_FOUND,
			"not_held",
			format!("the sealed record #{record} was never stored here"),
		)
	})?;
	let logged_in = if caller == entry.patient {
		None
	} else {
		Some(
			log_read(&vault, &caller, record, &entry, query.purpose.unwrap_or(DEFAULT_PURPOSE), at)
				.await?,
		)
	};
	let envelope = vault.store.envelope(&sha256, &caller).map_err(disk_failed)?;
	tracing::info!(record, reader = %mhr_client::ss58(&caller), logged_in = ?logged_in, "record served");
	Ok(Json(RecordResponse {
		record,
		sha256: hex::encode(sha256),
		sealed: to_base64(&sealed),
		envelope: envelope.map(|bytes| to_base64(&bytes)),
		logged_in: logged_in.map(|hash| format!("{hash:?}")),
	}))
}

/// Checks at the finalized head that `reader` may read `record`, then logs the read on chain
/// and waits until it is in a block; refuses if either says no.
async fn log_read(
	vault: &Vault,
	reader: &AccountId,
	record: RecordId,
	entry: &RecordEntry,
	purpose: u8,
	at: Hash,
) -> Result<Hash, Refusal> {
	let args: (AccountId, AccountId, CategoryId) =
		(reader.clone(), entry.patient.clone(), entry.category);
	let basis: Option<AccessBasis> = vault
		.chain
		.runtime_call("AccessApi_can_read", args, at)
		.await
		.map_err(chain_unavailable)?;
	let no_access = || {
		refuse(
			StatusCode::FORBIDDEN,
			"no_access",
			format!(
				"{} has no grant or emergency access covering record #{record} now: ask the patient for a grant",
				mhr_client::ss58(reader)
			),
		)
	};
	if basis.is_none() {
		return Err(no_access());
	}
	let call = RuntimeCall::Access(pallet_mhr_access::Call::log_access_for {
		reader: reader.clone(),
		record,
		purpose,
	});
	let nonce = {
		let mut next = vault.next_nonce.lock().await;
		let nonce = match *next {
			Some(nonce) => nonce,
			None => {
				vault.chain.next_nonce(&vault.key.account()).await.map_err(chain_unavailable)?
			}
		};
		*next = Some(nonce + 1);
		nonce
	};
	match vault.chain.submit_at(vault.key.signer(), call, nonce, WaitFor::InBlock).await {
		Ok(included) => Ok(included.block),
		Err(ClientError::Failed(name)) if name == "Access.NoAccess" => Err(no_access()),
		Err(error) => {
			// The transaction may not have reached the pool, leaving a gap in the nonces:
			// read the next nonce from the node again next time.
			*vault.next_nonce.lock().await = None;
			tracing::warn!(%error, record, "logging a read failed");
			Err(refuse(
				StatusCode::SERVICE_UNAVAILABLE,
				"audit_failed",
				format!("the read could not be logged on chain, so it is not served: {error}"),
			))
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_challenge_is_good_once_and_only_until_it_expires() {
		let mut challenges = Challenges::new(60, 10);
		let (first, expires) = challenges.issue(1_000);
		assert_eq!(expires, 1_060);
		let (second, _) = challenges.issue(1_000);
		assert_ne!(first, second);
		assert_eq!(challenges.mark_used(first, 1_010), Ok(()));
		assert_eq!(challenges.check(&first, 1_010), Err(ChallengeError::Used));
		assert_eq!(challenges.mark_used(first, 1_010), Err(ChallengeError::Used));
		assert_eq!(challenges.check(&second, 1_060), Err(ChallengeError::Expired));
	}

	#[test]
	fn a_forged_or_foreign_challenge_is_unknown() {
		let challenges = Challenges::new(60, 10);
		let (mut challenge, _) = challenges.issue(1_000);
		assert_eq!(challenges.check(&[0; 32], 1_000), Err(ChallengeError::Unknown));
		// Moving the expiry breaks the MAC.
		challenge[7] ^= 1;
		assert_eq!(challenges.check(&challenge, 1_000), Err(ChallengeError::Unknown));
		let (other, _) = Challenges::new(60, 10).issue(1_000);
		assert_eq!(challenges.check(&other, 1_000), Err(ChallengeError::Unknown));
	}

	#[test]
	fn used_challenges_are_bounded_and_expired_ones_make_room() {
		let mut challenges = Challenges::new(60, 2);
		for _ in 0..2 {
			let (challenge, _) = challenges.issue(1_000);
			assert_eq!(challenges.mark_used(challenge, 1_000), Ok(()));
		}
		let (third, _) = challenges.issue(1_000);
		assert_eq!(challenges.mark_used(third, 1_000), Err(ChallengeError::Busy));
		let (fourth, _) = challenges.issue(1_061);
		assert_eq!(challenges.mark_used(fourth, 1_061), Ok(()));
	}
}
