//! `mhr doctor`: what a doctor does: bond, write, endorse, search, read, break glass.

use anyhow::{anyhow, bail, Context, Result};
use clap::Subcommand;
use mhr_client::{chain::WaitFor, records::seal_and_store, ss58, AccountId, Chain, KeyFile};
use mhr_primitives::{CategoryId, RecordId};
use mhr_runtime::{json::RecordJson, RuntimeCall, RuntimeEvent};
use pallet_mhr_records::MAX_PAGE;
use serde_json::json;
use sp_core::H256;
use std::path::{Path, PathBuf};

use crate::{
	commands::read::{self, ReadArgs},
	output::{hex32, progress, status_text},
	parse::{account, amount},
	session::{submit, Session},
};

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

/// Runs `mhr doctor ...`.
pub async fn run(session: &Session, command: DoctorCommand) -> Result<()> {
	let keys = session.keys()?;
	let chain = session.chain().await?;
	match command {
		DoctorCommand::Bond { amount: text } => {
			let value = amount(&text)?;
			let call = pallet_mhr_doctors::Call::bond { amount: value };
			submit(&chain, &keys, RuntimeCall::Doctors(call), WaitFor::Finalized).await?;
			session.print(json!({ "bonded": value.to_string() }), format!("bonded {text} MHR"));
		}
		DoctorCommand::Write { patient, category, file, supersedes, vault } => {
			let patient = account(&patient)?;
			write(session, &chain, &keys, &patient, category, &file, supersedes, vault).await?
		}
		DoctorCommand::Endorse { record } => {
			let call = pallet_mhr_records::Call::endorse_record { record };
			let included =
				submit(&chain, &keys, RuntimeCall::Records(call), WaitFor::InBlock).await?;
			let confirmed = included.events.iter().any(|event| {
				matches!(
					event,
					RuntimeEvent::Records(pallet_mhr_records::Event::RecordConfirmed { .. })
				)
			});
			session.print(
				json!({ "endorsed": record, "confirmed": confirmed }),
				format!(
					"endorsed record #{record}{}",
					if confirmed { "; it is now confirmed" } else { "" }
				),
			);
		}
		DoctorCommand::Search { patient, category, after, limit } => {
			if !(1..=MAX_PAGE).contains(&limit) {
				bail!("--limit must be between 1 and {MAX_PAGE}");
			}
			let patient = account(&patient)?;
			let page = chain
				.at_finalized()
				.await?
				.records_by_patient(&patient, category, after, limit)
				.await?;
			let rows: Vec<RecordJson> =
				page.iter().map(|(id, entry)| RecordJson::new(*id, entry)).collect();
			let text = if page.is_empty() {
				"no records".to_string()
			} else {
				page.iter()
					.map(|(id, e)| {
						format!(
							"#{id}  category {}  hospital {}  {}  sha256 {}",
							e.category,
							e.hospital,
							status_text(e),
							hex32(&e.sha256.0)
						)
					})
					.collect::<Vec<_>>()
					.join("\n")
			};
			session.print(json!({ "records": rows }), text);
		}
		DoctorCommand::Read(args) => read::run(session, &chain, &keys, args).await?,
		DoctorCommand::Emergency { patient, reason, justification } => {
			let patient = account(&patient)?;
			let call = pallet_mhr_access::Call::open_emergency {
				patient: patient.clone(),
				reason,
				justification: H256(mhr_envelope::sha256(justification.as_bytes())),
			};
			let included =
				submit(&chain, &keys, RuntimeCall::Access(call), WaitFor::Finalized).await?;
			let opened = included.events.iter().find_map(|event| match event {
				RuntimeEvent::Access(pallet_mhr_access::Event::EmergencyAccessOpened {
					emergency,
					expires_at,
					..
				}) => Some((*emergency, *expires_at)),
				_ => None,
			});
			let (emergency, expires_at) = opened
				.ok_or_else(|| anyhow!("the emergency went through but its event is missing"))?;
			session.print(
				json!({ "emergency": emergency, "expires_at": expires_at }),
				format!(
					"emergency access {emergency} to {} open until block #{expires_at}; the patient is notified and may flag it for review",
					ss58(&patient)
				),
			);
		}
	}
	Ok(())
}

/// `mhr doctor write`: sealed and stored at the vault, then indexed and final.
async fn write(
	session: &Session,
	chain: &Chain,
	keys: &KeyFile,
	patient: &AccountId,
	category: CategoryId,
	file: &Path,
	supersedes: Option<RecordId>,
	vault_url: Option<String>,
) -> Result<()> {
	let plaintext =
		std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
	let at = chain.at_finalized().await?;
	let patient_key = at.published_key(patient).await?;
	let hospital = at.practising_hospital(&keys.account()).await?;
	let url = match vault_url {
		Some(url) => url,
		None => at.registered_vault(hospital).await?.url,
	};
	let stored =
		seal_and_store(keys, &url, patient, &patient_key, &plaintext, &|step| progress(step))
			.await?;
	let call = stored.index_call(patient, category, supersedes);
	let included = submit(chain, keys, call, WaitFor::Finalized).await?;
	let record = included
		.events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Records(pallet_mhr_records::Event::RecordSubmitted {
				record, ..
			}) => Some(*record),
			_ => None,
		})
		.ok_or_else(|| anyhow!("the record was indexed but its event is missing"))?;
	let (sha256, location) = (hex32(&stored.sha256), &stored.location);
	session.print(
		json!({ "record": record, "sha256": sha256, "location": location, "block": included.block }),
		format!("record #{record} indexed and final: sha256 {sha256}, kept at {location}"),
	);
	Ok(())
}
