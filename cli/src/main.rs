//! `mhr`: the command line of MHR Chain for patients, doctors and hospital admins.
//!
//! Records are sealed on this machine before they leave it (XChaCha20-Poly1305 under a fresh
//! key, the key wrapped to the patient and the author with HPKE), stored at the author's
//! hospital vault, and indexed on chain by their SHA-256. Reading fetches the sealed record
//! from the vault that keeps it (which logs the read on chain first), checks its SHA-256
//! against the index and opens it with the reader's envelope.
//!
//! Every command takes `--node` (the node's WebSocket RPC), `--key` (a key file, by name or
//! path) and `--json` (one JSON object on stdout, for scripts); progress goes to stderr.

#![deny(missing_docs)]

mod ops;
mod output;

use clap::{Args, Parser, Subcommand};
use mhr_primitives::{CategoryId, GrantId, HospitalId, Rank, RecordId};
use std::path::PathBuf;

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

/// `mhr hospital ...`
#[derive(Debug, Subcommand)]
pub enum HospitalCommand {
	/// Registers a doctor at your hospital with a seniority rank.
	RegisterDoctor {
		/// The doctor's account.
		doctor: String,
		/// The seniority rank (0 = most junior).
		#[arg(long)]
		rank: Rank,
		/// The licence document you checked: its text (hashed here) or a 0x SHA-256.
		#[arg(long)]
		licence: String,
	},
	/// Changes a doctor's rank.
	SetRank {
		/// The doctor's account.
		doctor: String,
		/// The new rank.
		rank: Rank,
	},
	/// Shows a hospital: name, status, vault URL and vault account.
	Show {
		/// The hospital's id.
		hospital: HospitalId,
	},
	/// Sets the URL your hospital's vault serves at (as clients find it on chain).
	SetVaultUrl {
		/// The vault's base URL, `http://` or `https://`.
		url: String,
	},
	/// Names the account your hospital's vault logs reads with (or removes it).
	SetVault {
		/// The vault's account (`mhr keys show <vault key>`).
		#[arg(required_unless_present = "remove")]
		account: Option<String>,
		/// Remove the vault account instead.
		#[arg(long, conflicts_with = "account")]
		remove: bool,
	},
}

/// `mhr patient ...`
#[derive(Debug, Subcommand)]
pub enum PatientCommand {
	/// Registers you as a patient.
	Register,
	/// Grants a doctor (or with --hospital, every doctor of a hospital) access to your
	/// records; for a doctor, your existing records in scope get a key envelope for them.
	Grant(GrantArgs),
	/// Revokes a grant at once.
	Revoke {
		/// The grant's id (`mhr patient grants`).
		grant: GrantId,
	},
	/// Appoints a guardian, or removes yours with --remove.
	Guardian {
		/// The guardian's account.
		#[arg(required_unless_present = "remove")]
		account: Option<String>,
		/// Remove your guardian instead.
		#[arg(long, conflicts_with = "account")]
		remove: bool,
	},
	/// Lists your grants.
	Grants,
	/// Shows who read which of your records, when and under which grant.
	Audit,
	/// Reads one of your records.
	Read(ReadArgs),
}

/// What a grant gives.
#[derive(Debug, Args)]
pub struct GrantArgs {
	/// The doctor's account, or with --hospital the hospital's id.
	pub grantee: String,
	/// The grantee is a hospital id.
	#[arg(long)]
	pub hospital: bool,
	/// The categories covered, comma-separated (default: all).
	#[arg(long, value_delimiter = ',')]
	pub categories: Vec<CategoryId>,
	/// Allow writing (indexing new records) as well as reading.
	#[arg(long)]
	pub write: bool,
	/// Let the grant lapse after this many blocks (6 s each).
	#[arg(long)]
	pub expires_in: Option<u32>,
}

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

/// `mhr doctor ...`
#[derive(Debug, Subcommand)]
pub enum DoctorCommand {
	/// Bonds stake (in MHR) behind your endorsements.
	Bond {
		/// How much, in MHR (decimals allowed).
		amount: String,
	},
	/// Writes a record: seals it here, stores it at your hospital's vault, indexes it on chain
	/// and waits for finality.
	Write {
		/// The patient's account.
		#[arg(long)]
		patient: String,
		/// The record's category.
		#[arg(long)]
		category: CategoryId,
		/// The file holding the record.
		#[arg(long)]
		file: PathBuf,
		/// The confirmed record this one corrects.
		#[arg(long)]
		supersedes: Option<RecordId>,
		/// The vault's URL (default: your hospital's, as registered on chain).
		#[arg(long)]
		vault: Option<String>,
	},
	/// Endorses a pending record of your hospital.
	Endorse {
		/// The record's id.
		record: RecordId,
	},
	/// Lists a patient's records, newest first.
	Search {
		/// The patient's account.
		#[arg(long)]
		patient: String,
		/// Only this category.
		#[arg(long)]
		category: Option<CategoryId>,
		/// Start below this record id (for the next page).
		#[arg(long)]
		after: Option<RecordId>,
		/// At most this many (1-100).
		#[arg(long, default_value_t = 20)]
		limit: u32,
	},
	/// Reads a record: fetched from its vault, checked against the chain, opened.
	Read(ReadArgs),
	/// Opens emergency (break-glass) access to a patient's records.
	Emergency {
		/// The patient's account.
		#[arg(long)]
		patient: String,
		/// The reason code.
		#[arg(long)]
		reason: u8,
		/// The written justification (its SHA-256 goes on chain; keep the text).
		#[arg(long)]
		justification: String,
	},
}

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

#[tokio::main]
async fn main() {
	let cli = Cli::parse();
	let json = cli.json;
	if let Err(error) = ops::run(cli).await {
		output::fail(json, &error);
		std::process::exit(1);
	}
}
