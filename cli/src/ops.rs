//! What each command does.

use anyhow::{anyhow, bail, Context, Result};
use frame_support::traits::Get;
use mhr_client::{
	chain::{Chain, Included, WaitFor},
	keys::{key_path, KeyFile},
	parse_account, ss58,
	vault::{from_base64, VaultClient},
	AccountId, Error as ClientError,
};
use mhr_envelope::{KeyEnvelope, PublicEncryptionKey, SealedRecord};
use mhr_primitives::{
	token::UNITS, AccessBasis, CategoryId, EncryptionPublicKey, GrantId, HospitalId, RecordId,
};
use mhr_runtime::{
	AuditEntry, Balance, GrantEntry, Hash, RecordEntry, Runtime, RuntimeCall, RuntimeEvent,
};
use pallet_mhr_access::{AccessMode, Grantee, Scope};
use serde_json::{json, Value};
use sp_core::H256;
use std::time::{Duration, Instant};

use crate::{
	output::{progress, result},
	Cli, Command, DoctorCommand, GrantArgs, HospitalCommand, KeysCommand, PatientCommand, ReadArgs,
	VaultCommand,
};

/// What every command needs: where the node is, whose key, how to print.
struct Session {
	node: String,
	key: String,
	json: bool,
}

impl Session {
	fn keys(&self) -> Result<KeyFile> {
		Ok(KeyFile::load(&key_path(&self.key))?)
	}

	async fn chain(&self) -> Result<Chain> {
		progress(format!("connecting to {}", self.node));
		Ok(Chain::connect(&self.node).await?)
	}

	fn print(&self, value: Value, text: impl AsRef<str>) {
		result(self.json, value, text);
	}
}

/// What to do after an on-chain error `name` (`Pallet.Error`), where there is advice.
fn advice(name: &str) -> Option<&'static str> {
	Some(match name {
		"Access.UnknownPatient" => "the patient must register first: `mhr patient register`",
		"Access.PatientAlreadyRegistered" => "you are registered already",
		"Access.NotPatientOrGuardian" => "only the patient or their guardian may do this",
		"Access.NoAccess" =>
			"no live grant covers this record: ask the patient (`mhr patient grant <your account> --categories N`)",
		"Access.NotHospitalAdmin" | "Doctors.NotHospitalAdmin" =>
			"use the key of an active hospital's admin (--key)",
		"Access.GranteeNotPractising" =>
			"the doctor must practise at an active hospital (`mhr hospital register-doctor`)",
		"Access.TooManyGrants" => "revoke a grant first (`mhr patient grants`, `mhr patient revoke ID`)",
		"Access.UnknownGrant" => "see your grants with `mhr patient grants`",
		"Access.VaultOfAnotherHospital" => "that account is another hospital's vault: make a new key",
		"Records.NoWriteAccess" =>
			"ask the patient for a read-write grant: `mhr patient grant <your account> --write`",
		"Records.NotRegisteredDoctor" | "Access.NotRegisteredDoctor" =>
			"only a doctor may do this: your hospital registers you (`mhr hospital register-doctor`)",
		"Records.BondBelowMinimum" | "Access.BondBelowMinimum" =>
			"bond at least your rank's minimum first (`mhr doctor bond`)",
		"Records.DoctorSuspended" | "Access.DoctorSuspended" =>
			"you are suspended: your hospital's admin (or the council) must reinstate you",
		"Records.DoctorReleased" | "Access.DoctorReleased" =>
			"your hospital released you: a hospital must register you again",
		"Records.HospitalNotActive" | "Access.DoctorHospitalNotActive" =>
			"your hospital is suspended or removed: no doctor of it may act until the council reinstates it",
		"Records.UnknownCategory" | "Records.CategoryRetired" =>
			"use one of the chain's categories (the ICD-10 chapters are 1-22)",
		"Records.AuthorCannotVote" => "a colleague of your hospital must endorse your record",
		"Records.NotDoctorOfHospital" => "only doctors of the record's hospital endorse or dispute it",
		"Doctors.DoctorAlreadyRegistered" => "the doctor is registered already",
		"Doctors.UnknownDoctor" | "Doctors.NotYourDoctor" =>
			"register the doctor at your hospital first (`mhr hospital register-doctor`)",
		"Doctors.UnknownRank" => "use one of the chain's ranks (0-4)",
		"Doctors.DoctorReleased" =>
			"the doctor was released: register them again (`mhr hospital register-doctor`)",
		"Doctors.ZeroLicenceHash" => "give the licence's text, or its real SHA-256, not zeros",
		"Records.LocationTooLong" =>
			"the vault URL makes the location too long: register a shorter one (`mhr hospital set-vault-url`)",
		"Access.VaultHospitalNotActive" =>
			"the hospital is suspended or removed: its vault serves no reads until it is reinstated",
		_ => return None,
	})
}

