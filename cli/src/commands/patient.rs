//! `mhr patient`: what a patient does, each command acting for the key's own account.

use anyhow::{anyhow, Context, Result};
use clap::{Args, Subcommand};
use frame_support::traits::Get;
use mhr_client::{chain::WaitFor, records::share_records, ss58, Chain, KeyFile};
use mhr_primitives::{AccessBasis, CategoryId, GrantId};
use mhr_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use pallet_mhr_access::{AccessMode, Grantee, Scope};
use serde_json::{json, Value};

use crate::{
	commands::read::{self, ReadArgs},
	output::progress,
	parse::account,
	session::{submit, Session},
};

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

/// Runs `mhr patient ...`.
pub async fn run(session: &Session, command: PatientCommand) -> Result<()> {
	let keys = session.keys()?;
	let me = keys.account();
	let chain = session.chain().await?;
	match command {
		PatientCommand::Register => {
			let call = RuntimeCall::Access(pallet_mhr_access::Call::register_patient {});
			submit(&chain, &keys, call, WaitFor::Finalized).await?;
			session.print(
				json!({ "patient": ss58(&me) }),
				format!("registered patient {}", ss58(&me)),
			);
		}
		PatientCommand::Grant(args) => grant(session, &chain, &keys, args).await?,
		PatientCommand::Revoke { grant } => {
			let call = pallet_mhr_access::Call::revoke_access { patient: me.clone(), grant };
			submit(&chain, &keys, RuntimeCall::Access(call), WaitFor::Finalized).await?;
			session.print(json!({ "revoked": grant }), format!("revoked grant {grant}"));
		}
		PatientCommand::Guardian { account: guardian, remove: _ } => {
			let guardian = guardian.as_deref().map(account).transpose()?;
			let text = match &guardian {
				Some(guardian) => format!("{} is your guardian", ss58(guardian)),
				None => "you have no guardian now".to_string(),
			};
			let call = pallet_mhr_access::Call::set_guardian { patient: me.clone(), guardian };
			submit(&chain, &keys, RuntimeCall::Access(call), WaitFor::Finalized).await?;
			session.print(json!({ "done": text }), text);
		}
		PatientCommand::Grants => {
			let grants = chain.at_finalized().await?.grants_of(&me).await?;
			let rows: Vec<Value> = grants
				.iter()
				.map(|(id, grant)| {
					json!({
						"grant": id,
						"grantee": match &grant.grantee {
							Grantee::Doctor(doctor) => json!({ "doctor": ss58(doctor) }),
							Grantee::Hospital(hospital) => json!({ "hospital": hospital }),
						},
						"categories": match &grant.scope {
							Scope::All => json!("all"),
							Scope::Only(categories) => json!(categories.to_vec()),
						},
						"mode": format!("{:?}", grant.mode),
						"granted_at": grant.granted_at,
						"expires_at": grant.expires_at,
					})
				})
				.collect();
			let text = if rows.is_empty() {
				"no grants".to_string()
			} else {
				rows.iter().map(Value::to_string).collect::<Vec<_>>().join("\n")
			};
			session.print(json!({ "grants": rows }), text);
		}
		PatientCommand::Audit => {
			let trail = chain.at_finalized().await?.audit_trail(&me).await?;
			let rows: Vec<Value> = trail
				.iter()
				.map(|entry| {
					json!({
						"reader": ss58(&entry.reader),
						"record": entry.record,
						"purpose": entry.purpose,
						"block": entry.at,
						"basis": match entry.basis {
							AccessBasis::Grant(id) => json!({ "grant": id }),
							AccessBasis::Emergency(id) => json!({ "emergency": id }),
						},
					})
				})
				.collect();
			let text = if rows.is_empty() {
				"nobody has read your records".to_string()
			} else {
				trail
					.iter()
					.map(|e| {
						format!(
							"#{}: {} read record {} ({:?}, purpose {})",
							e.at,
							ss58(&e.reader),
							e.record,
							e.basis,
							e.purpose
						)
					})
					.collect::<Vec<_>>()
					.join("\n")
			};
			session.print(json!({ "audit": rows }), text);
		}
		PatientCommand::Read(args) => read::run(session, &chain, &keys, args).await?,
	}
	Ok(())
}

/// `mhr patient grant`: the grant, then the keys of the patient's records in scope re-wrapped
/// to a doctor grantee.
async fn grant(session: &Session, chain: &Chain, keys: &KeyFile, args: GrantArgs) -> Result<()> {
	let me = keys.account();
	let grantee = if args.hospital {
		Grantee::Hospital(args.grantee.parse().context("--hospital takes a hospital id")?)
	} else {
		Grantee::Doctor(account(&args.grantee)?)
	};
	// The chain's limit, checked before anything is signed.
	let scope: pallet_mhr_access::ScopeOf<Runtime> = if args.categories.is_empty() {
		Scope::All
	} else {
		let most: u32 = <Runtime as pallet_mhr_access::Config>::MaxScopeCategories::get();
		Scope::Only(frame_support::BoundedVec::try_from(args.categories.clone()).map_err(|_| {
			anyhow!("a grant lists at most {most} categories: grant the rest separately")
		})?)
	};
	// Wrapping needs the grantee's key: fail before granting if they have none.
	let wrap_to = match &grantee {
		Grantee::Doctor(doctor) => {
			let key = chain.at_finalized().await?.published_key(doctor).await?;
			Some((doctor.clone(), key))
		}
		Grantee::Hospital(_) => None,
	};
	let expires_at =
		match args.expires_in {
			Some(blocks) => {
				Some(chain.best_number().await?.checked_add(blocks).ok_or_else(|| {
					anyhow!("--expires-in {blocks} is beyond the last block number")
				})?)
			}
			None => None,
		};
	let mode = if args.write { AccessMode::ReadWrite } else { AccessMode::Read };
	let call = pallet_mhr_access::Call::grant_access {
		patient: me.clone(),
		grantee,
		scope: scope.clone().bounded().expect("a bounded scope fits the call's unbounded one; qed"),
		mode,
		expires_at,
	};
	let included = submit(chain, keys, RuntimeCall::Access(call), WaitFor::Finalized).await?;
	let grant = included
		.events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Access(pallet_mhr_access::Event::AccessGranted { grant, .. }) => {
				Some(*grant)
			}
			_ => None,
		})
		.ok_or_else(|| anyhow!("the grant went through but its event is missing"))?;
	let mut shared = Vec::new();
	if let Some((doctor, doctor_key)) = wrap_to {
		let at = chain.at_finalized().await?;
		shared = share_records(&at, keys, &doctor, &doctor_key, &scope, &|step| progress(step))
			.await
			.with_context(|| {
				format!(
					"grant {grant} is in force, but giving the grantee the keys of your records \
					 failed: fix the cause, then `mhr patient revoke {grant}` and grant again"
				)
			})?;
	}
	session.print(
		json!({ "grant": grant, "expires_at": expires_at, "envelopes_for": shared }),
		format!(
			"grant {grant} made{}; the key of {} existing record(s) wrapped to the grantee",
			expires_at.map(|at| format!(" (until block #{at})")).unwrap_or_default(),
			shared.len()
		),
	);
	Ok(())
}
