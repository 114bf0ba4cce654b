//! The vault's HTTP API (see `mhr_client::vault` for the protocol).
//!
//! A stranger's request costs the vault little before it knows who sent it: the
//! `Authorization` header is bounded before it is decoded; a blob's signature is checked
//! over its address (the SHA-256 its body must have) and its signer found allowed to store
//! here before a byte of the body is read, which is then streamed through SHA-256 within a
//! size limit, a time limit and a cap on concurrent uploads, and refused unless it hashes to
//! its address. A challenge is used up only by a good signature. A read's access is checked before the disk is touched. Refusals are logged
//! escaped and at most once a second (with a count of those held back).

use axum::{
	body::{Body, HttpBody},
	extract::{Query, State},
	http::{header, HeaderValue, StatusCode},
	response::{IntoResponse, Response},
	routing::{get, post, put},
	Json, Router,
};
use mhr_client::{
	vault::{to_base64, Challenge, ErrorResponse, Health, RecordResponse, CHALLENGE_LIFETIME_SECS},
	AccountId, Error as ClientError,
};
use mhr_primitives::{HospitalId, RecordId};
use mhr_runtime::{Hash, RecordEntry};
use serde::Deserialize;
use sha2::Digest;
use std::{
	collections::HashMap,
	sync::Arc,
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};
use tokio::sync::{Mutex, Semaphore};

use crate::{
	auth::{DoctorHere, EnvelopeWriter, RecordReader},
	ledger::Ledger,
	limits::Limits,
	store::{Sha256, Store, StoreError, Stored},
	throttle::ThrottleByKind,
};

/// The most used, unexpired challenges remembered at once; beyond, clients are asked to
/// retry shortly.
pub const MAX_USED_CHALLENGES: usize = 100_000;

/// How long a client told `busy` is asked to wait, in seconds (`Retry-After`).
pub const RETRY_AFTER_SECS: u64 = 1;

/// What every request handler shares.
pub struct Vault<L> {
	/// The sealed records.
	pub store: Store,
	/// The chain, through the hospital's node.
	pub ledger: L,
	/// The hospital this vault serves.
	pub hospital: HospitalId,
	/// The vault's account: the one that logs reads on chain.
	pub account: AccountId,
	pub(crate) limits: Limits,
	/// One permit per blob body being read.
	uploads: Semaphore,
	/// Outstanding challenges.
	pub(crate) challenges: Mutex<Challenges>,
	/// Refusals (4xx) logged, at most one line a second of each code.
	refusals: ThrottleByKind,
	/// Failures (5xx) logged, at most one line a second of each code.
	failures: ThrottleByKind,
}

impl<L: Ledger> Vault<L> {
	/// A vault over `store` for `hospital`, asking `ledger`, within `limits`.
	pub fn new(
		store: Store,
		ledger: L,
		hospital: HospitalId,
		account: AccountId,
		limits: Limits,
	) -> Self {
		Self {
			store,
			ledger,
			hospital,
			account,
			uploads: Semaphore::new(limits.max_concurrent_uploads),
			limits,
			challenges: Mutex::new(Challenges::new(CHALLENGE_LIFETIME_SECS, MAX_USED_CHALLENGES)),
			refusals: ThrottleByKind::default(),
			failures: ThrottleByKind::default(),
		}
	}

	pub(crate) async fn finalized(&self) -> Result<Hash, Refusal> {
		self.ledger.finalized().await.map_err(chain_unavailable)
	}

	pub(crate) async fn practises_here(&self, who: &AccountId, at: Hash) -> Result<bool, Refusal> {
		let hospital = self.ledger.practising_at(who, at).await.map_err(chain_unavailable)?;
		Ok(hospital == Some(self.hospital))
	}

	pub(crate) async fn record_at(
		&self,
		record: RecordId,
		at: Hash,
	) -> Result<RecordEntry, Refusal> {
		let entry = self.ledger.record(record, at).await.map_err(chain_unavailable)?;
		entry.ok_or_else(|| {
			refuse(
				StatusCode::NOT_FOUND,
				"unknown_record",
				format!(
					"no record #{record} in the finalized index (a new record is final within a minute)"
				),
			)
		})
	}

