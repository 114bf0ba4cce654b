//! `mhr`: the command line of MHR Chain for patients, doctors and hospital admins.
//!
//! Records are sealed on this machine before they leave it (XChaCha20-Poly1305 under a fresh
//! key, the key wrapped to the patient and the author with HPKE), stored at the author's
//! hospital vault, and indexed on chain by their SHA-256. Reading fetches the sealed record
//! from the vault that keeps it (which logs the read on chain first), checks its SHA-256
//! against the index and opens it with the reader's envelope.
//!
//! Layout: one file per command group under `commands/` (`keys`, `hospital`, `patient`,
//! `doctor`, `vault`, with `read` shared by patients and doctors and `load` behind `mhr vault
//! load`), each with its arguments and what it does; `session` (the global flags, submitting
//! with advice), `advice` (what to do after an on-chain error), `parse` and `output`. Chain
//! queries and the record workflows are the client's (`mhr_client::query`,
//! `mhr_client::records`).
//!
//! Every command takes `--node` (the node's WebSocket RPC), `--key` (a key file, by name or
//! path) and `--json` (one JSON object on stdout, for scripts); progress goes to stderr.

#![deny(missing_docs)]

mod advice;
mod commands;
mod output;
mod parse;
mod session;

use clap::{Parser, Subcommand};
use commands::{
	doctor::DoctorCommand, hospital::HospitalCommand, keys::KeysCommand, patient::PatientCommand,
	vault::VaultCommand,
};
use session::Session;

/// The command line.
#[derive(Debug, Parser)]
#[command(
	name = "mhr",
	version,
	about = "MHR Chain: medical health records shared between hospitals"
)]
pub struct Cli {
	/// The node's WebSocket RPC URL.
	#[arg(long, global = true, env = "MHR_NODE", default_value = "ws://127.0.0.1:9944")]
	pub node: String,
	/// Your key file: a name in ~/.config/mhr/keys (or $MHR_HOME/keys) or a path.
	#[arg(long, global = true, env = "MHR_KEY", default_value = "default")]
	pub key: String,
	/// Print one JSON object on stdout instead of text.
	#[arg(long, global = true)]
	pub json: bool,
	/// What to do.
	#[command(subcommand)]
	pub command: Command,
}

/// The commands, by who uses them.
#[derive(Debug, Subcommand)]
pub enum Command {
	/// Key files: your account and encryption key.
	#[command(subcommand)]
	Keys(KeysCommand),
	/// For hospital admins.
	#[command(subcommand)]
	Hospital(HospitalCommand),
	/// For patients (each acts for the key's own account).
	#[command(subcommand)]
	Patient(PatientCommand),
	/// For doctors.
	#[command(subcommand)]
	Doctor(DoctorCommand),
	/// Vault operations.
	#[command(subcommand)]
	Vault(VaultCommand),
}

/// Runs the command `cli` names.
async fn run(cli: Cli) -> anyhow::Result<()> {
	let session = Session { node: cli.node, key: cli.key, json: cli.json };
	match cli.command {
		Command::Keys(command) => commands::keys::run(&session, command).await,
		Command::Hospital(command) => commands::hospital::run(&session, command).await,
		Command::Patient(command) => commands::patient::run(&session, command).await,
		Command::Doctor(command) => commands::doctor::run(&session, command).await,
		Command::Vault(command) => commands::vault::run(&session, command).await,
	}
}

#[tokio::main]
async fn main() {
	let cli = Cli::parse();
	let json = cli.json;
	if let Err(error) = run(cli).await {
		output::fail(json, &error);
		std::process::exit(1);
	}
}
