//! End-to-end encryption of MHR records.
//!
//! The chain indexes a record by the SHA-256 of what the hospital's vault stores; neither the
//! chain nor the vault ever sees the record in clear or the key that opens it. This crate is
//! the client side of that promise:
//!
//! - [`SealedRecord::seal`] encrypts a record with a fresh 256-bit [`RecordKey`]
//!   (XChaCha20-Poly1305, a random 192-bit nonce). The sealed bytes are
//!   `"MHR1" || nonce || commitment || ciphertext || tag`; their SHA-256
//!   ([`SealedRecord::sha256`]) is what the record's index entry holds and what the vault files
//!   them under. The commitment is a SHA-256 of the key: Poly1305 alone does not commit to its
//!   key, so without it an author could craft one sealed record that opens to two different
//!   texts under two keys, and hand each reader another key for the same indexed hash. With
//!   it, one sealed record opens under one key only, so one hash means one text.
//! - [`KeyEnvelope::wrap`] wraps the record key to a reader's X25519 [`PublicEncryptionKey`]
//!   with HPKE (RFC 9180, base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
//!   ChaCha20-Poly1305). The envelope is bound to the sealed record: its SHA-256 is the HPKE
//!   associated data, so an envelope cannot be passed off as another record's.
//! - Granting access is re-wrapping ([`KeyEnvelope::rewrap`]): the patient opens their own
//!   envelope and wraps the key to the grantee; the vault only ever stores envelopes.
//!
//! The primitives are RustCrypto's `chacha20poly1305` and the `hpke` crate; nothing here
//! implements a cipher. Every failure is an [`Error`] naming what did not hold.

use chacha20poly1305::{
	aead::{Aead, AeadCore, KeyInit, OsRng, Payload},
	XChaCha20Poly1305, XNonce,
};
use hpke::{
	aead::ChaCha20Poly1305, kdf::HkdfSha256, kem::X25519HkdfSha256, Deserializable, Kem, OpModeR,
	OpModeS, Serializable,
};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The first bytes of a sealed record (and the associated data of its encryption).
pub const RECORD_MAGIC: [u8; 4] = *b"MHR1";
/// The length of a sealed record's nonce.
pub const NONCE_LEN: usize = 24;
/// What sealing adds to a record's length: magic, nonce, key commitment and the
/// authentication tag.
pub const RECORD_OVERHEAD: usize = HEADER_LEN + TAG_LEN;
/// The version byte that starts an encoded [`KeyEnvelope`].
pub const ENVELOPE_VERSION: u8 = 1;
/// The length of an encoded [`KeyEnvelope`].
pub const ENVELOPE_LEN: usize = 1 + KEY_LEN + KEY_LEN + KEY_LEN + TAG_LEN;

const KEY_LEN: usize = 32;
const TAG_LEN: usize = 16;
/// Magic, nonce and key commitment.
const HEADER_LEN: usize = RECORD_MAGIC.len() + NONCE_LEN + KEY_LEN;
/// The domain of the key commitment's hash.
const COMMITMENT_DOMAIN: &[u8] = b"MHR Chain record key commitment v1";
/// HPKE's `info`: what the derived keys are for.
const HPKE_INFO: &[u8] = b"MHR Chain record key v1";

/// The HPKE suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305.
type WrapAead = ChaCha20Poly1305;
type WrapKdf = HkdfSha256;
type WrapKem = X25519HkdfSha256;

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
	/// The bytes are too short or do not start with [`RECORD_MAGIC`]: not a sealed record.
	NotASealedRecord,
	/// The sealed record does not decrypt with this key: the wrong key (it does not match the
	/// record's key commitment), or the bytes were altered.
	RecordDoesNotOpen,
	/// An encoded envelope or key has the wrong length.
	WrongLength {
		/// The length expected.
		expected: usize,
		/// The length given.
		got: usize,
	},
	/// An encoded envelope starts with a version this crate does not know.
	UnsupportedEnvelopeVersion(u8),
	/// The envelope is addressed to another encryption key than the one trying to open it.
	EnvelopeNotForThisKey,
	/// The envelope does not open: it belongs to another record, or it was altered.
	EnvelopeDoesNotOpen,
	/// The recipient key is one no secret key has (a low-order point, such as all zeros):
	/// HPKE refuses to wrap to it.
	UnusableRecipientKey,
}

impl core::fmt::Display for Error {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::NotASealedRecord => {
				write!(f, "not a sealed MHR record (too short or no MHR1 header)")
			}
			Self::RecordDoesNotOpen => {
				write!(f, "the record does not decrypt with this key: wrong key or altered bytes")
			}
			Self::WrongLength { expected, got } => {
				write!(f, "wrong length: expected {expected} bytes, got {got}")
			}
			Self::UnsupportedEnvelopeVersion(version) => {
				write!(f, "unsupported key envelope version {version} (this build knows 1)")
			}
			Self::EnvelopeNotForThisKey => {
				write!(f, "the key envelope is addressed to another encryption key")
			}
			Self::EnvelopeDoesNotOpen => {
				write!(f, "the key envelope does not open: it is another record's, or altered")
			}
			Self::UnusableRecipientKey => {
				write!(f, "that encryption key belongs to no one (a low-order X25519 point)")
			}
		}
	}
}

