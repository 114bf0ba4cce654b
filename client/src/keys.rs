//! Key files: what a patient, doctor, hospital admin or vault signs and decrypts with.
//!
//! A key file is JSON, readable by its owner only (mode 0600 on Unix):
//! `{"version": 1, "suri": "<secret URI>", "encryption_seed": "0x<32 bytes>"}`. The secret
//! URI is a BIP-39 phrase or a development URI such as `//Alice` (with optional `//hard`
//! and `/soft` derivations); it gives the sr25519 account key. The encryption seed gives the
//! X25519 key that record keys are wrapped to; it is independent of the account key, so it
//! can be replaced without changing the account.

use mhr_envelope::{EncryptionKey, PublicEncryptionKey};
use secret::SecretString;
use serde::{Deserialize, Serialize};
use sp_core::{sr25519, Pair};
use std::path::{Path, PathBuf};

use crate::{AccountId, Error, Result};

/// The format version this client writes and reads.
pub const KEY_FILE_VERSION: u32 = 1;

mod secret {
	/// A secret string that is never printed.
	#[derive(Clone, serde::Serialize, serde::Deserialize)]
	#[serde(transparent)]
	pub struct SecretString(pub String);

	impl core::fmt::Debug for SecretString {
		fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
			f.write_str("<secret>")
		}
	}
}

#[derive(Serialize, Deserialize)]
struct Stored {
	version: u32,
	suri: SecretString,
	encryption_seed: SecretString,
}

/// A loaded key file: the account's signing key and its encryption key.
pub struct KeyFile {
	signer: sr25519::Pair,
	encryption: EncryptionKey,
	stored: Stored,
}

impl core::fmt::Debug for KeyFile {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_struct("KeyFile").field("account", &crate::ss58(&self.account())).finish()
	}
}

impl KeyFile {
	/// Keys from a secret URI and a fresh random encryption key.
	pub fn from_suri(suri: &str) -> Result<Self> {
		let seed = EncryptionKey::generate().seed();
		Self::from_parts(suri, format!("0x{}", hex::encode(*seed)))
	}

	/// Fresh keys: a new 12-word phrase and a new encryption key. Returns the phrase too, for
	/// the owner to write down.
	pub fn generate() -> Result<(Self, String)> {
		let (_, phrase, _) = sr25519::Pair::generate_with_phrase(None);
		Ok((Self::from_suri(&phrase)?, phrase))
	}

	fn from_parts(suri: &str, encryption_seed: String) -> Result<Self> {
		let signer = sr25519::Pair::from_string(suri, None)
			.map_err(|e| Error::Key(format!("not a usable secret URI or phrase ({e:?})")))?;
		let seed: [u8; 32] = hex::decode(encryption_seed.trim_start_matches("0x"))
			.ok()
			.and_then(|bytes| bytes.try_into().ok())
			.ok_or_else(|| Error::Key("encryption_seed is not 32 bytes of hex".into()))?;
		Ok(Self {
			signer,
			encryption: EncryptionKey::from_seed(seed),
			stored: Stored {
				version: KEY_FILE_VERSION,
				suri: SecretString(suri.to_string()),
				encryption_seed: SecretString(encryption_seed),
			},
		})
	}

	/// Reads the key file at `path`.
	pub fn load(path: &Path) -> Result<Self> {
		let text = std::fs::read_to_string(path).map_err(|e| {
			Error::Key(format!(
				"cannot read {} ({e}): create it with `mhr keys new`",
				path.display()
			))
		})?;
		let stored: Stored = serde_json::from_str(&text)
			.map_err(|e| Error::Key(format!("{} is not a key file ({e})", path.display())))?;
		if stored.version != KEY_FILE_VERSION {
			return Err(Error::Key(format!(
				"{} has format version {}; this program reads version {KEY_FILE_VERSION}",
				path.display(),
				stored.version
			)));
		}
		Self::from_parts(&stored.suri.0, stored.encryption_seed.0)
	}

