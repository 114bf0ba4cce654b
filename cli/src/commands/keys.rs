//! `mhr keys`: key files, the account and encryption key they hold.

use anyhow::Result;
use clap::Subcommand;
use mhr_client::{
	chain::WaitFor,
	keys::{key_path, KeyFile},
	ss58,
};
use mhr_primitives::EncryptionPublicKey;
use mhr_runtime::RuntimeCall;
use serde_json::json;

use crate::{
	output::hex32,
	session::{submit, Session},
};

/// `mhr keys ...`
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
	/// Creates a key file: a new account (12-word phrase) or one from `--suri`, and a new
	/// encryption key.
	New {
		/// The key's name (or a path ending in .json).
		name: String,
		/// A secret URI or phrase to use instead of a new one (e.g. `//Alice` on a dev chain).
		#[arg(long)]
		suri: Option<String>,
	},
	/// Shows the account and encryption key of `--key` (or NAME).
	Show {
		/// The key's name or path (default: `--key`).
		name: Option<String>,
	},
	/// Publishes your encryption key on chain, so that record keys can be wrapped to you.
	Publish,
}

/// Runs `mhr keys ...`.
pub async fn run(session: &Session, command: KeysCommand) -> Result<()> {
	match command {
		KeysCommand::New { name, suri } => {
			let path = key_path(&name);
			let (keys, phrase) = match suri {
				Some(suri) => (KeyFile::from_suri(&suri)?, None),
				None => {
					let (keys, phrase) = KeyFile::generate()?;
					(keys, Some(phrase))
				}
			};
			keys.save(&path)?;
			describe(session, &keys, &path, phrase.as_deref());
		}
		KeysCommand::Show { name } => {
			let path = key_path(name.as_deref().unwrap_or(&session.key));
			let keys = KeyFile::load(&path)?;
			describe(session, &keys, &path, None);
		}
		KeysCommand::Publish => {
			let keys = session.keys()?;
			let chain = session.chain().await?;
			let key: EncryptionPublicKey = keys.encryption_public().to_bytes();
			let call = RuntimeCall::Access(pallet_mhr_access::Call::set_encryption_key {
				key: key.to_vec(),
			});
			let included = submit(&chain, &keys, call, WaitFor::Finalized).await?;
			session.print(
				json!({ "account": ss58(&keys.account()), "encryption_key": hex32(&key), "block": included.block }),
				format!("published the encryption key {} of {}", hex32(&key), ss58(&keys.account())),
			);
		}
	}
	Ok(())
}

/// Prints a key file's account and encryption key (and a new account's phrase).
fn describe(session: &Session, keys: &KeyFile, path: &std::path::Path, phrase: Option<&str>) {
	let account = ss58(&keys.account());
	let encryption = hex32(&keys.encryption_public().to_bytes());
	let mut text = format!(
		"account:        {account}\nencryption key: {encryption}\nkey file:       {}",
		path.display()
	);
	if let Some(phrase) = phrase {
		text.push_str(&format!(
			"\nsecret phrase:  {phrase}\n(write the phrase down: it is the only way to recover the account)"
		));
	}
	session.print(
		json!({ "account": account, "encryption_key": encryption, "key_file": path, "phrase": phrase }),
		text,
	);
}