impl std::error::Error for Error {}

/// The SHA-256 of `bytes`: what the chain's index entries and the vault's addresses use.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
	Sha256::digest(bytes).into()
}

fn fixed<const N: usize>(bytes: &[u8]) -> Result<[u8; N], Error> {
	bytes.try_into().map_err(|_| Error::WrongLength { expected: N, got: bytes.len() })
}

/// The symmetric key of one record. Wiped from memory when dropped; compared only in
/// constant time (its commitment), never with `==`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct RecordKey([u8; KEY_LEN]);

impl RecordKey {
	/// The SHA-256 commitment to this key that a sealed record carries.
	fn commitment(&self) -> [u8; 32] {
		let mut hasher = Sha256::new();
		hasher.update(COMMITMENT_DOMAIN);
		hasher.update(self.0);
		hasher.finalize().into()
	}
}

impl core::fmt::Debug for RecordKey {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str("RecordKey(..)")
	}
}

/// A record encrypted under its [`RecordKey`]: what the vault stores and serves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedRecord(Vec<u8>);

impl SealedRecord {
	/// Encrypts `plaintext` under a fresh random key; returns the sealed record and the key
	/// (to be wrapped to its readers, never stored in clear).
	pub fn seal(plaintext: &[u8]) -> (Self, RecordKey) {
		let mut record_key = RecordKey([0u8; KEY_LEN]);
		rand_core::RngCore::fill_bytes(&mut OsRng, &mut record_key.0);
		let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
		let mut sealed = Vec::with_capacity(RECORD_OVERHEAD + plaintext.len());
		sealed.extend_from_slice(&RECORD_MAGIC);
		sealed.extend_from_slice(&nonce);
		sealed.extend_from_slice(&record_key.commitment());
		// The header (magic, nonce, commitment) is the associated data.
		let ciphertext = XChaCha20Poly1305::new((&record_key.0).into())
			.encrypt(&nonce, Payload { msg: plaintext, aad: &sealed })
			.expect("XChaCha20-Poly1305 encrypts any message shorter than 256 GiB; qed");
		sealed.extend_from_slice(&ciphertext);
		(Self(sealed), record_key)
	}

	/// Takes bytes fetched from a vault; refuses what cannot be a sealed record.
	pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, Error> {
		if bytes.len() < RECORD_OVERHEAD || bytes[..RECORD_MAGIC.len()] != RECORD_MAGIC {
			return Err(Error::NotASealedRecord);
		}
		Ok(Self(bytes))
	}

	/// The sealed bytes.
	pub fn as_bytes(&self) -> &[u8] {
		&self.0
	}

	/// The SHA-256 of the sealed bytes: the record's index entry holds it.
	pub fn sha256(&self) -> [u8; 32] {
		sha256(&self.0)
	}

	/// Decrypts the record with `key`, once `key` matches the record's key commitment. The
	/// plaintext is wiped from memory when dropped.
	pub fn open(&self, key: &RecordKey) -> Result<Zeroizing<Vec<u8>>, Error> {
		let (header, ciphertext) = self.0.split_at(HEADER_LEN);
		let nonce = &header[RECORD_MAGIC.len()..RECORD_MAGIC.len() + NONCE_LEN];
		let commitment = &header[RECORD_MAGIC.len() + NONCE_LEN..];
		if !bool::from(commitment.ct_eq(&key.commitment())) {
			return Err(Error::RecordDoesNotOpen);
		}
		XChaCha20Poly1305::new((&key.0).into())
			.decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: header })
			.map(Zeroizing::new)
			.map_err(|_| Error::RecordDoesNotOpen)
	}
}

/// An X25519 public encryption key: what a patient or a doctor publishes so that record keys
/// can be wrapped to them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PublicEncryptionKey([u8; KEY_LEN]);

impl PublicEncryptionKey {
	/// The key from its 32 bytes.
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
		Ok(Self(fixed(bytes)?))
	}

	/// Its 32 bytes.
	pub fn to_bytes(&self) -> [u8; KEY_LEN] {
		self.0
	}

	fn hpke(&self) -> <WrapKem as Kem>::PublicKey {
		<WrapKem as Kem>::PublicKey::from_bytes(&self.0)
			.expect("an X25519 public key is any 32 bytes; qed")
	}
}

/// An X25519 secret encryption key. Its 32-byte seed is all there is to keep secret; the key
/// is wiped from memory when dropped.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct EncryptionKey {
	seed: [u8; KEY_LEN],
}

impl core::fmt::Debug for EncryptionKey {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "EncryptionKey(public {:?})", self.public())
	}
}