/// How much a record's location adds to its vault's URL: `/v1/blobs/` and 64 hex digits.
const BLOB_PATH_LEN: usize = "/v1/blobs/".len() + 64;

/// Submits `call` signed by `keys`, reporting progress, and turns an on-chain failure into an
/// error with advice.
async fn submit(
	chain: &Chain,
	keys: &KeyFile,
	call: RuntimeCall,
	wait: WaitFor,
) -> Result<Included> {
	progress(match wait {
		WaitFor::InBlock => "submitting, waiting for the next block",
		WaitFor::Finalized => "submitting, waiting for finality (about 20 s)",
	});
	match chain.submit(keys.signer(), call, wait).await {
		Ok(included) => {
			progress(format!("in block {:?}; {}", included.block, fee_charged(&included.events)));
			Ok(included)
		}
		Err(ClientError::Failed(name)) => match advice(&name) {
			Some(advice) => bail!("the chain refused it: {name}: {advice}"),
			None => bail!("the chain refused it: {name}"),
		},
		Err(ClientError::Refused(message)) if message.contains("Inability to pay") => {
			bail!("the account {} cannot pay the fee: fund it first", ss58(&keys.account()))
		}
		Err(error) => Err(error.into()),
	}
}

fn account(text: &str) -> Result<AccountId> {
	parse_account(text).map_err(|e| anyhow!("{e}"))
}

fn hex32(hash: &[u8; 32]) -> String {
	format!("0x{}", hex::encode(hash))
}

pub async fn run(cli: Cli) -> Result<()> {
	let ctx = Session { node: cli.node, key: cli.key, json: cli.json };
	match cli.command {
		Command::Keys(command) => keys(&ctx, command).await,
		Command::Hospital(command) => hospital(&ctx, command).await,
		Command::Patient(command) => patient(&ctx, command).await,
		Command::Doctor(command) => doctor(&ctx, command).await,
		Command::Vault(command) => vault(&ctx, command).await,
	}
}

fn describe_keys(ctx: &Session, keys: &KeyFile, path: &std::path::Path, phrase: Option<&str>) {
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
	ctx.print(
		json!({ "account": account, "encryption_key": encryption, "key_file": path, "phrase": phrase }),
		text,
	);
}

async fn keys(ctx: &Session, command: KeysCommand) -> Result<()> {
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
			describe_keys(ctx, &keys, &path, phrase.as_deref());
		}
		KeysCommand::Show { name } => {
			let path = key_path(name.as_deref().unwrap_or(&ctx.key));
			let keys = KeyFile::load(&path)?;
			describe_keys(ctx, &keys, &path, None);
		}
		KeysCommand::Publish => {
			let keys = ctx.keys()?;
			let chain = ctx.chain().await?;
			let key: EncryptionPublicKey = keys.encryption_public().to_bytes();
			let call = RuntimeCall::Access(pallet_mhr_access::Call::set_encryption_key {
				key: key.to_vec(),
			});
			let included = submit(&chain, &keys, call, WaitFor::Finalized).await?;
			ctx.print(
				json!({ "account": ss58(&keys.account()), "encryption_key": hex32(&key), "block": included.block }),
				format!("published the encryption key {} of {}", hex32(&key), ss58(&keys.account())),
			);
		}
	}
	Ok(())
}

/// A licence given as `0x` + 64 hex digits is its hash; any other text is hashed here.
fn licence_hash(licence: &str) -> H256 {
	match licence.strip_prefix("0x").and_then(|hex| hex::decode(hex).ok()) {
		Some(bytes) if bytes.len() == 32 => H256::from_slice(&bytes),
		_ => H256(mhr_envelope::sha256(licence.as_bytes())),
	}
}

/// The hospital `admin` acts for.
async fn hospital_of_admin(chain: &Chain, admin: &AccountId, at: Hash) -> Result<HospitalId> {
	let hospital: Option<HospitalId> = chain
		.storage(pallet_mhr_hospitals::HospitalOfAdmin::<Runtime>::hashed_key_for(admin), at)
		.await?;
	hospital.ok_or_else(|| {
		anyhow!("{} is no hospital's admin: use the admin's key (--key)", ss58(admin))
	})
}

