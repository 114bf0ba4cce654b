//! The vault's store: sealed records on local disk, addressed by their SHA-256, and the key
//! envelopes of their readers.
//!
//! Layout under the data directory:
//! - `blobs/<sha256>`: a sealed record; `blobs/<sha256>.uploader`: the account that stored it;
//! - `envelopes/<sha256>/<account>`: the record key wrapped to `account`.
//!
//! Every file is written to a temporary name, synced and renamed into place, so a crash
//! leaves either the whole file or none: a restarted vault serves exactly what it had
//! acknowledged.

use mhr_client::AccountId;
use std::{
	io::Write,
	path::{Path, PathBuf},
};

/// A SHA-256, as a vault addresses sealed records.
pub type Sha256 = [u8; 32];

/// What the store refuses.
#[derive(Debug)]
pub enum StoreError {
	/// The bytes' SHA-256 is not the address they were sent to.
	HashMismatch {
		/// The address.
		expected: Sha256,
		/// The bytes' hash.
		got: Sha256,
	},
	/// The disk failed.
	Io(std::io::Error),
}

impl std::error::Error for StoreError {}

impl core::fmt::Display for StoreError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			StoreError::HashMismatch { expected, got } => write!(
				f,
				"the body's SHA-256 is {}, not the address {}",
				hex::encode(got),
				hex::encode(expected)
			),
			StoreError::Io(error) => write!(f, "disk: {error}"),
		}
	}
}

impl From<std::io::Error> for StoreError {
	fn from(error: std::io::Error) -> Self {
		StoreError::Io(error)
	}
}

/// Whether a put stored something new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
	/// Newly stored.
	Created,
	/// Already held, identical.
	AlreadyHeld,
}

/// The store under one data directory.
#[derive(Debug, Clone)]
pub struct Store {
	root: PathBuf,
}

impl Store {
	/// Opens (creating if needed) the store under `root`.
	pub fn open(root: &Path) -> std::io::Result<Self> {
		std::fs::create_dir_all(root.join("blobs"))?;
		std::fs::create_dir_all(root.join("envelopes"))?;
		std::fs::create_dir_all(root.join("tmp"))?;
		Ok(Self { root: root.to_path_buf() })
	}

	fn blob_path(&self, sha256: &Sha256) -> PathBuf {
		self.root.join("blobs").join(hex::encode(sha256))
	}

	fn envelope_path(&self, sha256: &Sha256, reader: &AccountId) -> PathBuf {
		self.root.join("envelopes").join(hex::encode(sha256)).join(hex::encode(reader))
	}

	/// Writes `bytes` to `path` atomically: temporary file, sync, rename, sync the directory.
	fn write_atomically(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
		let directory = path.parent().expect("store paths have a parent; qed");
		std::fs::create_dir_all(directory)?;
		let mut temporary = tempfile_in(&self.root.join("tmp"))?;
		temporary.1.write_all(bytes)?;
		temporary.1.sync_all()?;
		std::fs::rename(&temporary.0, path)?;
		std::fs::File::open(directory)?.sync_all()
	}

	/// Stores a sealed record under `sha256`, by `uploader`; refuses bytes of another hash.
	pub fn put_blob(
		&self,
		sha256: &Sha256,
		bytes: &[u8],
		uploader: &AccountId,
	) -> Result<Stored, StoreError> {
		let got = mhr_envelope::sha256(bytes);
		if &got != sha256 {
			return Err(StoreError::HashMismatch { expected: *sha256, got });
		}
		let path = self.blob_path(sha256);
		if path.exists() {
			return Ok(Stored::AlreadyHeld);
		}
		let uploader_path = path.with_extension("uploader");
		self.write_atomically(&uploader_path, hex::encode(uploader).as_bytes())?;
		self.write_atomically(&path, bytes)?;
		Ok(Stored::Created)
	}

	/// The sealed record stored under `sha256`, if any.
	pub fn blob(&self, sha256: &Sha256) -> std::io::Result<Option<Vec<u8>>> {
		read_if_exists(&self.blob_path(sha256))
	}

