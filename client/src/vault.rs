//! The record vault's HTTP protocol, shared by the vault (`mhr-vault`) and its clients.
//!
//! Every request but `POST /v1/challenges` and `GET /v1/health` is signed. The client asks
//! for a challenge (32 bytes, valid for [`CHALLENGE_LIFETIME_SECS`] and once only), signs
//! [`challenge_message`] (the vault's hospital, the challenge, the method, the path with its
//! query and the SHA-256 of the body) with its account's sr25519 key, and sends
//! `Authorization: MHR account=<ss58>, challenge=<hex>, signature=<hex>`. A signature is thus
//! good for one request (body included) to one vault, once, for a minute. A vault serves at
//! the root of its URL: a proxy must not add a path prefix, or signatures do not match.
//!
//! | request | who | what |
//! |---|---|---|
//! | `PUT /v1/blobs/{sha256}` | a doctor practising at the vault's hospital | stores a sealed record under its SHA-256 |
//! | `PUT /v1/blobs/{sha256}/envelopes/{account}[?record=ID]` | the blob's uploader; or, for indexed record `ID`, its patient | stores the record key wrapped to `account` |
//! | `GET /v1/records/{id}[?purpose=N]` | the patient, or a reader the chain allows now | the sealed record and the caller's envelope; a reader's read is logged on chain first |

use base64::Engine;
use mhr_primitives::{HospitalId, RecordId};
use serde::{Deserialize, Serialize};
use sp_core::{sr25519, Pair};

use crate::{AccountId, Error, Result};

/// How long a challenge stays valid, in seconds.
pub const CHALLENGE_LIFETIME_SECS: u64 = 60;

/// How long a client waits for a vault's answer.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// The name of the authorization scheme.
pub const AUTH_SCHEME: &str = "MHR";

/// What a client signs to authorize one request to the vault of `hospital`:
/// `"mhr-vault/v1\n" || hospital (u32 LE) || challenge || method || " " || path-and-query ||
/// "\n" || SHA-256(body)`.
pub fn challenge_message(
	hospital: HospitalId,
	challenge: &[u8; 32],
	method: &str,
	path_and_query: &str,
	body: &[u8],
) -> Vec<u8> {
	signed_message(hospital, challenge, method, path_and_query, &mhr_envelope::sha256(body))
}

/// [`challenge_message`] for a body known by its SHA-256 (a vault hashes a body as it
/// arrives, and keeps no second copy to hash again).
pub fn signed_message(
	hospital: HospitalId,
	challenge: &[u8; 32],
	method: &str,
	path_and_query: &str,
	body_sha256: &[u8; 32],
) -> Vec<u8> {
	let mut message = b"mhr-vault/v1\n".to_vec();
	message.extend(hospital.to_le_bytes());
	message.extend(challenge);
	message.extend(method.as_bytes());
	message.push(b' ');
	message.extend(path_and_query.as_bytes());
	message.push(b'\n');
	message.extend(body_sha256);
	message
}

/// The value of the `Authorization` header for a request signed by `signer`.
pub fn authorization(
	signer: &sr25519::Pair,
	hospital: HospitalId,
	challenge: &[u8; 32],
	method: &str,
	path_and_query: &str,
	body: &[u8],
) -> String {
	let message = challenge_message(hospital, challenge, method, path_and_query, body);
	let signature = signer.sign(&message);
	format!(
		"{AUTH_SCHEME} account={}, challenge={}, signature={}",
		crate::ss58(&signer.public().into()),
		hex::encode(challenge),
		hex::encode(signature)
	)
}

/// The longest `Authorization` header value a vault reads, in bytes: the scheme, a
/// [`MAX_ACCOUNT_LEN`] account, a 64-digit challenge and a 128-digit signature, with room
/// for spaces.
pub const MAX_AUTHORIZATION_LEN: usize = 320;

/// The longest account a vault reads, in characters: SS58 of 32 bytes takes at most 50,
/// `0x`-hex 66. Bounded because SS58 (base58) decoding takes time quadratic in the length.
pub const MAX_ACCOUNT_LEN: usize = 66;

