//! The vault's store: sealed records on local disk, addressed by their SHA-256, and the key
//! envelopes of their readers.
//!
//! Layout under the data directory:
//! - `blobs/<sha256>`: a sealed record; `blobs/<sha256>.uploader`: the account that stored it
//!   first (its *uploader*; never changed afterwards); `blobs/<sha256>.record`: the record id
//!   it is *bound* to, the first indexed record it was used under (never changed afterwards);
//! - `envelopes/<sha256>/<account>`: the record key wrapped to `account`.
//!
//! Every file is written to a temporary name in `tmp/`, synced and moved into place, so a
//! crash leaves either the whole file or none: a restarted vault serves exactly what it had
//! acknowledged. A failed write removes its temporary file, so a full disk does not leave
//! the vault wedged once space is back. Creating a blob is atomic within the process (one
//! vault process per data directory): of two identical uploads, exactly one creates it.

use mhr_client::AccountId;
use std::{
	io::Write,
	path::{Path, PathBuf},
	sync::{Arc, Mutex},
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
	/// The disk (or the data directory's quota) is full; nothing was kept.
	Full(std::io::Error),
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
			StoreError::Full(error) => write!(f, "disk full: {error}"),
			StoreError::Io(error) => write!(f, "disk: {error}"),
		}
	}
}

impl From<std::io::Error> for StoreError {
	fn from(error: std::io::Error) -> Self {
		use std::io::ErrorKind;
		match error.kind() {
			ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => {
				StoreError::Full(error)
			}
			_ => StoreError::Io(error),
		}
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
	/// Held while a blob is checked for and created, so two uploads cannot both create it.
	creating: Arc<Mutex<()>>,
}

impl Store {
	/// Opens (creating if needed) the store under `root`.
	pub fn open(root: &Path) -> std::io::Result<Self> {
		std::fs::create_dir_all(root.join("blobs"))?;
		std::fs::create_dir_all(root.join("envelopes"))?;
		std::fs::create_dir_all(root.join("tmp"))?;
		Ok(Self { root: root.to_path_buf(), creating: Arc::default() })
	}

	fn blob_path(&self, sha256: &Sha256) -> PathBuf {
		self.root.join("blobs").join(hex::encode(sha256))
	}

	fn envelope_path(&self, sha256: &Sha256, reader: &AccountId) -> PathBuf {
		self.root.join("envelopes").join(hex::encode(sha256)).join(hex::encode(reader))
	}

	/// Writes `bytes` to `path` atomically: temporary file, sync, move into place (`rename`,
	/// replacing; or, with `replace` false, `link`, failing with `AlreadyExists` if `path`
	/// exists), sync the directory. The temporary file is removed whatever happens.
	fn write_atomically(&self, path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
		let directory = path.parent().expect("store paths have a parent; qed");
		std::fs::create_dir_all(directory)?;
		let (temporary, mut file) = tempfile_in(&self.root.join("tmp"))?;
		let written = file
			.write_all(bytes)
			.and_then(|()| file.sync_all())
			.and_then(|()| {
				if replace {
					std::fs::rename(&temporary, path)
				} else {
					std::fs::hard_link(&temporary, path)
				}
			})
			.and_then(|()| std::fs::File::open(directory)?.sync_all());
		drop(file);
		match std::fs::remove_file(&temporary) {
			Err(error) if error.kind() != std::io::ErrorKind::NotFound && written.is_ok() => {
				Err(error)
			}
			_ => written,
		}
	}

	/// Stores a sealed record under `sha256`, by `uploader`; refuses bytes of another hash.
	/// Of concurrent identical puts exactly one is `Created`, and its caller is the uploader.
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
		let _creating = self.creating.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
		if path.exists() {
			return Ok(Stored::AlreadyHeld);
		}
		// The uploader first: a blob on disk always has its uploader. An uploader file left
		// without its blob by a crash or a failed write is replaced here.
		let uploader_path = path.with_extension("uploader");
		self.write_atomically(&uploader_path, hex::encode(uploader).as_bytes(), true)?;
		if let Err(error) = self.write_atomically(&path, bytes, true) {
			// A full disk takes the small uploader file and refuses the blob: the blob is not
			// held, so neither is its uploader. (A blob moved into place whose directory sync
			// then failed is held: it keeps its uploader.)
			if !path.exists() {
				let _ = std::fs::remove_file(&uploader_path);
			}
			return Err(error.into());
		}
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

	/// The record the blob `sha256` is bound to, if it is bound yet.
	pub fn bound(&self, sha256: &Sha256) -> std::io::Result<Option<u64>> {
		let Some(text) = read_if_exists(&self.blob_path(sha256).with_extension("record"))? else {
			return Ok(None);
		};
		let record = core::str::from_utf8(&text).ok().and_then(|text| text.parse().ok());
		record.map(Some).ok_or_else(|| {
			std::io::Error::new(std::io::ErrorKind::InvalidData, "a corrupt binding")
		})
	}

	/// The record the blob `sha256` is bound to: `record` if it was bound to none yet (it is
	/// bound now, once and for all), else the record it was bound to first.
	pub fn bind(&self, sha256: &Sha256, record: u64) -> std::io::Result<u64> {
		if let Some(bound) = self.bound(sha256)? {
			return Ok(bound);
		}
		let path = self.blob_path(sha256).with_extension("record");
		match self.write_atomically(&path, record.to_string().as_bytes(), false) {
			Ok(()) => Ok(record),
			// Bound by a concurrent request in the meantime: its record holds.
			Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
				self.bound(sha256)?.ok_or_else(|| std::io::Error::other("a binding vanished"))
			}
			Err(error) => Err(error),
		}
	}

