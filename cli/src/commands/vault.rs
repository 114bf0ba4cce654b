//! `mhr vault`: a vault's health, and a bounded load of reads against it.

use anyhow::Result;
use clap::Subcommand;
use mhr_client::vault::VaultClient;
use mhr_primitives::{HospitalId, RecordId};

use crate::{commands::load, session::Session};

/// `mhr vault ...`
#[derive(Debug, Subcommand)]
pub enum VaultCommand {
	/// Shows a vault's health.
	Health {
		/// The vault's URL (default: hospital 0's as registered on chain).
		#[arg(long)]
		vault: Option<String>,
		/// The hospital whose registered vault to ask.
		#[arg(long, default_value_t = 0)]
		hospital: HospitalId,
	},
	/// A bounded load: `clients` concurrent readers reading `record` `requests` times each,
	/// every answer checked against the chain; prints requests per second.
	Load {
		/// The record to read (you must be allowed to read it).
		#[arg(long)]
		record: RecordId,
		/// Concurrent clients.
		#[arg(long, default_value_t = 8)]
		clients: u32,
		/// Requests per client.
		#[arg(long, default_value_t = 5)]
		requests: u32,
		/// The vault's URL (default: the record's hospital's).
		#[arg(long)]
		vault: Option<String>,
	},
}

/// Runs `mhr vault ...`.
pub async fn run(session: &Session, command: VaultCommand) -> Result<()> {
	match command {
		VaultCommand::Health { vault, hospital } => {
			let url = match vault {
				Some(url) => url,
				None => {
					let chain = session.chain().await?;
					let at = chain.at_finalized().await?;
					at.registered_vault(hospital).await?.url
				}
			};
			let health = VaultClient::new(&url).health().await?;
			session.print(
				serde_json::to_value(&health)?,
				format!(
					"vault of hospital {} at {url}: {} sealed records, logs reads as {}",
					health.hospital, health.blobs, health.vault_account
				),
			);
		}
		VaultCommand::Load { record, clients, requests, vault } => {
			let keys = session.keys()?;
			let chain = session.chain().await?;
			let load = load::Load { record, clients, requests, vault };
			load::run(session, &chain, keys, load).await?
		}
	}
	Ok(())
}
