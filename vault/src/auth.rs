//! Who may do what at the vault, as axum extractors: each handler names in its signature the
//! caller it serves ([`DoctorHere`] storing a blob, [`EnvelopeWriter`] adding a key envelope,
//! [`RecordReader`] reading a record), and a request that is not one is refused before the
//! handler runs.
//!
//! Every one starts from a [`Claim`] (the `Authorization` header, bounded and parsed, with a
//! challenge this vault issued, unexpired and unused), then checks the signature over the
//! request and its body's SHA-256 (for a blob, the address it must hash to, before a byte of
//! the body is read), then asks the chain at the finalized head what the caller is.

use axum::{
	body::Body,
	extract::{FromRequest, FromRequestParts, Path, Query, Request},
	http::{header, request::Parts, Method, StatusCode},
	response::{IntoResponse, Response},
};
use mhr_client::{
	vault::{parse_account_bounded, Authorization},
	AccountId,
};
use mhr_envelope::ENVELOPE_LEN;
use mhr_primitives::RecordId;
use mhr_runtime::RecordEntry;
use serde::Deserialize;
use std::sync::Arc;

use crate::{
	ledger::Ledger,
	server::{
		check_bound, may_read, not_yours, parse_sha256, read_body, refuse, unix_now,
		ChallengeError, Refusal, Vault,
	},
	store::Sha256,
};

/// A rejection as the client gets it: a [`Refusal`], or axum's own for a path or query that
/// does not parse.
type Rejection = Response;

fn unauthorized(message: impl Into<String>) -> Refusal {
	refuse(StatusCode::UNAUTHORIZED, "unauthorized", message)
}

/// A signed request's claim, read from its headers alone: who says they sign it, with a
/// challenge this vault issued, unexpired and unused. The signature is checked, and the
/// challenge used up, by [`Claim::authenticate`] once the body's SHA-256 is known (for a
/// blob, from its address, before the body is read).
pub struct Claim {
	auth: Authorization,
	method: Method,
	path_and_query: String,
}

impl<L: Ledger> FromRequestParts<Arc<Vault<L>>> for Claim {
	type Rejection = Refusal;

	async fn from_request_parts(
		parts: &mut Parts,
		vault: &Arc<Vault<L>>,
	) -> Result<Self, Self::Rejection> {
		let value = parts.headers.get(header::AUTHORIZATION).ok_or_else(|| {
			unauthorized("no Authorization header: sign the request (see the protocol)")
		})?;
		let text = value
			.to_str()
			.map_err(|_| unauthorized("the Authorization header is not ASCII text"))?;
		let auth = Authorization::parse(text).map_err(|error| unauthorized(error.to_string()))?;
		// Cheap (a MAC) and read-only: the challenge is used up only once the signature is
		// found good (see `Claim::authenticate`), so junk signatures cannot use up the room
		// for used challenges.
		vault
			.challenges
			.lock()
			.await
			.check(&auth.challenge, unix_now())
			.map_err(challenge_refused)?;
		let path_and_query = parts
			.uri
			.path_and_query()
			.map(|p| p.as_str().to_string())
			.unwrap_or_else(|| parts.uri.path().to_string());
		Ok(Self { auth, method: parts.method.clone(), path_and_query })
	}
}

impl Claim {
	/// The signer, if the signature is the claimed account's over this request with a body
	/// of SHA-256 `body_sha256`, to this vault; its challenge is then used up.
	async fn authenticate<L: Ledger>(
		self,
		vault: &Vault<L>,
		body_sha256: &Sha256,
	) -> Result<AccountId, Refusal> {
		let method = self.method.as_str();
		if !self.auth.verifies(vault.hospital, method, &self.path_and_query, body_sha256) {
			return Err(unauthorized(
				"the signature does not match the account and this request (for a blob, a body \
				 whose SHA-256 is its address)",
			));
		}
		vault
			.challenges
			.lock()
			.await
			.mark_used(self.auth.challenge, unix_now())
			.map_err(challenge_refused)?;
		Ok(self.auth.account)
	}
}

