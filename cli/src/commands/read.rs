//! `mhr patient read` and `mhr doctor read`: a record fetched from the vault that keeps it
//! (which logs the read on chain first), checked against the index, opened.

use anyhow::{Context, Result};
use clap::Args;
use mhr_client::{records::fetch_checked, vault::VaultClient, Chain, KeyFile};
use mhr_primitives::RecordId;
use serde_json::json;
use std::path::PathBuf;

use crate::{
	output::{progress, status_text},
	session::Session,
};

/// Reading a record.
#[derive(Debug, Args)]
pub struct ReadArgs {
	/// The record's id.
	pub record: RecordId,
	/// Write the record to this file instead of stdout.
	#[arg(long)]
	pub out: Option<PathBuf>,
	/// The purpose code logged with the read (1 = treatment).
	#[arg(long, default_value_t = 1)]
	pub purpose: u8,
	/// The vault's URL (default: the one the hospital registered on chain).
	#[arg(long)]
	pub vault: Option<String>,
}

/// Runs `mhr ... read`.
pub async fn run(session: &Session, chain: &Chain, keys: &KeyFile, args: ReadArgs) -> Result<()> {
	let at = chain.at_finalized().await?;
	let entry = at.indexed_record(args.record).await?;
	let registered = at.registered_vault(entry.hospital).await?;
	let url = args.vault.unwrap_or(registered.url);
	progress(format!(
		"fetching record #{} from hospital {} ({}) at {url}",
		args.record, entry.hospital, registered.hospital_name
	));
	let vault = VaultClient::new(&url);
	let fetched =
		fetch_checked(&vault, keys, args.record, &entry, &registered.hospital_name, args.purpose)
			.await?;
	progress("SHA-256 matches the index; opening");
	let plaintext = fetched.open(keys, args.record, &entry)?;
	let status = status_text(&entry);
	match &args.out {
		Some(path) => {
			std::fs::write(path, &plaintext[..])
				.with_context(|| format!("cannot write {}", path.display()))?;
			session.print(
				json!({ "record": args.record, "bytes": plaintext.len(), "out": path, "status": status }),
				format!(
					"record #{} ({status}, {} bytes) written to {}",
					args.record,
					plaintext.len(),
					path.display()
				),
			);
		}
		None if session.json => session.print(
			json!({
				"record": args.record,
				"status": status,
				"text": String::from_utf8_lossy(&plaintext),
			}),
			"",
		),
		None => {
			use std::io::Write;
			std::io::stdout().write_all(&plaintext).context("cannot write to stdout")?;
		}
	}
	Ok(())
}