impl EncryptionKey {
	/// A new random key.
	pub fn generate() -> Self {
		let mut seed = [0u8; KEY_LEN];
		rand_core::RngCore::fill_bytes(&mut OsRng, &mut seed);
		Self { seed }
	}

	/// The key derived from a 32-byte seed (HPKE's `DeriveKeyPair`): the same seed always
	/// gives the same key, so a key file holds only the seed.
	pub fn from_seed(seed: [u8; KEY_LEN]) -> Self {
		Self { seed }
	}

	/// The seed, to store in a key file.
	pub fn seed(&self) -> Zeroizing<[u8; KEY_LEN]> {
		Zeroizing::new(self.seed)
	}

	/// The public half.
	pub fn public(&self) -> PublicEncryptionKey {
		let (_, public) = WrapKem::derive_keypair(&self.seed);
		PublicEncryptionKey(public.to_bytes().into())
	}

	fn hpke_secret(&self) -> <WrapKem as Kem>::PrivateKey {
		WrapKem::derive_keypair(&self.seed).0
	}
}

/// A record key wrapped to one reader's encryption key, for one sealed record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyEnvelope {
	recipient: PublicEncryptionKey,
	encapped: [u8; KEY_LEN],
	wrapped: [u8; KEY_LEN + TAG_LEN],
}

impl KeyEnvelope {
	/// Wraps `key` (of the sealed record whose SHA-256 is `record`) to `recipient`.
	pub fn wrap(
		key: &RecordKey,
		record: &[u8; 32],
		recipient: &PublicEncryptionKey,
	) -> Result<Self, Error> {
		let (encapped, wrapped) = hpke::single_shot_seal::<WrapAead, WrapKdf, WrapKem, _>(
			&OpModeS::Base,
			&recipient.hpke(),
			HPKE_INFO,
			&key.0,
			record,
			&mut OsRng,
		)
		.map_err(|error| match error {
			// The only way to fail encapsulation to 32 bytes: a shared secret of zeros.
			hpke::HpkeError::EncapError => Error::UnusableRecipientKey,
			_ => unreachable!("single-shot sealing of 32 bytes fails only in encapsulation; qed"),
		})?;
		Ok(Self {
			recipient: *recipient,
			encapped: encapped.to_bytes().into(),
			wrapped: fixed(&wrapped)?,
		})
	}

	/// Opens the envelope with `secret` for the sealed record whose SHA-256 is `record`.
	pub fn open(&self, secret: &EncryptionKey, record: &[u8; 32]) -> Result<RecordKey, Error> {
		if secret.public() != self.recipient {
			return Err(Error::EnvelopeNotForThisKey);
		}
		let encapped = <WrapKem as Kem>::EncappedKey::from_bytes(&self.encapped)
			.map_err(|_| Error::EnvelopeDoesNotOpen)?;
		let key = Zeroizing::new(
			hpke::single_shot_open::<WrapAead, WrapKdf, WrapKem>(
				&OpModeR::Base,
				&secret.hpke_secret(),
				&encapped,
				HPKE_INFO,
				&self.wrapped,
				record,
			)
			.map_err(|_| Error::EnvelopeDoesNotOpen)?,
		);
		Ok(RecordKey(fixed(&key)?))
	}

	/// Opens the envelope with `secret` and wraps the key again to `grantee`: how a patient
	/// gives a grantee the key of one of their records.
	pub fn rewrap(
		&self,
		secret: &EncryptionKey,
		record: &[u8; 32],
		grantee: &PublicEncryptionKey,
	) -> Result<Self, Error> {
		Self::wrap(&self.open(secret, record)?, record, grantee)
	}

	/// Whom it is addressed to.
	pub fn recipient(&self) -> &PublicEncryptionKey {
		&self.recipient
	}

	/// Its [`ENVELOPE_LEN`] bytes: version, recipient, HPKE encapsulated key, wrapped key.
	pub fn to_bytes(&self) -> [u8; ENVELOPE_LEN] {
		let mut bytes = [0u8; ENVELOPE_LEN];
		bytes[0] = ENVELOPE_VERSION;
		bytes[1..33].copy_from_slice(&self.recipient.0);
		bytes[33..65].copy_from_slice(&self.encapped);
		bytes[65..].copy_from_slice(&self.wrapped);
		bytes
	}

	/// An envelope from its bytes ([`Self::to_bytes`]).
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
		let bytes = fixed::<ENVELOPE_LEN>(bytes)?;
		if bytes[0] != ENVELOPE_VERSION {
			return Err(Error::UnsupportedEnvelopeVersion(bytes[0]));
		}
		Ok(Self {
			recipient: PublicEncryptionKey::from_bytes(&bytes[1..33])?,
			encapped: fixed(&bytes[33..65])?,
			wrapped: fixed(&bytes[65..])?,
		})
	}
}

#[cfg(test)]
mod tests;