	/// Writes the key file to `path`, readable by its owner only; refuses to overwrite one.
	pub fn save(&self, path: &Path) -> Result<()> {
		use std::io::Write;
		if let Some(parent) = path.parent() {
			std::fs::create_dir_all(parent)
				.map_err(|e| Error::Key(format!("cannot create {} ({e})", parent.display())))?;
		}
		let mut options = std::fs::OpenOptions::new();
		options.write(true).create_new(true);
		#[cfg(unix)]
		std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
		let mut file = options.open(path).map_err(|e| {
			Error::Key(format!(
				"cannot create {} ({e}); an existing key is never replaced",
				path.display()
			))
		})?;
		let text = serde_json::to_string_pretty(&self.stored)
			.map_err(|e| Error::Key(format!("cannot encode the key file ({e})")))?;
		file.write_all(text.as_bytes())
			.and_then(|_| file.sync_all())
			.map_err(|e| Error::Key(format!("cannot write {} ({e})", path.display())))
	}

	/// The account.
	pub fn account(&self) -> AccountId {
		self.signer.public().into()
	}

	/// The account's signing key.
	pub fn signer(&self) -> &sr25519::Pair {
		&self.signer
	}

	/// The encryption key record keys are wrapped to for this account.
	pub fn encryption(&self) -> &EncryptionKey {
		&self.encryption
	}

	/// Its public half, as published on chain.
	pub fn encryption_public(&self) -> PublicEncryptionKey {
		self.encryption.public()
	}
}

/// Where named key files live: `$MHR_HOME/keys`, else `$XDG_CONFIG_HOME/mhr/keys`, else
/// `~/.config/mhr/keys`.
pub fn key_dir() -> PathBuf {
	if let Some(home) = std::env::var_os("MHR_HOME") {
		return PathBuf::from(home).join("keys");
	}
	let config = std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from).unwrap_or_else(|| {
		PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".config")
	});
	config.join("mhr").join("keys")
}

/// The path of key `name_or_path`: a path if it contains a `/` or ends in `.json`, else the
/// file `<name>.json` in [`key_dir`].
pub fn key_path(name_or_path: &str) -> PathBuf {
	if name_or_path.contains('/') || name_or_path.ends_with(".json") {
		PathBuf::from(name_or_path)
	} else {
		key_dir().join(format!("{name_or_path}.json"))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_key_file_reads_back_the_same_keys_and_is_never_overwritten() {
		let dir = tempfile::tempdir().expect("a temporary directory");
		let path = dir.path().join("alice.json");
		let keys = KeyFile::from_suri("//Alice").expect("a dev key");
		keys.save(&path).expect("saved");
		let loaded = KeyFile::load(&path).expect("loaded");
		assert_eq!(loaded.account(), keys.account());
		assert_eq!(loaded.encryption_public(), keys.encryption_public());
		assert!(keys.save(&path).is_err());
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let mode = std::fs::metadata(&path).expect("exists").permissions().mode();
			assert_eq!(mode & 0o777, 0o600);
		}
	}

	#[test]
	fn bad_key_files_say_what_is_wrong() {
		let dir = tempfile::tempdir().expect("a temporary directory");
		let path = dir.path().join("bad.json");
		std::fs::write(&path, "{}").expect("written");
		let error =
			|path: &Path| KeyFile::load(path).err().map(|e| e.to_string()).unwrap_or_default();
		assert!(error(&path).contains("not a key file"));
		assert!(error(&dir.path().join("missing.json")).contains("mhr keys new"));
		assert!(KeyFile::from_suri("not a phrase at all").is_err());
		assert!(format!("{:?}", KeyFile::from_suri("//Bob").expect("a dev key")).contains("5F"));
	}

	#[test]
	fn names_and_paths_resolve() {
		assert_eq!(key_path("./k.json"), PathBuf::from("./k.json"));
		assert!(key_path("alice").ends_with("keys/alice.json"));
	}
}