/// Why an `Authorization` header is not read; each says what is wrong with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MalformedAuthorization {
	/// Longer than [`MAX_AUTHORIZATION_LEN`].
	#[error("the Authorization header is longer than {MAX_AUTHORIZATION_LEN} bytes")]
	TooLong,
	/// Not the `MHR` scheme, or not `name=value` fields.
	#[error("the Authorization header is not `MHR account=.., challenge=.., signature=..`")]
	NotMhr,
	/// A field other than `account`, `challenge` and `signature`, or one of them twice.
	#[error("the Authorization header has an unknown or repeated field")]
	UnknownField,
	/// The account is missing, longer than [`MAX_ACCOUNT_LEN`] or not an account.
	#[error("the Authorization account is missing, longer than {MAX_ACCOUNT_LEN} characters or not SS58/0x-hex")]
	BadAccount,
	/// The challenge is missing or not 64 hex digits.
	#[error("the Authorization challenge is missing or not 64 hex digits")]
	BadChallenge,
	/// The signature is missing or not 128 hex digits.
	#[error("the Authorization signature is missing or not 128 hex digits")]
	BadSignature,
}

/// Reads an account given as text by a stranger (a header field, a path segment): SS58 or
/// `0x`-hex, refused unread beyond [`MAX_ACCOUNT_LEN`] characters.
pub fn parse_account_bounded(text: &str) -> Option<AccountId> {
	if text.len() > MAX_ACCOUNT_LEN {
		return None;
	}
	crate::parse_account(text).ok()
}

/// Exactly `N` bytes from `2 * N` hex digits; the length is checked before decoding.
fn hex_exact<const N: usize>(text: &str) -> Option<[u8; N]> {
	if text.len() != 2 * N {
		return None;
	}
	hex::decode(text).ok()?.try_into().ok()
}

/// An `Authorization` header, read.
#[derive(Debug, PartialEq, Eq)]
pub struct Authorization {
	/// Who claims to sign.
	pub account: AccountId,
	/// The challenge signed.
	pub challenge: [u8; 32],
	/// The signature.
	pub signature: sr25519::Signature,
}

impl Authorization {
	/// Reads an `Authorization` header value. Every field is bounded before it is decoded,
	/// so a stranger's header costs at most [`MAX_AUTHORIZATION_LEN`] bytes of work.
	pub fn parse(header: &str) -> Result<Self, MalformedAuthorization> {
		use MalformedAuthorization::*;
		if header.len() > MAX_AUTHORIZATION_LEN {
			return Err(TooLong);
		}
		let fields = header.strip_prefix(AUTH_SCHEME).ok_or(NotMhr)?.trim();
		let (mut account, mut challenge, mut signature) = (None, None, None);
		for field in fields.split(',') {
			let (name, value) = field.trim().split_once('=').ok_or(NotMhr)?;
			let (slot, text) = match name {
				"account" => (&mut account, value),
				"challenge" => (&mut challenge, value),
				"signature" => (&mut signature, value),
				_ => return Err(UnknownField),
			};
			if slot.replace(text).is_some() {
				return Err(UnknownField);
			}
		}
		Ok(Self {
			account: account.and_then(parse_account_bounded).ok_or(BadAccount)?,
			challenge: challenge.and_then(hex_exact::<32>).ok_or(BadChallenge)?,
			signature: signature
				.and_then(hex_exact::<64>)
				.map(sr25519::Signature::from_raw)
				.ok_or(BadSignature)?,
		})
	}

	/// Whether the signature is the account's over this request to `hospital`'s vault, whose
	/// body has the SHA-256 `body_sha256`.
	pub fn verifies(
		&self,
		hospital: HospitalId,
		method: &str,
		path_and_query: &str,
		body_sha256: &[u8; 32],
	) -> bool {
		let message =
			signed_message(hospital, &self.challenge, method, path_and_query, body_sha256);
		let public = sr25519::Public::from_raw(self.account.clone().into());
		sr25519::Pair::verify(&self.signature, message, &public)
	}
}

/// A fresh challenge.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Challenge {
	/// 32 bytes, hex: the vault's single-use token (its expiry, random bytes and a MAC).
	pub challenge: String,
	/// The hospital whose vault issued it (part of the signed message).
	pub hospital: HospitalId,
	/// Until when it may be used (Unix seconds).
	pub expires_at: u64,
}

/// The answer to `GET /v1/records/{id}`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordResponse {
	/// The record's id.
	pub record: RecordId,
	/// The SHA-256 of the sealed record the vault holds, hex.
	pub sha256: String,
	/// The sealed record, base64.
	pub sealed: String,
	/// The record key wrapped to the caller, base64, if the vault holds one for them.
	pub envelope: Option<String>,
	/// The block the read was logged in (hex hash); `None` for the patient's own reads.
	pub logged_in: Option<String>,
}

