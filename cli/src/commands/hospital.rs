//! `mhr hospital`: what a hospital's admin does (and `show`, for anyone).

use anyhow::Result;
use clap::Subcommand;
use mhr_client::{
	chain::{Chain, WaitFor},
	records::check_vault_url,
	ss58, KeyFile,
};
use mhr_primitives::{HospitalId, Rank};
use mhr_runtime::RuntimeCall;
use serde_json::json;

use crate::{
	parse::{account, licence_hash},
	session::{submit, Session},
};

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

/// Runs `mhr hospital ...`.
pub async fn run(session: &Session, command: HospitalCommand) -> Result<()> {
	let (call, done) = match command {
		HospitalCommand::Show { hospital } => return show(session, hospital).await,
		HospitalCommand::SetVaultUrl { url } => return set_vault_url(session, url).await,
		HospitalCommand::RegisterDoctor { doctor, rank, licence } => {
			let doctor = account(&doctor)?;
			let text = format!("registered {} at rank {rank}", ss58(&doctor));
			let call = pallet_mhr_doctors::Call::register_doctor {
				doctor,
				rank,
				licence_hash: licence_hash(&licence),
			};
			(RuntimeCall::Doctors(call), text)
		}
		HospitalCommand::SetRank { doctor, rank } => {
			let doctor = account(&doctor)?;
			let text = format!("{} is now of rank {rank}", ss58(&doctor));
			(RuntimeCall::Doctors(pallet_mhr_doctors::Call::set_rank { doctor, rank }), text)
		}
		HospitalCommand::SetVault { account: vault, remove: _ } => {
			let vault = vault.as_deref().map(account).transpose()?;
			let text = match &vault {
				Some(vault) => format!("the hospital's vault signs as {}", ss58(vault)),
				None => "the hospital has no vault account now".to_string(),
			};
			(RuntimeCall::Access(pallet_mhr_access::Call::set_vault { vault }), text)
		}
	};
	let keys = session.keys()?;
	let chain = session.chain().await?;
	finish(session, &chain, &keys, call, done).await
}

/// `mhr hospital set-vault-url`: the URL checked against the chain's limits before anything
/// is signed, for the hospital the key is the admin of.
async fn set_vault_url(session: &Session, url: String) -> Result<()> {
	check_vault_url(&url)?;
	let keys = session.keys()?;
	let chain = session.chain().await?;
	let hospital = chain.at_finalized().await?.admin_hospital(&keys.account()).await?;
	let done = format!("hospital {hospital}'s vault is at {url}");
	let call = pallet_mhr_hospitals::Call::set_vault_url { hospital, vault_url: url.into_bytes() };
	finish(session, &chain, &keys, RuntimeCall::Hospitals(call), done).await
}

/// Submits an admin's `call` until final, and prints `done`.
async fn finish(
	session: &Session,
	chain: &Chain,
	keys: &KeyFile,
	call: RuntimeCall,
	done: String,
) -> Result<()> {
	let included = submit(chain, keys, call, WaitFor::Finalized).await?;
	session.print(json!({ "done": done, "block": included.block }), done);
	Ok(())
}

/// `mhr hospital show`: a hospital's registry entry and its vault.
async fn show(session: &Session, hospital: HospitalId) -> Result<()> {
	let chain = session.chain().await?;
	let at = chain.at_finalized().await?;
	let info = at.hospital(hospital).await?.ok_or(mhr_client::Error::UnknownHospital(hospital))?;
	let vault = at.vault_account(hospital).await?.map(|account| ss58(&account));
	let name = String::from_utf8_lossy(&info.name).into_owned();
	let url = String::from_utf8_lossy(&info.vault_url).into_owned();
	session.print(
		json!({
			"hospital": hospital, "name": name, "admin": ss58(&info.admin),
			"status": format!("{:?}", info.status), "vault_url": url, "vault_account": vault,
		}),
		format!(
			"hospital {hospital}: {name} ({:?})\nadmin:         {}\nvault URL:     {url}\nvault account: {}",
			info.status,
			ss58(&info.admin),
			vault.as_deref().unwrap_or("none")
		),
	);
	Ok(())
}