fn challenge_refused(error: ChallengeError) -> Refusal {
	match error {
		ChallengeError::Unknown => {
			unauthorized("not a challenge of this vault: ask for one (POST /v1/challenges)")
		}
		ChallengeError::Expired => unauthorized("the challenge expired: ask for a new one"),
		ChallengeError::Used => unauthorized("the challenge was used already: ask for a new one"),
		ChallengeError::Busy => {
			refuse(StatusCode::TOO_MANY_REQUESTS, "busy", "too many requests: retry shortly")
		}
	}
}

/// A signed request without a body, its signature checked: the signer.
pub struct Signed(pub AccountId);

impl<L: Ledger> FromRequestParts<Arc<Vault<L>>> for Signed {
	type Rejection = Rejection;

	async fn from_request_parts(
		parts: &mut Parts,
		vault: &Arc<Vault<L>>,
	) -> Result<Self, Self::Rejection> {
		let claim = Claim::from_request_parts(parts, vault).await.map_err(into_response)?;
		let signer =
			claim.authenticate(vault, &mhr_envelope::sha256(&[])).await.map_err(into_response)?;
		Ok(Self(signer))
	}
}

/// A doctor practising at this vault's hospital (registered, neither suspended nor released,
/// the hospital active), storing the blob its path names: signed over the blob's address,
/// checked before a byte of the body is read. 403 `not_a_doctor_here` for anyone else.
pub struct DoctorHere {
	/// The doctor.
	pub doctor: AccountId,
	/// The address: the SHA-256 the body must have.
	pub sha256: Sha256,
}

impl<L: Ledger> FromRequestParts<Arc<Vault<L>>> for DoctorHere {
	type Rejection = Rejection;

	async fn from_request_parts(
		parts: &mut Parts,
		vault: &Arc<Vault<L>>,
	) -> Result<Self, Self::Rejection> {
		let Path(address) =
			Path::<String>::from_request_parts(parts, vault).await.map_err(into_response)?;
		let claim = Claim::from_request_parts(parts, vault).await.map_err(into_response)?;
		async {
			let sha256 = parse_sha256(&address)?;
			// The body must hash to the address: the signature is checked over it before a
			// byte of the body is read, and a body of another hash is refused as it ends.
			let doctor = claim.authenticate(vault, &sha256).await?;
			let at = vault.finalized().await?;
			if !vault.practises_here(&doctor, at).await? {
				return Err(refuse(
					StatusCode::FORBIDDEN,
					"not_a_doctor_here",
					format!(
						"{} is not a doctor practising at hospital {} (registered, not \
						 suspended, the hospital active): only its doctors store records here",
						mhr_client::ss58(&doctor),
						vault.hospital
					),
				));
			}
			Ok(Self { doctor, sha256 })
		}
		.await
		.map_err(into_response)
	}
}

/// The optional `record` of an envelope upload.
#[derive(Deserialize)]
struct EnvelopeQuery {
	record: Option<RecordId>,
}

/// Who may add a key envelope to a blob held here: the patient of the indexed record the
/// query names (`?record=ID`, a record of this hospital with the blob's hash, bound to it or
/// to none yet), or the doctor who stored the blob while they practise here. The body (at
/// most an envelope's length) is read first: the signature covers its SHA-256. 403
/// `not_yours` for anyone else.
pub struct EnvelopeWriter {
	/// Who sent it.
	pub writer: AccountId,
	/// Whether as the record's patient (who may replace a reader's envelope); else as the
	/// blob's uploader (who only adds new ones).
	pub as_patient: bool,
	/// The blob.
	pub sha256: Sha256,
	/// Whom the envelope is for.
	pub reader: AccountId,
	/// The indexed record the patient names.
	pub record: Option<RecordId>,
	/// The envelope's bytes (not yet checked to be one).
	pub envelope: Vec<u8>,
}