async fn show_hospital(ctx: &Session, hospital: HospitalId) -> Result<()> {
	let chain = ctx.chain().await?;
	let (at, _) = chain.finalized_head().await?;
	let info: Option<pallet_mhr_hospitals::HospitalOf<Runtime>> = chain
		.storage(pallet_mhr_hospitals::Hospitals::<Runtime>::hashed_key_for(hospital), at)
		.await?;
	let info = info.ok_or_else(|| anyhow!("no hospital {hospital} in the registry"))?;
	let vault: Option<AccountId> =
		chain.storage(pallet_mhr_access::Vaults::<Runtime>::hashed_key_for(hospital), at).await?;
	let name = String::from_utf8_lossy(&info.name).into_owned();
	let url = String::from_utf8_lossy(&info.vault_url).into_owned();
	let vault = vault.map(|account| ss58(&account));
	ctx.print(
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

async fn hospital(ctx: &Session, command: HospitalCommand) -> Result<()> {
	let command = match command {
		HospitalCommand::Show { hospital } => return show_hospital(ctx, hospital).await,
		admin => admin,
	};
	let keys = ctx.keys()?;
	let chain = ctx.chain().await?;
	let (call, done) = match command {
		HospitalCommand::Show { hospital } => return show_hospital(ctx, hospital).await,
		HospitalCommand::SetVaultUrl { url } => {
			// The chain's limits, checked before anything is signed: the URL's own, and the
			// index's for the locations of the records stored there (`{url}/v1/blobs/{sha256}`).
			let most_url: u32 = <Runtime as pallet_mhr_hospitals::Config>::MaxVaultUrlLength::get();
			let most_location: u32 = <Runtime as pallet_mhr_records::Config>::MaxLocationLen::get();
			let most = (most_url as usize).min(most_location as usize - BLOB_PATH_LEN);
			if url.len() > most {
				bail!(
					"the vault URL is {} bytes; the chain takes at most {most} (its records' \
					 locations, the URL and /v1/blobs/ and 64 hex digits, must fit in \
					 {most_location}): use a shorter host name or path",
					url.len()
				);
			}
			let (at, _) = chain.finalized_head().await?;
			let hospital = hospital_of_admin(&chain, &keys.account(), at).await?;
			let text = format!("hospital {hospital}'s vault is at {url}");
			let call =
				pallet_mhr_hospitals::Call::set_vault_url { hospital, vault_url: url.into_bytes() };
			(RuntimeCall::Hospitals(call), text)
		}
		HospitalCommand::RegisterDoctor { doctor, rank, licence } => {
			let doctor = account(&doctor)?;
			let text = format!("registered {} at rank {rank}", ss58(&doctor));
			let call = pallet_mhr_staking::Call::register_doctor {
				doctor,
				rank,
				licence_hash: licence_hash(&licence),
			};
			(RuntimeCall::Doctors(call), text)
		}
		HospitalCommand::SetRank { doctor, rank } => {
			let doctor = account(&doctor)?;
			let text = format!("{} is now of rank {rank}", ss58(&doctor));
			(RuntimeCall::Doctors(pallet_mhr_staking::Call::set_rank { doctor, rank }), text)
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
	let included = submit(&chain, &keys, call, WaitFor::Finalized).await?;
	ctx.print(json!({ "done": done, "block": included.block }), done);
	Ok(())
}

/// `who`'s published encryption key, or an error saying how to publish one.
async fn encryption_key_of(
	chain: &Chain,
	who: &AccountId,
	at: Hash,
) -> Result<PublicEncryptionKey> {
	let key: Option<EncryptionPublicKey> = chain
		.storage(pallet_mhr_access::EncryptionKeys::<Runtime>::hashed_key_for(who), at)
		.await?;
	let key = key.ok_or_else(|| {
		anyhow!("{} has published no encryption key: they run `mhr keys publish` first", ss58(who))
	})?;
	Ok(PublicEncryptionKey::from_bytes(&key)?)
}

/// The vault URL hospital `hospital` registered on chain.
async fn registered_vault(
	chain: &Chain,
	hospital: HospitalId,
	at: Hash,
) -> Result<(String, String)> {
	let info: Option<pallet_mhr_hospitals::HospitalOf<Runtime>> = chain
		.storage(pallet_mhr_hospitals::Hospitals::<Runtime>::hashed_key_for(hospital), at)
		.await?;
	let info = info.ok_or_else(|| anyhow!("no hospital {hospital} in the registry"))?;
	Ok((
		String::from_utf8_lossy(&info.vault_url).into_owned(),
		String::from_utf8_lossy(&info.name).into_owned(),
	))
}

/// The hospital `doctor` practises at now.
async fn hospital_of_doctor(chain: &Chain, doctor: &AccountId, at: Hash) -> Result<HospitalId> {
	let info: Option<pallet_mhr_staking::DoctorOf<Runtime>> =
		chain.storage(pallet_mhr_staking::Doctors::<Runtime>::hashed_key_for(doctor), at).await?;
	info.and_then(|info| info.practising_at()).ok_or_else(|| {
		anyhow!(
			"{} does not practise at a hospital: its admin registers you with `mhr hospital register-doctor`",
			ss58(doctor)
		)
	})
}

fn status_text(entry: &RecordEntry) -> String {
	use pallet_mhr_records::RecordStatus::*;
	match entry.status {
		Pending { deadline } => format!("pending until #{deadline}"),
		Confirmed { at } => format!("confirmed at #{at}"),
		Rejected { at, cause } => format!("rejected at #{at} ({cause:?})"),
		Superseded { by, at } => format!("superseded by #{by} at #{at}"),
	}
}

fn record_json(id: RecordId, entry: &RecordEntry) -> Value {
	json!({
		"record": id,
		"patient": ss58(&entry.patient),
		"category": entry.category,
		"sha256": hex32(&entry.sha256.0),
		"location": String::from_utf8_lossy(&entry.location),
		"author": ss58(&entry.author),
		"hospital": entry.hospital,
		"status": status_text(entry),
	})
}

async fn patient(ctx: &Session, command: PatientCommand) -> Result<()> {
	let keys = ctx.keys()?;
	let me = keys.account();
	let chain = ctx.chain().await?;
	match command {
		PatientCommand::Register => {
			let call = RuntimeCall::Access(pallet_mhr_access::Call::register_patient {});
			submit(&chain, &keys, call, WaitFor::Finalized).await?;
			ctx.print(json!({ "patient": ss58(&me) }), format!("registered patient {}", ss58(&me)));
		}
		PatientCommand::Grant(args) => grant(ctx, &chain, &keys, args).await?,
		PatientCommand::Revoke { grant } => {
			let call = pallet_mhr_access::Call::revoke_access { patient: me.clone(), grant };
			submit(&chain, &keys, RuntimeCall::Access(call), WaitFor::Finalized).await?;
			ctx.print(json!({ "revoked": grant }), format!("revoked grant {grant}"));
		}
		PatientCommand::Guardian { account: guardian, remove: _ } => {
			let guardian = guardian.as_deref().map(account).transpose()?;
			let text = match &guardian {
				Some(guardian) => format!("{} is your guardian", ss58(guardian)),
				None => "you have no guardian now".to_string(),
			};
			let call = pallet_mhr_access::Call::set_guardian { patient: me.clone(), guardian };
			submit(&chain, &keys, RuntimeCall::Access(call), WaitFor::Finalized).await?;
			ctx.print(json!({ "done": text }), text);
		}
		PatientCommand::Grants => {
			let (at, _) = chain.finalized_head().await?;
			let grants: Vec<(GrantId, GrantEntry)> =
				chain.runtime_call("AccessApi_grants_of", &me, at).await?;
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
			ctx.print(json!({ "grants": rows }), text);
		}
		PatientCommand::Audit => {
			let (at, _) = chain.finalized_head().await?;
			let trail: Vec<AuditEntry> =
				chain.runtime_call("AccessApi_audit_trail", &me, at).await?;
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
			ctx.print(json!({ "audit": rows }), text);
		}
		PatientCommand::Read(args) => read(ctx, &chain, &keys, args).await?,
	}
	Ok(())
}

async fn grant(ctx: &Session, chain: &Chain, keys: &KeyFile, args: GrantArgs) -> Result<()> {
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
	let (at, _) = chain.finalized_head().await?;
	// Wrapping needs the grantee's key: fail before granting if they have none.
	let wrap_to = match &grantee {
		Grantee::Doctor(doctor) => {
			Some((doctor.clone(), encryption_key_of(chain, doctor, at).await?))
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
		shared =
			share_records(chain, keys, &doctor, &doctor_key, &scope).await.with_context(|| {
				format!(
					"grant {grant} is in force, but giving the grantee the keys of your records \
				 failed: fix the cause, then `mhr patient revoke {grant}` and grant again"
				)
			})?;
	}
	ctx.print(
		json!({ "grant": grant, "expires_at": expires_at, "envelopes_for": shared }),
		format!(
			"grant {grant} made{}; the key of {} existing record(s) wrapped to the grantee",
			expires_at.map(|at| format!(" (until block #{at})")).unwrap_or_default(),
			shared.len()
		),
	);
	Ok(())
}

/// Re-wraps the key of each of the patient's records in `scope` to `doctor` and stores the
/// envelope at the record's vault: the grantee can then open what they may now read.
async fn share_records(
	chain: &Chain,
	keys: &KeyFile,
	doctor: &AccountId,
	doctor_key: &PublicEncryptionKey,
	scope: &pallet_mhr_access::ScopeOf<Runtime>,
) -> Result<Vec<RecordId>> {
	let me = keys.account();
	let (at, _) = chain.finalized_head().await?;
	let mut shared = Vec::new();
	let mut after = None;
	loop {
		let page: Vec<(RecordId, RecordEntry)> = chain
			.runtime_call(
				"RecordsApi_records_by_patient",
				(&me, None::<CategoryId>, after, 100u32),
				at,
			)
			.await?;
		let Some((last, _)) = page.last() else { break };
		after = Some(*last);
		for (id, entry) in page {
			if !scope.covers(entry.category) {
				continue;
			}
			progress(format!("wrapping the key of record #{id} to {}", ss58(doctor)));
			let (url, _) = registered_vault(chain, entry.hospital, at).await?;
			let vault = VaultClient::new(&url);
			let response = vault.read_record(keys.signer(), id, 0).await?;
			let envelope = response.envelope.as_deref().and_then(from_base64).ok_or_else(|| {
				anyhow!("the vault at {url} holds no envelope of record #{id} for you")
			})?;
			let envelope = KeyEnvelope::from_bytes(&envelope)?;
			let rewrapped = envelope.rewrap(keys.encryption(), &entry.sha256.0, doctor_key)?;
			vault
				.put_envelope(
					keys.signer(),
					&hex::encode(entry.sha256.0),
					doctor,
					Some(id),
					rewrapped.to_bytes().to_vec(),
				)
				.await?;
			shared.push(id);
		}
	}
	Ok(shared)
}

async fn doctor(ctx: &Session, command: DoctorCommand) -> Result<()> {
	let keys = ctx.keys()?;
	let chain = ctx.chain().await?;
	match command {
		DoctorCommand::Bond { amount } => {
			let value = parse_amount(&amount)?;
			let call = pallet_mhr_staking::Call::bond { amount: value };
			submit(&chain, &keys, RuntimeCall::Doctors(call), WaitFor::Finalized).await?;
			ctx.print(json!({ "bonded": value.to_string() }), format!("bonded {amount} MHR"));
		}
		DoctorCommand::Write { patient, category, file, supersedes, vault } => {
			write(ctx, &chain, &keys, &account(&patient)?, category, &file, supersedes, vault)
				.await?
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
			ctx.print(
				json!({ "endorsed": record, "confirmed": confirmed }),
				format!(
					"endorsed record #{record}{}",
					if confirmed { "; it is now confirmed" } else { "" }
				),
			);
		}
		DoctorCommand::Search { patient, category, after, limit } => {
			if !(1..=100).contains(&limit) {
				bail!("--limit must be between 1 and 100");
			}
			let patient = account(&patient)?;
			let (at, _) = chain.finalized_head().await?;
			let page: Vec<(RecordId, RecordEntry)> = chain
				.runtime_call(
					"RecordsApi_records_by_patient",
					(&patient, category, after, limit),
					at,
				)
				.await?;
			let rows: Vec<Value> = page.iter().map(|(id, entry)| record_json(*id, entry)).collect();
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
			ctx.print(json!({ "records": rows }), text);
		}
		DoctorCommand::Read(args) => read(ctx, &chain, &keys, args).await?,
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
			ctx.print(
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

/// What a transaction cost its signer, from its events: the fee the payment pallet took, or
/// none for a fee-less call.
fn fee_charged(events: &[RuntimeEvent]) -> String {
	events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, tip, .. },
			) => Some(if *tip > 0 {
				format!(
					"fee paid: {} MHR (tip {} MHR)",
					format_amount(*actual_fee),
					format_amount(*tip)
				)
			} else {
				format!("fee paid: {} MHR", format_amount(*actual_fee))
			}),
			RuntimeEvent::SkipFeelessPayment(_) => Some("no fee (a fee-less call)".to_string()),
			_ => None,
		})
		.unwrap_or_else(|| "no fee charged".to_string())
}

/// An amount in the smallest unit as MHR text, without trailing zeros (`0.001184`).
fn format_amount(amount: Balance) -> String {
	let decimals = mhr_primitives::token::DECIMALS as usize;
	let fraction = format!("{:0decimals$}", amount % UNITS);
	let fraction = fraction.trim_end_matches('0');
	if fraction.is_empty() {
		format!("{}", amount / UNITS)
	} else {
		format!("{}.{fraction}", amount / UNITS)
	}
}

/// MHR as text (`1.5`) in the smallest unit.
fn parse_amount(text: &str) -> Result<Balance> {
	let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
	let decimals = mhr_primitives::token::DECIMALS as usize;
	if fraction.len() > decimals || whole.is_empty() && fraction.is_empty() {
		bail!("'{text}' is not an amount of MHR (at most {decimals} decimals)");
	}
	let whole: Balance =
		if whole.is_empty() { 0 } else { whole.parse().context("not an amount of MHR")? };
	let fraction: Balance = if fraction.is_empty() {
		0
	} else {
		format!("{fraction:0<decimals$}").parse().context("not an amount of MHR")?
	};
	whole
		.checked_mul(UNITS)
		.and_then(|units| units.checked_add(fraction))
		.filter(|amount| *amount > 0)
		.ok_or_else(|| anyhow!("'{text}' is not a positive amount of MHR"))
}

async fn write(
	ctx: &Session,
	chain: &Chain,
	keys: &KeyFile,
	patient: &AccountId,
	category: CategoryId,
	file: &std::path::Path,
	supersedes: Option<RecordId>,
	vault_url: Option<String>,
) -> Result<()> {
	let plaintext =
		std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
	let (at, _) = chain.finalized_head().await?;
	let patient_key = encryption_key_of(chain, patient, at).await?;
	let hospital = hospital_of_doctor(chain, &keys.account(), at).await?;
	let url = match vault_url {
		Some(url) => url,
		None => registered_vault(chain, hospital, at).await?.0,
	};
	progress(format!("sealing {} bytes (XChaCha20-Poly1305, fresh key)", plaintext.len()));
	let (sealed, record_key) = SealedRecord::seal(&plaintext);
	let sha256 = sealed.sha256();
	let for_patient = KeyEnvelope::wrap(&record_key, &sha256, &patient_key)?;
	let for_me = KeyEnvelope::wrap(&record_key, &sha256, &keys.encryption_public())?;
	let vault = VaultClient::new(&url);
	let address = hex::encode(sha256);
	// The chain's limit, checked before anything is stored or signed.
	let location = format!("{url}/v1/blobs/{address}");
	debug_assert_eq!(location.len(), url.len() + BLOB_PATH_LEN);
	let max_location: u32 = <Runtime as pallet_mhr_records::Config>::MaxLocationLen::get();
	if location.len() > max_location as usize {
		bail!(
			"the record's location {location} is {} bytes, more than the index takes \
			 ({max_location}): register a shorter vault URL (mhr hospital set-vault-url)",
			location.len()
		);
	}
	progress(format!("storing the sealed record at {url} (sha256 {address})"));
	vault.put_blob(keys.signer(), &address, sealed.as_bytes().to_vec()).await?;
	vault
		.put_envelope(keys.signer(), &address, patient, None, for_patient.to_bytes().to_vec())
		.await?;
	vault
		.put_envelope(keys.signer(), &address, &keys.account(), None, for_me.to_bytes().to_vec())
		.await?;
	let call = pallet_mhr_records::Call::submit_record {
		patient: patient.clone(),
		category,
		sha256: H256(sha256),
		location: location.clone().into_bytes(),
		supersedes,
	};
	let included = submit(chain, keys, RuntimeCall::Records(call), WaitFor::Finalized).await?;
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
	ctx.print(
		json!({ "record": record, "sha256": hex32(&sha256), "location": location, "block": included.block }),
		format!("record #{record} indexed and final: sha256 {}, kept at {location}", hex32(&sha256)),
	);
	Ok(())
}

/// Fetches record `id` from `vault` for `keys`, and checks that its bytes are the indexed
/// ones: the tamper check, naming the hospital that served other bytes.
async fn fetch_checked(
	vault: &VaultClient,
	keys: &KeyFile,
	id: RecordId,
	entry: &RecordEntry,
	hospital_name: &str,
	purpose: u8,
) -> Result<(SealedRecord, Option<Vec<u8>>)> {
	let response = vault.read_record(keys.signer(), id, purpose).await?;
	let bytes = from_base64(&response.sealed)
		.ok_or_else(|| anyhow!("the vault at {} sent a malformed record", vault.url()))?;
	let served = mhr_envelope::sha256(&bytes);
	if served != entry.sha256.0 {
		bail!(
			"TAMPERED: hospital {} ({hospital_name}) served {} bytes for record #{id} from {} with SHA-256 {}, \
			 but the chain indexes {}: the stored record was altered, so it is refused; report it to the hospital",
			entry.hospital,
			bytes.len(),
			vault.url(),
			hex32(&served),
			hex32(&entry.sha256.0)
		);
	}
	let sealed = SealedRecord::from_bytes(bytes)?;
	Ok((sealed, response.envelope.as_deref().and_then(from_base64)))
}

async fn record_entry(chain: &Chain, id: RecordId, at: Hash) -> Result<RecordEntry> {
	let entry: Option<RecordEntry> = chain.runtime_call("RecordsApi_record", id, at).await?;
	entry.ok_or_else(|| anyhow!("no record #{id} in the finalized index"))
}

async fn read(ctx: &Session, chain: &Chain, keys: &KeyFile, args: ReadArgs) -> Result<()> {
	let (at, _) = chain.finalized_head().await?;
	let entry = record_entry(chain, args.record, at).await?;
	let (registered, name) = registered_vault(chain, entry.hospital, at).await?;
	let url = args.vault.unwrap_or(registered);
	progress(format!(
		"fetching record #{} from hospital {} ({name}) at {url}",
		args.record, entry.hospital
	));
	let vault = VaultClient::new(&url);
	let (sealed, envelope) =
		fetch_checked(&vault, keys, args.record, &entry, &name, args.purpose).await?;
	progress("SHA-256 matches the index; opening");
	let envelope = envelope.ok_or_else(|| {
		anyhow!(
			"the vault holds no key envelope of record #{} for you: the patient shares it with `mhr patient grant` \
			 (emergency access serves the sealed record, but only the patient or author can share its key)",
			args.record
		)
	})?;
	let record_key =
		KeyEnvelope::from_bytes(&envelope)?.open(keys.encryption(), &entry.sha256.0)?;
	let plaintext = sealed.open(&record_key)?;
	match &args.out {
		Some(path) => {
			std::fs::write(path, &plaintext[..])
				.with_context(|| format!("cannot write {}", path.display()))?;
			ctx.print(
				json!({ "record": args.record, "bytes": plaintext.len(), "out": path, "status": status_text(&entry) }),
				format!("record #{} ({}, {} bytes) written to {}", args.record, status_text(&entry), plaintext.len(), path.display()),
			);
		}
		None if ctx.json => ctx.print(
			json!({
				"record": args.record,
				"status": status_text(&entry),
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

async fn vault(ctx: &Session, command: VaultCommand) -> Result<()> {
	match command {
		VaultCommand::Health { vault, hospital } => {
			let url = match vault {
				Some(url) => url,
				None => {
					let chain = ctx.chain().await?;
					let (at, _) = chain.finalized_head().await?;
					registered_vault(&chain, hospital, at).await?.0
				}
			};
			let health = VaultClient::new(&url).health().await?;
			ctx.print(
				serde_json::to_value(&health)?,
				format!(
					"vault of hospital {} at {url}: {} sealed records, logs reads as {}",
					health.hospital, health.blobs, health.vault_account
				),
			);
		}
		VaultCommand::Load { record, clients, requests, vault } => {
			let keys = ctx.keys()?;
			let chain = ctx.chain().await?;
			load(ctx, &chain, keys, record, clients, requests, vault).await?
		}
	}
	Ok(())
}

/// `clients` concurrent readers reading `record` `requests` times each from its vault, each
/// answer checked against the index; fails if any read fails.
async fn load(
	ctx: &Session,
	chain: &Chain,
	keys: KeyFile,
	record: RecordId,
	clients: u32,
	requests: u32,
	vault_url: Option<String>,
) -> Result<()> {
	if clients == 0 || requests == 0 || clients > 256 || requests > 10_000 {
		bail!("--clients must be 1-256 and --requests 1-10000");
	}
	let (at, _) = chain.finalized_head().await?;
	let entry = record_entry(chain, record, at).await?;
	let (registered, name) = registered_vault(chain, entry.hospital, at).await?;
	let url = vault_url.unwrap_or(registered);
	progress(format!("{clients} clients x {requests} reads of record #{record} at {url}"));
	let keys = std::sync::Arc::new(keys);
	let entry = std::sync::Arc::new(entry);
	let started = Instant::now();
	let mut tasks = Vec::new();
	for _ in 0..clients {
		let (keys, entry, url, name) = (keys.clone(), entry.clone(), url.clone(), name.clone());
		tasks.push(tokio::spawn(async move {
			let vault = VaultClient::new(&url);
			let mut latencies = Vec::new();
			let mut errors = Vec::new();
			for _ in 0..requests {
				let begun = Instant::now();
				match fetch_checked(&vault, &keys, record, &entry, &name, 1).await {
					Ok(_) => latencies.push(begun.elapsed()),
					Err(error) => errors.push(error.to_string()),
				}
			}
			(latencies, errors)
		}));
	}
	let mut latencies: Vec<Duration> = Vec::new();
	let mut errors: Vec<String> = Vec::new();
	for task in tasks {
		let (mut l, mut e) = task.await.context("a load client panicked")?;
		latencies.append(&mut l);
		errors.append(&mut e);
	}
	let elapsed = started.elapsed();
	latencies.sort();
	let quantile = |q: f64| {
		latencies
			.get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
			.map(|d| d.as_millis())
			.unwrap_or_default()
	};
	let total = u64::from(clients) * u64::from(requests);
	let rate = latencies.len() as f64 / elapsed.as_secs_f64();
	ctx.print(
		json!({
			"clients": clients, "requests_each": requests, "ok": latencies.len(), "errors": errors.len(),
			"seconds": elapsed.as_secs_f64(), "requests_per_second": rate,
			"latency_ms": { "p50": quantile(0.5), "p95": quantile(0.95), "max": quantile(1.0) },
		}),
		format!(
			"{} of {total} reads ok in {:.1} s: {rate:.2} requests/s (latency p50 {} ms, p95 {} ms, max {} ms)",
			latencies.len(),
			elapsed.as_secs_f64(),
			quantile(0.5),
			quantile(0.95),
			quantile(1.0)
		),
	);
	if let Some(first) = errors.first() {
		bail!("{} of {total} reads failed; the first: {first}", errors.len());
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn fees_are_shown_as_charged() {
		assert_eq!(format_amount(UNITS + UNITS / 2), "1.5");
		assert_eq!(format_amount(1_184_800_000), "0.0011848");
		assert_eq!(format_amount(0), "0");
		let paid = RuntimeEvent::TransactionPayment(
			pallet_transaction_payment::Event::TransactionFeePaid {
				who: AccountId::new([1; 32]),
				actual_fee: UNITS / 1000,
				tip: 0,
			},
		);
		assert_eq!(fee_charged(&[paid]), "fee paid: 0.001 MHR");
		let skipped =
			RuntimeEvent::SkipFeelessPayment(pallet_skip_feeless_payment::Event::FeeSkipped {
				origin: frame_support::dispatch::RawOrigin::Signed(AccountId::new([1; 32])).into(),
			});
		assert_eq!(fee_charged(&[skipped]), "no fee (a fee-less call)");
	}

	#[test]
	fn amounts_of_mhr_read_with_decimals() {
		assert_eq!(parse_amount("1").ok(), Some(UNITS));
		assert_eq!(parse_amount("1.5").ok(), Some(UNITS + UNITS / 2));
		assert_eq!(parse_amount(".25").ok(), Some(UNITS / 4));
		assert!(parse_amount("0").is_err());
		assert!(parse_amount("1.0000000000001").is_err());
		assert!(parse_amount("abc").is_err());
		assert!(parse_amount(".").is_err());
	}

	#[test]
	fn a_licence_is_hashed_unless_given_as_a_hash() {
		let hash = format!("0x{}", "ab".repeat(32));
		assert_eq!(licence_hash(&hash), H256::repeat_byte(0xab));
		assert_eq!(licence_hash("licence 42"), H256(mhr_envelope::sha256(b"licence 42")));
	}

	#[test]
	fn on_chain_errors_come_with_advice() {
		assert!(advice("Access.NoAccess").is_some_and(|a| a.contains("mhr patient grant")));
		assert_eq!(advice("Balances.Something"), None);
	}
}