	/// Who stored the sealed record under `sha256`, if it is held.
	pub fn uploader(&self, sha256: &Sha256) -> std::io::Result<Option<AccountId>> {
		let path = self.blob_path(sha256);
		if !path.exists() {
			return Ok(None);
		}
		Ok(read_if_exists(&path.with_extension("uploader"))?
			.and_then(|text| hex::decode(text).ok())
			.and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
			.map(AccountId::from))
	}

	/// Stores (or replaces) the envelope of the record `sha256` for `reader`.
	pub fn put_envelope(
		&self,
		sha256: &Sha256,
		reader: &AccountId,
		envelope: &[u8],
	) -> std::io::Result<()> {
		self.write_atomically(&self.envelope_path(sha256, reader), envelope)
	}

	/// The envelope of the record `sha256` for `reader`, if any.
	pub fn envelope(
		&self,
		sha256: &Sha256,
		reader: &AccountId,
	) -> std::io::Result<Option<Vec<u8>>> {
		read_if_exists(&self.envelope_path(sha256, reader))
	}

	/// How many sealed records the store holds.
	pub fn blob_count(&self) -> std::io::Result<u64> {
		let mut count = 0;
		for entry in std::fs::read_dir(self.root.join("blobs"))? {
			if entry?.path().extension().is_none() {
				count += 1;
			}
		}
		Ok(count)
	}

	/// Removes temporary files a crash may have left (called at start).
	pub fn clean_temporary(&self) -> std::io::Result<()> {
		for entry in std::fs::read_dir(self.root.join("tmp"))? {
			std::fs::remove_file(entry?.path())?;
		}
		Ok(())
	}
}

fn read_if_exists(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
	match std::fs::read(path) {
		Ok(bytes) => Ok(Some(bytes)),
		Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
		Err(error) => Err(error),
	}
}

/// A new file with a random name in `directory`.
fn tempfile_in(directory: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
	use rand_core::{OsRng, RngCore};
	let mut name = [0u8; 16];
	OsRng.fill_bytes(&mut name);
	let path = directory.join(hex::encode(name));
	let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path)?;
	Ok((path, file))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn store() -> (tempfile::TempDir, Store) {
		let dir = tempfile::tempdir().expect("a temporary directory");
		let store = Store::open(dir.path()).expect("opens");
		(dir, store)
	}

	#[test]
	fn a_blob_is_kept_under_its_hash_and_survives_reopening() {
		let (dir, store) = store();
		let uploader = AccountId::from([1; 32]);
		let hash = mhr_envelope::sha256(b"sealed");
		assert_eq!(store.put_blob(&hash, b"sealed", &uploader).ok(), Some(Stored::Created));
		assert_eq!(store.put_blob(&hash, b"sealed", &uploader).ok(), Some(Stored::AlreadyHeld));
		store.put_envelope(&hash, &uploader, b"envelope").expect("stored");
		let reopened = Store::open(dir.path()).expect("reopens");
		assert_eq!(reopened.blob(&hash).expect("readable"), Some(b"sealed".to_vec()));
		assert_eq!(reopened.uploader(&hash).expect("readable"), Some(uploader.clone()));
		assert_eq!(
			reopened.envelope(&hash, &uploader).expect("readable"),
			Some(b"envelope".to_vec())
		);
		assert_eq!(reopened.blob_count().expect("countable"), 1);
	}

	#[test]
	fn a_blob_of_another_hash_is_refused_and_nothing_is_written() {
		let (_dir, store) = store();
		let hash = mhr_envelope::sha256(b"sealed");
		let refused = store.put_blob(&hash, b"tampered", &AccountId::from([1; 32]));
		assert!(matches!(refused, Err(StoreError::HashMismatch { .. })));
		assert_eq!(store.blob(&hash).expect("readable"), None);
		assert_eq!(store.uploader(&hash).expect("readable"), None);
		assert_eq!(store.blob_count().expect("countable"), 0);
	}

	#[test]
	fn leftover_temporary_files_are_cleaned() {
		let (dir, store) = store();
		std::fs::write(dir.path().join("tmp").join("partial"), b"half").expect("written");
		store.clean_temporary().expect("cleaned");
		assert_eq!(std::fs::read_dir(dir.path().join("tmp")).expect("listable").count(), 0);
	}
}