impl<L: Ledger> FromRequest<Arc<Vault<L>>> for EnvelopeWriter {
	type Rejection = Rejection;

	async fn from_request(request: Request, vault: &Arc<Vault<L>>) -> Result<Self, Rejection> {
		let (mut parts, body) = request.into_parts();
		let Path((address, reader)) =
			Path::<(String, String)>::from_request_parts(&mut parts, vault)
				.await
				.map_err(into_response)?;
		let Query(query) = Query::<EnvelopeQuery>::from_request_parts(&mut parts, vault)
			.await
			.map_err(into_response)?;
		let claim = Claim::from_request_parts(&mut parts, vault).await.map_err(into_response)?;
		Self::check(vault, claim, &address, &reader, query.record, body)
			.await
			.map_err(into_response)
	}
}

impl EnvelopeWriter {
	async fn check<L: Ledger>(
		vault: &Vault<L>,
		claim: Claim,
		address: &str,
		reader: &str,
		record: Option<RecordId>,
		body: Body,
	) -> Result<Self, Refusal> {
		let sha256 = parse_sha256(address)?;
		let reader = parse_account_bounded(reader).ok_or_else(|| {
			refuse(
				StatusCode::BAD_REQUEST,
				"bad_account",
				"the reader is not an SS58 or 0x-hex account",
			)
		})?;
		// At most an envelope's length, read before anything is asked of the disk or the
		// chain.
		let (envelope, digest) = read_body(body, ENVELOPE_LEN, vault.limits.body_timeout).await?;
		let writer = claim.authenticate(vault, &digest).await?;
		let uploader = vault.uploader(&sha256)?;
		let at = vault.finalized().await?;
		let as_patient = match record {
			Some(record) => {
				let entry = vault.record_at(record, at).await?;
				if entry.sha256.0 != sha256 || entry.hospital != vault.hospital {
					return Err(not_yours());
				}
				check_bound(vault, &sha256, &entry, record, &uploader)?;
				entry.patient == writer
			}
			None => false,
		};
		let as_uploader =
			!as_patient && writer == uploader && vault.practises_here(&writer, at).await?;
		if !as_patient && !as_uploader {
			return Err(not_yours());
		}
		Ok(Self { writer, as_patient, sha256, reader, record, envelope })
	}
}

/// A reader of the record its path names, at the finalized head: the record's patient, or
/// anyone the chain lets read it now (a live grant or emergency access). 404 `unknown_record`
/// for a record not (yet) in the finalized index, 404 `not_held` for another hospital's, 403
/// `no_access` for anyone else.
pub struct RecordReader {
	/// Who reads.
	pub reader: AccountId,
	/// The record.
	pub record: RecordId,
	/// Its index entry.
	pub entry: RecordEntry,
	/// Whether the reader is its patient (whose reads are not logged).
	pub is_patient: bool,
}

impl<L: Ledger> FromRequestParts<Arc<Vault<L>>> for RecordReader {
	type Rejection = Rejection;

	async fn from_request_parts(
		parts: &mut Parts,
		vault: &Arc<Vault<L>>,
	) -> Result<Self, Self::Rejection> {
		let Path(record) =
			Path::<RecordId>::from_request_parts(parts, vault).await.map_err(into_response)?;
		let Signed(reader) = Signed::from_request_parts(parts, vault).await?;
		async {
			let at = vault.finalized().await?;
			let entry = vault.record_at(record, at).await?;
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
			let is_patient = reader == entry.patient;
			if !is_patient {
				may_read(vault, &reader, record, &entry, at).await?;
			}
			Ok(Self { reader, record, entry, is_patient })
		}
		.await
		.map_err(into_response)
	}
}

fn into_response(rejection: impl IntoResponse) -> Response {
	rejection.into_response()
}