/// A vault's error answer.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ErrorResponse {
	/// A short machine-readable code, e.g. `no_access`.
	pub error: String,
	/// What went wrong and what to do.
	pub message: String,
}

/// A vault's health answer.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Health {
	/// The hospital it serves.
	pub hospital: HospitalId,
	/// The account it logs reads with.
	pub vault_account: String,
	/// How many sealed records it holds.
	pub blobs: u64,
}

/// Base64 (standard, padded), as the vault's JSON carries bytes.
pub fn to_base64(bytes: &[u8]) -> String {
	base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Bytes from [`to_base64`] text.
pub fn from_base64(text: &str) -> Option<Vec<u8>> {
	base64::engine::general_purpose::STANDARD.decode(text).ok()
}

/// A client of one vault, signing with one account.
pub struct VaultClient {
	http: reqwest::Client,
	url: String,
}

impl VaultClient {
	/// A client of the vault at `url` (e.g. `http://127.0.0.1:8801`): requests time out after
	/// [`REQUEST_TIMEOUT`] (a read waits for its audit entry to be in a block).
	pub fn new(url: &str) -> Self {
		let http = reqwest::Client::builder()
			.timeout(REQUEST_TIMEOUT)
			.build()
			.unwrap_or_else(|_| reqwest::Client::new());
		Self { http, url: url.trim_end_matches('/').to_string() }
	}

	/// The vault's base URL.
	pub fn url(&self) -> &str {
		&self.url
	}

	fn unreachable(&self, error: reqwest::Error) -> Error {
		Error::Vault {
			url: self.url.clone(),
			status: None,
			message: format!("cannot reach it ({error}): is the vault running at this URL?"),
		}
	}

	async fn refused(&self, response: reqwest::Response) -> Error {
		let status = response.status();
		let message = match response.json::<ErrorResponse>().await {
			Ok(body) => format!("{} ({})", body.message, body.error),
			Err(_) => status.to_string(),
		};
		Error::Vault { url: self.url.clone(), status: Some(status.as_u16()), message }
	}

	/// `response` if it is a success, else the vault's refusal as an error.
	async fn checked(&self, response: reqwest::Response) -> Result<reqwest::Response> {
		if response.status().is_success() {
			Ok(response)
		} else {
			Err(self.refused(response).await)
		}
	}

	/// The vault's health.
	pub async fn health(&self) -> Result<Health> {
		let response = self
			.http
			.get(format!("{}/v1/health", self.url))
			.send()
			.await
			.map_err(|e| self.unreachable(e))?;
		self.checked(response).await?.json().await.map_err(|e| self.unreachable(e))
	}

	/// A signed request: fetches a challenge, then sends `method` to `path_and_query`.
	async fn signed(
		&self,
		signer: &sr25519::Pair,
		method: reqwest::Method,
		path_and_query: &str,
		body: Option<Vec<u8>>,
	) -> Result<reqwest::Response> {
		let response = self
			.http
			.post(format!("{}/v1/challenges", self.url))
			.send()
			.await
			.map_err(|e| self.unreachable(e))?;
		let challenge: Challenge =
			self.checked(response).await?.json().await.map_err(|e| self.unreachable(e))?;
		let bytes: [u8; 32] = hex::decode(&challenge.challenge)
			.ok()
			.and_then(|b| b.try_into().ok())
			.ok_or_else(|| Error::Vault {
				url: self.url.clone(),
				status: None,
				message: "sent a malformed challenge".into(),
			})?;
		let body = body.unwrap_or_default();
		let header = authorization(
			signer,
			challenge.hospital,
			&bytes,
			method.as_str(),
			path_and_query,
			&body,
		);
		let mut request = self
			.http
			.request(method, format!("{}{path_and_query}", self.url))
			.header(reqwest::header::AUTHORIZATION, header);
		if !body.is_empty() {
			request = request.body(body);
		}
		let response = request.send().await.map_err(|e| self.unreachable(e))?;
		self.checked(response).await
	}

	/// Stores a sealed record under its SHA-256 (`sha256`, hex).
	pub async fn put_blob(
		&self,
		signer: &sr25519::Pair,
		sha256: &str,
		sealed: Vec<u8>,
	) -> Result<()> {
		let path = format!("/v1/blobs/{sha256}");
		self.signed(signer, reqwest::Method::PUT, &path, Some(sealed)).await.map(drop)
	}

	/// Stores an envelope of the record `sha256` for `reader`; as the patient of an indexed
	/// record, name it in `record`.
	pub async fn put_envelope(
		&self,
		signer: &sr25519::Pair,
		sha256: &str,
		reader: &AccountId,
		record: Option<RecordId>,
		envelope: Vec<u8>,
	) -> Result<()> {
		let mut path = format!("/v1/blobs/{sha256}/envelopes/{}", crate::ss58(reader));
		if let Some(record) = record {
			path.push_str(&format!("?record={record}"));
		}
		self.signed(signer, reqwest::Method::PUT, &path, Some(envelope)).await.map(drop)
	}

	/// Reads record `record` for `purpose` (logged on chain by the vault before it answers).
	pub async fn read_record(
		&self,
		signer: &sr25519::Pair,
		record: RecordId,
		purpose: u8,
	) -> Result<RecordResponse> {
		let path = format!("/v1/records/{record}?purpose={purpose}");
		let response = self.signed(signer, reqwest::Method::GET, &path, None).await?;
		response.json().await.map_err(|e| self.unreachable(e))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_signed_request_verifies_only_for_its_vault_method_and_path() {
		let signer = sr25519::Pair::from_string("//Alice", None).expect("a dev key");
		let challenge = [9u8; 32];
		let path = "/v1/records/3?purpose=1";
		let header = authorization(&signer, 1, &challenge, "PUT", path, b"body");
		let auth = Authorization::parse(&header).expect("well formed");
		assert_eq!(auth.account, AccountId::from(signer.public()));
		let body = mhr_envelope::sha256(b"body");
		assert!(auth.verifies(1, "PUT", path, &body));
		assert!(!auth.verifies(2, "PUT", path, &body));
		assert!(!auth.verifies(1, "GET", path, &body));
		assert!(!auth.verifies(1, "PUT", "/v1/records/4?purpose=1", &body));
		assert!(!auth.verifies(1, "PUT", path, &mhr_envelope::sha256(b"another body")));
	}

	#[test]
	fn malformed_headers_are_not_read() {
		use MalformedAuthorization::*;
		assert_eq!(Authorization::parse("Bearer abc"), Err(NotMhr));
		assert_eq!(
			Authorization::parse("MHR account=x, challenge=00, signature=00"),
			Err(BadAccount)
		);
		let signer = sr25519::Pair::from_string("//Bob", None).expect("a dev key");
		let header = authorization(&signer, 1, &[1; 32], "GET", "/", b"");
		assert_eq!(Authorization::parse(&format!("{header}, extra=1")), Err(UnknownField));
		// A repeated field is refused as such, whatever its value.
		let twice = format!("{header}, account=x");
		assert_eq!(Authorization::parse(&twice), Err(UnknownField));
		let short = header.replacen("challenge=01", "challenge=1", 1);
		assert_eq!(Authorization::parse(&short), Err(BadChallenge));
	}

	#[test]
	fn oversized_fields_are_refused_before_they_are_decoded() {
		use MalformedAuthorization::*;
		// Base58-decoding this account would take seconds: it must be refused unread.
		let huge = format!("MHR account={}, challenge=00, signature=00", "1".repeat(256_000));
		let started = std::time::Instant::now();
		assert_eq!(Authorization::parse(&huge), Err(TooLong));
		let long_account = format!(
			"MHR account={}, challenge={}, signature={}",
			"1".repeat(MAX_ACCOUNT_LEN + 1),
			"00".repeat(32),
			"00".repeat(64)
		);
		assert!(long_account.len() <= MAX_AUTHORIZATION_LEN);
		assert_eq!(Authorization::parse(&long_account), Err(BadAccount));
		assert!(started.elapsed() < std::time::Duration::from_millis(50));
		assert_eq!(parse_account_bounded(&"1".repeat(100_000)), None);
		let signer = sr25519::Pair::from_string("//Bob", None).expect("a dev key");
		let header = authorization(&signer, 1, &[1; 32], "GET", "/", b"");
		assert!(header.len() <= MAX_AUTHORIZATION_LEN);
		let longest = format!("0x{}", "ab".repeat(32));
		assert_eq!(longest.len(), MAX_ACCOUNT_LEN);
		assert!(parse_account_bounded(&longest).is_some());
	}

	#[test]
	fn base64_round_trips() {
		assert_eq!(from_base64(&to_base64(b"sealed")), Some(b"sealed".to_vec()));
		assert_eq!(from_base64("***"), None);
	}
}