	/// Who stored the blob `sha256` here; `not_held` if no one did.
	pub(crate) fn uploader(&self, sha256: &Sha256) -> Result<AccountId, Refusal> {
		self.store.uploader(sha256).map_err(disk_failed)?.ok_or_else(|| {
			refuse(StatusCode::NOT_FOUND, "not_held", "this vault holds no record with this hash")
		})
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

/// The routes of the API. Refusals are logged by a layer, throttled (see [`Refusal`]).
pub fn router<L: Ledger>(vault: Arc<Vault<L>>) -> Router {
	Router::new()
		.route("/v1/health", get(health::<L>))
		.route("/v1/challenges", post(new_challenge::<L>))
		.route("/v1/blobs/{sha256}", put(put_blob::<L>))
		.route("/v1/blobs/{sha256}/envelopes/{reader}", put(put_envelope::<L>))
		.route("/v1/records/{record}", get(read_record::<L>))
		.layer(axum::middleware::map_response_with_state(vault.clone(), log_refusal::<L>))
		.with_state(vault)
}

/// A refusal: an HTTP status with a code and a message for the client. Its message may
/// carry what a stranger sent: it is logged escaped (`Debug`), by [`log_refusal`].
#[derive(Clone, Debug)]
pub struct Refusal {
	pub(crate) status: StatusCode,
	pub(crate) code: &'static str,
	pub(crate) message: String,
	/// What the log gets beyond the message (a failure's cause, kept from the client).
	cause: Option<String>,
}

pub(crate) fn refuse(
	status: StatusCode,
	code: &'static str,
	message: impl Into<String>,
) -> Refusal {
	Refusal { status, code, message: message.into(), cause: None }
}

impl IntoResponse for Refusal {
	fn into_response(self) -> Response {
		let body = ErrorResponse { error: self.code.into(), message: self.message.clone() };
		let mut response = (self.status, Json(body)).into_response();
		if self.code == "busy" {
			response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
		}
		response.extensions_mut().insert(self);
		response
	}
}

/// Logs the refusal a response carries: 4xx at INFO, 5xx at WARN, each code at most one
/// line a second (with how many of that code were held back), message and cause `Debug`-escaped so a
/// stranger's bytes cannot forge lines or send terminal escapes.
async fn log_refusal<L: Ledger>(
	State(vault): State<Arc<Vault<L>>>,
	response: Response,
) -> Response {
	if let Some(refusal) = response.extensions().get::<Refusal>() {
		let (status, code) = (refusal.status.as_u16(), refusal.code);
		let (message, cause) = (&refusal.message, &refusal.cause);
		if refusal.status.is_server_error() {
			if let Some(suppressed) = vault.failures.admit(code, Instant::now()) {
				tracing::warn!(status, code, ?message, ?cause, suppressed, "failed");
			}
		} else if let Some(suppressed) = vault.refusals.admit(code, Instant::now()) {
			tracing::info!(status, code, ?message, suppressed, "refused");
		}
	}
	response
}

pub(crate) fn chain_unavailable(error: ClientError) -> Refusal {
	Refusal {
		cause: Some(error.to_string()),
		..refuse(StatusCode::BAD_GATEWAY, "chain_unavailable", format!("the vault's node: {error}"))
	}
}

fn disk_failed(error: impl std::fmt::Display) -> Refusal {
	Refusal {
		cause: Some(error.to_string()),
		..refuse(StatusCode::INTERNAL_SERVER_ERROR, "disk", "the vault could not use its disk")
	}
}

/// A failed write: 507 `insufficient_storage` when the disk is full (nothing was kept, and
/// the next write succeeds once there is room), else 500 `disk`.
pub(crate) fn store_failed(error: StoreError) -> Refusal {
	match error {
		StoreError::HashMismatch { .. } => {
			refuse(StatusCode::UNPROCESSABLE_ENTITY, "hash_mismatch", error.to_string())
		}
		StoreError::Full(_) => Refusal {
			cause: Some(error.to_string()),
			..refuse(
				StatusCode::INSUFFICIENT_STORAGE,
				"insufficient_storage",
				"the vault's disk is full: nothing was stored; retry later",
			)
		},
		StoreError::Io(_) => disk_failed(error),
	}
}

/// Runs the store's blocking disk work off the async workers.
async fn on_disk<T: Send + 'static>(
	work: impl FnOnce() -> Result<T, Refusal> + Send + 'static,
) -> Result<T, Refusal> {
	tokio::task::spawn_blocking(work).await.map_err(disk_failed)?
}

pub(crate) fn unix_now() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

pub(crate) fn parse_sha256(text: &str) -> Result<Sha256, Refusal> {
	// Not echoed: the text is a stranger's.
	let bytes = (text.len() == 64).then(|| hex::decode(text).ok()).flatten();
	bytes.and_then(|bytes| bytes.try_into().ok()).ok_or_else(|| {
		refuse(StatusCode::BAD_REQUEST, "bad_hash", "the address is not a SHA-256 (64 hex digits)")
	})
}

async fn health<L: Ledger>(State(vault): State<Arc<Vault<L>>>) -> Result<Json<Health>, Refusal> {
	Ok(Json(Health {
		hospital: vault.hospital,
		vault_account: mhr_client::ss58(&vault.account),
		blobs: vault.store.blob_count().map_err(disk_failed)?,
	}))
}

async fn new_challenge<L: Ledger>(State(vault): State<Arc<Vault<L>>>) -> Json<Challenge> {
	let (challenge, expires_at) = vault.challenges.lock().await.issue(unix_now());
	Json(Challenge { challenge: hex::encode(challenge), hospital: vault.hospital, expires_at })
}

/// Reads `body`, at most `limit` bytes within `timeout`, hashing it as it arrives: the
/// bytes and their SHA-256. 413 `too_large` beyond the limit (at once when the declared
/// length says so), 408 `body_timeout` when it is too slow.
pub(crate) async fn read_body(
	body: Body,
	limit: usize,
	timeout: Duration,
) -> Result<(Vec<u8>, Sha256), Refusal> {
	let too_large = || {
		refuse(
			StatusCode::PAYLOAD_TOO_LARGE,
			"too_large",
			format!("the body is larger than this vault's limit of {limit} bytes"),
		)
	};
	if body.size_hint().lower() > limit as u64 {
		return Err(too_large());
	}
	let read = async {
		let mut body = body;
		let (mut bytes, mut hasher) = (Vec::new(), sha2::Sha256::new());
		while let Some(frame) =
			std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await
		{
			let frame = frame.map_err(|_| {
				refuse(StatusCode::BAD_REQUEST, "bad_body", "the body could not be read")
			})?;
			// Trailers carry nothing the vault reads.
			let Ok(chunk) = frame.into_data() else { continue };
			if bytes.len() + chunk.len() > limit {
				return Err(too_large());
			}
			hasher.update(&chunk);
			bytes.extend_from_slice(&chunk);
		}
		Ok((bytes, hasher.finalize().into()))
	};
	tokio::time::timeout(timeout, read).await.unwrap_or_else(|_| {
		Err(refuse(
			StatusCode::REQUEST_TIMEOUT,
			"body_timeout",
			format!("the body did not arrive within {} s", timeout.as_secs_f32()),
		))
	})
}

/// `PUT /v1/blobs/{sha256}`: a sealed record, from a doctor of this hospital, stored once its
/// body hashes to its address.
async fn put_blob<L: Ledger>(
	State(vault): State<Arc<Vault<L>>>,
	DoctorHere { doctor, sha256 }: DoctorHere,
	body: Body,
) -> Result<StatusCode, Refusal> {
	let _permit = vault.uploads.try_acquire().map_err(|_| {
		refuse(
			StatusCode::SERVICE_UNAVAILABLE,
			"busy",
			format!(
				"{} uploads are being received: retry in {RETRY_AFTER_SECS} s",
				vault.limits.max_concurrent_uploads
			),
		)
	})?;
	let (bytes, digest) =
		read_body(body, vault.limits.max_blob_bytes, vault.limits.body_timeout).await?;
	if digest != sha256 {
		return Err(store_failed(StoreError::HashMismatch { expected: sha256, got: digest }));
	}
	let length = bytes.len();
	let (store, uploader) = (vault.store.clone(), doctor.clone());
	let stored =
		on_disk(move || store.put_blob(&sha256, &bytes, &uploader).map_err(store_failed)).await?;
	if stored == Stored::AlreadyHeld && vault.uploader(&sha256)? != doctor {
		return Err(refuse(
			StatusCode::CONFLICT,
			"uploaded_by_another",
			"another doctor stored these bytes first: only they may add its envelopes, and \
			 only their record is served from it",
		));
	}
	tracing::info!(sha256 = %hex::encode(sha256), uploader = %mhr_client::ss58(&doctor), bytes = length, ?stored, "blob stored");
	Ok(match stored {
		Stored::Created => StatusCode::CREATED,
		Stored::AlreadyHeld => StatusCode::OK,
	})
}

/// 409 `not_bound` unless the blob `sha256` was stored by `entry`'s author (a record indexed
/// with a hash someone else uploaded gets none of that blob's reads or envelopes) and is bound
/// to `record` or to none yet: the first indexed record it is used under keeps it (see
/// [`bind`]), so a second record its author indexes with the same hash (for another patient)
/// cannot take it over. Only reads the disk: a refused request binds nothing.
pub(crate) fn check_bound<L: Ledger>(
	vault: &Vault<L>,
	sha256: &Sha256,
	entry: &RecordEntry,
	record: RecordId,
	uploader: &AccountId,
) -> Result<(), Refusal> {
	if &entry.author != uploader {
		return Err(refuse(
			StatusCode::CONFLICT,
			"not_bound",
			format!(
				"record #{record} names a sealed record its author did not store here: it is \
				 another record's, and is not served under this one"
			),
		));
	}
	match vault.store.bound(sha256).map_err(disk_failed)? {
		Some(bound) if bound != record => Err(bound_elsewhere(record, bound)),
		_ => Ok(()),
	}
}

/// Binds the blob `sha256` to `record` for good, once a request using it under `record` is
/// allowed (a read about to be logged, an envelope about to be stored); 409 `not_bound` if a
/// concurrent request bound it to another record first.
async fn bind<L: Ledger>(
	vault: &Vault<L>,
	sha256: Sha256,
	record: RecordId,
) -> Result<(), Refusal> {
	let store = vault.store.clone();
	let bound = on_disk(move || store.bind(&sha256, record).map_err(disk_failed)).await?;
	if bound == record {
		Ok(())
	} else {
		Err(bound_elsewhere(record, bound))
	}
}

fn bound_elsewhere(record: RecordId, bound: RecordId) -> Refusal {
	refuse(
		StatusCode::CONFLICT,
		"not_bound",
		format!(
			"record #{record} names the sealed record of record #{bound}: it is served, and \
			 takes envelopes, under #{bound} only"
		),
	)
}

/// `PUT /v1/blobs/{sha256}/envelopes/{reader}`: a record key wrapped to `reader`, from the
/// doctor who stored the record or its patient.
async fn put_envelope<L: Ledger>(
	State(vault): State<Arc<Vault<L>>>,
	EnvelopeWriter { writer, as_patient, sha256, reader, record, envelope }: EnvelopeWriter,
) -> Result<StatusCode, Refusal> {
	let reader_text = mhr_client::ss58(&reader);
	mhr_envelope::KeyEnvelope::from_bytes(&envelope)
		.map_err(|e| refuse(StatusCode::BAD_REQUEST, "bad_envelope", e.to_string()))?;
	if let Some(record) = record {
		bind(&vault, sha256, record).await?;
	}
	// Only the patient replaces a reader's envelope: the uploader adds new ones.
	let store = vault.store.clone();
	let stored = on_disk(move || {
		store.put_envelope(&sha256, &reader, &envelope, as_patient).map_err(|error| {
			if error.kind() == std::io::ErrorKind::AlreadyExists {
				refuse(
					StatusCode::CONFLICT,
					"envelope_exists",
					"this reader has an envelope already: only the patient (?record=ID) replaces it",
				)
			} else {
				store_failed(error.into())
			}
		})
	})
	.await?;
	tracing::info!(sha256 = %hex::encode(sha256), reader = %reader_text, by = %mhr_client::ss58(&writer), ?stored, "envelope stored");
	Ok(match stored {
		Stored::Created => StatusCode::CREATED,
		Stored::AlreadyHeld => StatusCode::OK,
	})
}

pub(crate) fn not_yours() -> Refusal {
	refuse(
		StatusCode::FORBIDDEN,
		"not_yours",
		"only the doctor who stored the record, while practising here, or the patient of the \
		 indexed record (?record=ID) may add its envelopes",
	)
}

/// The optional `purpose` of a read.
#[derive(Deserialize)]
struct ReadQuery {
	purpose: Option<u8>,
}

/// The purpose code of a read when the reader names none: treatment.
pub const DEFAULT_PURPOSE: u8 = 1;

/// `GET /v1/records/{record}`: the sealed record and the reader's envelope, to a reader the
/// chain allows, once the read is logged on chain (a patient's own reads are not logged).
async fn read_record<L: Ledger>(
	State(vault): State<Arc<Vault<L>>>,
	Query(query): Query<ReadQuery>,
	RecordReader { reader, record, entry, is_patient }: RecordReader,
) -> Result<Json<RecordResponse>, Refusal> {
	// Access checked: only now is the disk touched.
	let sha256 = entry.sha256.0;
	let not_stored = || {
		refuse(
			StatusCode::NOT_FOUND,
			"not_held",
			format!("the sealed record #{record} was never stored here"),
		)
	};
	// Held (the uploader is known only of a blob on disk) and bound, before the read is
	// logged: a read refused here is not logged. (A disk failure reading the blob after the
	// read is logged leaves a logged read unserved.)
	let uploader = vault.store.uploader(&sha256).map_err(disk_failed)?.ok_or_else(not_stored)?;
	check_bound(&vault, &sha256, &entry, record, &uploader)?;
	bind(&vault, sha256, record).await?;
	let logged_in = if is_patient {
		None
	} else {
		let purpose = query.purpose.unwrap_or(DEFAULT_PURPOSE);
		Some(
			vault
				.ledger
				.log_read(&reader, record, purpose)
				.await
				.map_err(|error| log_failed(&reader, record, error))?,
		)
	};
	let (store, who) = (vault.store.clone(), reader.clone());
	let (sealed, envelope) = on_disk(move || {
		let sealed = store.blob(&sha256).map_err(disk_failed)?;
		let envelope = store.envelope(&sha256, &who).map_err(disk_failed)?;
		Ok((sealed, envelope))
	})
	.await?;
	let sealed = sealed.ok_or_else(not_stored)?;
	tracing::info!(record, reader = %mhr_client::ss58(&reader), logged_in = ?logged_in, "record served");
	Ok(Json(RecordResponse {
		record,
		sha256: hex::encode(sha256),
		sealed: to_base64(&sealed),
		envelope: envelope.map(|bytes| to_base64(&bytes)),
		logged_in: logged_in.map(|hash| format!("{hash:?}")),
	}))
}

fn no_access(reader: &AccountId, record: RecordId) -> Refusal {
	refuse(
		StatusCode::FORBIDDEN,
		"no_access",
		format!(
			"{} has no grant or emergency access covering record #{record} now: ask the patient for a grant",
			mhr_client::ss58(reader)
		),
	)
}

/// 403 `no_access` unless the chain, at the finalized head, lets `reader` read `entry` now.
pub(crate) async fn may_read<L: Ledger>(
	vault: &Vault<L>,
	reader: &AccountId,
	record: RecordId,
	entry: &RecordEntry,
	at: Hash,
) -> Result<(), Refusal> {
	let basis = vault
		.ledger
		.can_read(reader, &entry.patient, entry.category, at)
		.await
		.map_err(chain_unavailable)?;
	basis.map(drop).ok_or_else(|| no_access(reader, record))
}

/// A read the chain did not log: refused as `no_access` if the chain, executing the log,
/// found no access (a revocation the finalized head does not show yet), else `audit_failed`.
fn log_failed(reader: &AccountId, record: RecordId, error: ClientError) -> Refusal {
	match error {
		ClientError::Failed(name) if name == "Access.NoAccess" => no_access(reader, record),
		// Not transient: the council suspended the hospital, or cut its vault off (removing a
		// hospital does too).
		ClientError::Failed(name) if name == "Access.VaultHospitalNotActive" => refuse(
			StatusCode::FORBIDDEN,
			"hospital_not_active",
			"this vault's hospital is suspended: it serves no reads until the council reinstates \
			 it",
		),
		ClientError::Failed(name) if name == "Access.NotVault" => refuse(
			StatusCode::FORBIDDEN,
			"not_a_vault",
			"this vault's account is not its hospital's vault on chain (the council cleared it, \
			 or the hospital was removed): it serves no reads until an active hospital's admin \
			 names it (mhr hospital set-vault)",
		),
		error => Refusal {
			cause: Some(error.to_string()),
			..refuse(
				StatusCode::SERVICE_UNAVAILABLE,
				"audit_failed",
				format!("the read could not be logged on chain, so it is not served: {error}"),
			)
		},
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

	#[test]
	fn a_full_disk_is_507_insufficient_storage_and_other_failures_500() {
		use std::io::{Error, ErrorKind};
		let full = store_failed(StoreError::from(Error::from(ErrorKind::StorageFull)));
		assert_eq!(
			(full.status, full.code),
			(StatusCode::INSUFFICIENT_STORAGE, "insufficient_storage")
		);
		let broken = store_failed(StoreError::from(Error::from(ErrorKind::PermissionDenied)));
		assert_eq!((broken.status, broken.code), (StatusCode::INTERNAL_SERVER_ERROR, "disk"));
		assert!(broken.cause.is_some() && !broken.message.contains("permission"));
	}
}