	/// Stores the envelope of the record `sha256` for `reader`. With `replace` false an
	/// existing envelope is kept: the same bytes again are `AlreadyHeld`, others
	/// `Err(AlreadyExists)`.
	pub fn put_envelope(
		&self,
		sha256: &Sha256,
		reader: &AccountId,
		envelope: &[u8],
		replace: bool,
	) -> std::io::Result<Stored> {
		let path = self.envelope_path(sha256, reader);
		match self.write_atomically(&path, envelope, replace) {
			Ok(()) => Ok(Stored::Created),
			Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
				if read_if_exists(&path)?.as_deref() == Some(envelope) {
					Ok(Stored::AlreadyHeld)
				} else {
					Err(error)
				}
			}
			Err(error) => Err(error),
		}
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
		store.put_envelope(&hash, &uploader, b"envelope", false).expect("stored");
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

	fn leftovers(dir: &tempfile::TempDir) -> usize {
		std::fs::read_dir(dir.path().join("tmp")).expect("listable").count()
	}

	#[test]
	fn a_write_failing_midway_leaves_nothing_behind_and_the_next_one_succeeds() {
		let (dir, store) = store();
		let uploader = AccountId::from([1; 32]);
		let hash = mhr_envelope::sha256(b"sealed");
		// The uploader file's place taken by a directory: its bytes are written and synced to
		// tmp/, then moving them into place fails, as a full disk fails a write midway.
		let blocked = dir.path().join("blobs").join(format!("{}.uploader", hex::encode(hash)));
		std::fs::create_dir_all(blocked.join("occupied")).expect("a directory");
		assert!(matches!(store.put_blob(&hash, b"sealed", &uploader), Err(StoreError::Io(_))));
		assert_eq!(leftovers(&dir), 0);
		std::fs::remove_dir_all(&blocked).expect("space is back");
		assert_eq!(store.uploader(&hash).expect("readable"), None);
		let other = AccountId::from([2; 32]);
		assert_eq!(store.put_blob(&hash, b"sealed", &other).ok(), Some(Stored::Created));
		assert_eq!(store.uploader(&hash).expect("readable"), Some(other));
		assert_eq!(leftovers(&dir), 0);
	}

	#[test]
	fn a_full_disk_is_told_apart_from_other_failures() {
		use std::io::{Error, ErrorKind};
		for kind in [ErrorKind::StorageFull, ErrorKind::QuotaExceeded, ErrorKind::FileTooLarge] {
			assert!(matches!(StoreError::from(Error::from(kind)), StoreError::Full(_)));
		}
		assert!(matches!(
			StoreError::from(Error::from(ErrorKind::PermissionDenied)),
			StoreError::Io(_)
		));
	}

	#[test]
	fn of_concurrent_identical_uploads_exactly_one_creates_and_its_uploader_stays() {
		let (dir, store) = store();
		let hash = mhr_envelope::sha256(b"sealed");
		let barrier = std::sync::Barrier::new(8);
		let outcomes: Vec<(u8, Stored)> = std::thread::scope(|scope| {
			let uploads: Vec<_> = (0..8u8)
				.map(|who| {
					let (store, barrier) = (&store, &barrier);
					scope.spawn(move || {
						barrier.wait();
						let uploader = AccountId::from([who; 32]);
						(who, store.put_blob(&hash, b"sealed", &uploader).expect("stored"))
					})
				})
				.collect();
			uploads.into_iter().map(|upload| upload.join().expect("no panic")).collect()
		});
		let created: Vec<u8> = outcomes
			.iter()
			.filter(|(_, stored)| *stored == Stored::Created)
			.map(|(who, _)| *who)
			.collect();
		assert_eq!(created.len(), 1, "{outcomes:?}");
		assert_eq!(
			store.uploader(&hash).expect("readable"),
			Some(AccountId::from([created[0]; 32]))
		);
		assert_eq!(leftovers(&dir), 0);
	}

	#[test]
	fn an_envelope_is_replaced_only_when_asked() {
		let (dir, store) = store();
		let (hash, reader) = (mhr_envelope::sha256(b"sealed"), AccountId::from([3; 32]));
		assert_eq!(store.put_envelope(&hash, &reader, b"first", false).ok(), Some(Stored::Created));
		assert_eq!(
			store.put_envelope(&hash, &reader, b"first", false).ok(),
			Some(Stored::AlreadyHeld)
		);
		let refused = store.put_envelope(&hash, &reader, b"second", false);
		assert_eq!(refused.map_err(|e| e.kind()), Err(std::io::ErrorKind::AlreadyExists));
		assert_eq!(store.envelope(&hash, &reader).expect("readable"), Some(b"first".to_vec()));
		assert_eq!(store.put_envelope(&hash, &reader, b"second", true).ok(), Some(Stored::Created));
		assert_eq!(store.envelope(&hash, &reader).expect("readable"), Some(b"second".to_vec()));
		assert_eq!(leftovers(&dir), 0);
	}
}
