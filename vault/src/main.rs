//! `mhr-vault`: a hospital's record vault.
//!
//! Stores sealed records (encrypted on the client, addressed by their SHA-256) on local disk,
//! and serves one only to a caller who signs a fresh challenge with an account that the
//! chain, at its finalized head, lets read that record now; before answering, it logs the
//! read on chain (`Access.log_access_for`, signed with the vault's key) and waits for it to be
//! in a block. See `mhr_client::vault` for the HTTP protocol.
//!
//! Configuration: a TOML file (`--config`) with the keys `listen`, `node`, `data_dir`,
//! `key_file`, `hospital`, `max_blob_bytes`; flags override it. Logs go to stderr
//! (`RUST_LOG` filters them, `--log-format json` for one JSON object a line). SIGINT or
//! SIGTERM stop it gracefully: it stops accepting, finishes the requests in flight, and exits
//! within [`limits::Limits::shutdown_deadline`] even if clients hang.

#![deny(missing_docs)]

mod auth;
mod ledger;
mod limits;
mod listen;
mod server;
mod store;
#[cfg(test)]
mod tests;
mod throttle;

use anyhow::{bail, Context};
use clap::Parser;
use mhr_client::{chain::Chain, KeyFile};
use mhr_primitives::HospitalId;
use serde::Deserialize;
use std::{net::SocketAddr, path::PathBuf, sync::Arc};

/// Command-line flags; each overrides the configuration file.
#[derive(Debug, Parser)]
#[command(name = "mhr-vault", version, about = "A hospital's MHR record vault")]
struct Flags {
	/// A TOML configuration file.
	#[arg(long)]
	config: Option<PathBuf>,
	/// The address to listen on (default 127.0.0.1:8801).
	#[arg(long)]
	listen: Option<SocketAddr>,
	/// The hospital's node (WebSocket RPC, default ws://127.0.0.1:9944).
	#[arg(long)]
	node: Option<String>,
	/// Where the sealed records are kept (default ./vault-data).
	#[arg(long)]
	data_dir: Option<PathBuf>,
	/// The vault's key file (`mhr keys new`): the account named on chain as the hospital's vault.
	#[arg(long)]
	key_file: Option<PathBuf>,
	/// The hospital this vault serves.
	#[arg(long)]
	hospital: Option<HospitalId>,
	/// The largest sealed record accepted, in bytes (default 16 MiB).
	#[arg(long)]
	max_blob_bytes: Option<usize>,
	/// `text` (default) or `json`.
	#[arg(long, default_value = "text")]
	log_format: String,
}

/// The configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
	listen: Option<SocketAddr>,
	node: Option<String>,
	data_dir: Option<PathBuf>,
	key_file: Option<PathBuf>,
	hospital: Option<HospitalId>,
	max_blob_bytes: Option<usize>,
}

/// The configuration in effect.
#[derive(Debug)]
struct Config {
	listen: SocketAddr,
	node: String,
	data_dir: PathBuf,
	key_file: PathBuf,
	hospital: HospitalId,
	max_blob_bytes: usize,
}

impl Config {
	fn from(flags: &Flags) -> anyhow::Result<Self> {
		let file = match &flags.config {
			Some(path) => {
				let text = std::fs::read_to_string(path)
					.with_context(|| format!("cannot read the configuration {}", path.display()))?;
				toml::from_str(&text)
					.with_context(|| format!("{} is not a vault configuration", path.display()))?
			}
			None => FileConfig::default(),
		};
		Ok(Self {
			listen: flags.listen.or(file.listen).unwrap_or_else(|| ([127, 0, 0, 1], 8801).into()),
			node: flags.node.clone().or(file.node).unwrap_or_else(|| "ws://127.0.0.1:9944".into()),
			data_dir: flags
				.data_dir
				.clone()
				.or(file.data_dir)
				.unwrap_or_else(|| "vault-data".into()),
			key_file: flags
				.key_file
				.clone()
				.or(file.key_file)
				.context("no key file: pass --key-file (create one with `mhr keys new vault`)")?,
			hospital: flags.hospital.or(file.hospital).context(
				"no hospital: pass --hospital with the id of the hospital this vault serves",
			)?,
			max_blob_bytes: flags.max_blob_bytes.or(file.max_blob_bytes).unwrap_or(16 << 20),
		})
	}
}

/// Waits for SIGINT or SIGTERM.
async fn shutdown_signal() {
	let interrupt = async {
		let _ = tokio::signal::ctrl_c().await;
	};
	#[cfg(unix)]
	let terminate = async {
		match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
			Ok(mut signal) => {
				signal.recv().await;
			}
			Err(_) => std::future::pending::<()>().await,
		}
	};
	#[cfg(not(unix))]
	let terminate = std::future::pending::<()>();
	tokio::select! {
		_ = interrupt => {},
		_ = terminate => {},
	}
	tracing::info!("stopping: finishing the requests in flight");
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	let flags = Flags::parse();
	let filter = tracing_subscriber::EnvFilter::try_from_default_env()
		.unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
	let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
	match flags.log_format.as_str() {
		"json" => logs.json().init(),
		"text" => logs.init(),
		other => bail!("--log-format must be text or json, not {other}"),
	}
	let config = Config::from(&flags)?;
	let key = KeyFile::load(&config.key_file)?;
	let store = store::Store::open(&config.data_dir)
		.with_context(|| format!("cannot use the data dir {}", config.data_dir.display()))?;
	store.clean_temporary().context("cannot clean the data dir's tmp/")?;
	let chain = Chain::connect(&config.node).await?;
	let at = chain.at_finalized().await?;
	let number = at.number().await?;
	let named = at.vault_account(config.hospital).await?;
	if named.as_ref() != Some(&key.account()) {
		bail!(
			"the chain (finalized #{number}) names {} as hospital {}'s vault, not this key's account {}: \
			 the hospital's admin runs `mhr --key <admin> hospital set-vault {}`",
			named.map(|a| mhr_client::ss58(&a)).unwrap_or_else(|| "no account".into()),
			config.hospital,
			mhr_client::ss58(&key.account()),
			mhr_client::ss58(&key.account()),
		);
	}
	let listener = tokio::net::TcpListener::bind(config.listen)
		.await
		.with_context(|| format!("cannot listen on {}", config.listen))?;
	let limits = limits::Limits { max_blob_bytes: config.max_blob_bytes, ..Default::default() };
	tracing::info!(
		listen = %config.listen,
		hospital = config.hospital,
		account = %mhr_client::ss58(&key.account()),
		node = %config.node,
		data_dir = %config.data_dir.display(),
		blobs = store.blob_count().unwrap_or_default(),
		?limits,
		"vault serving"
	);
	let account = key.account();
	let ledger = ledger::Node::new(chain, key);
	let vault =
		Arc::new(server::Vault::new(store, ledger, config.hospital, account, limits.clone()));
	listen::serve(listener, server::router(vault), &limits, shutdown_signal()).await;
	tracing::info!("stopped");
	Ok(())
}
