//! Every question this client asks the chain, typed: the runtime APIs of MHR Chain's pallets
//! (`mhr_primitives::api`) and the storage reads, each asked at one block ([`At`]) and
//! answered in the runtime's own codec types.
//!
//! Nothing here names a type or a runtime API by hand alone. A runtime API call is made
//! through the runtime's implementation of the API's declaration
//! (`runtime_decl_for_access_api::AccessApi`), which fixes its arguments and its answer; a
//! storage read goes through the storage item's `StorageMap` implementation, which fixes its
//! key and its value. A changed API or storage item breaks this crate's build, not a user's
//! query.

use codec::{Decode, Encode, FullCodec, FullEncode};
use frame_support::storage::StorageMap;
use mhr_envelope::PublicEncryptionKey;
use mhr_primitives::{
	api::{runtime_decl_for_access_api::AccessApi, runtime_decl_for_records_api::RecordsApi},
	AccessBasis, CategoryId, EncryptionPublicKey, GrantId, HospitalId, RecordId,
};
use mhr_runtime::{
	AccountId, AuditEntry, Block, BlockNumber, GrantEntry, Hash, RecordEntry, RecordVerification,
	Runtime,
};
use sp_core::H256;

use crate::{Chain, Error, Result};

/// A hospital's vault, as the chain registers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisteredVault {
	/// The URL it serves at.
	pub url: String,
	/// The name of its hospital.
	pub hospital_name: String,
}

/// A runtime API function, by the types of its arguments (as a tuple, encoded one after the
/// other as the runtime reads them) and of its answer.
pub trait ApiFunction<Args, Answer> {}
impl<F: Fn(A) -> R, A, R> ApiFunction<(A,), R> for F {}
impl<F: Fn(A, B) -> R, A, B, R> ApiFunction<(A, B), R> for F {}
impl<F: Fn(A, B, C) -> R, A, B, C, R> ApiFunction<(A, B, C), R> for F {}
impl<F: Fn(A, B, C, D) -> R, A, B, C, D, R> ApiFunction<(A, B, C, D), R> for F {}

/// Calls `$api::$method` of the runtime at `$at`: the runtime's own implementation of the
/// method gives the types, the API's and the method's names the `state_call` name
/// (`AccessApi_grants_of`).
macro_rules! runtime_api {
	($at:expr, $api:ident<$($generic:ty),*>::$method:ident($($arg:expr),*)) => {
		$at.call(
			<Runtime as $api<Block, $($generic),*>>::$method,
			concat!(stringify!($api), "_", stringify!($method)),
			($($arg,)*),
		)
		.await
	};
}

/// The chain at one block: every query below is answered as of that block.
#[derive(Clone, Copy)]
pub struct At<'a> {
	chain: &'a Chain,
	block: Hash,
}

impl Chain {
	/// Queries at the finalized head: what every user of this client reads, so that an
	/// answer cannot be reorganised away.
	pub async fn at_finalized(&self) -> Result<At<'_>> {
		let (block, _) = self.finalized_head().await?;
		Ok(self.at(block))
	}

	/// Queries at block `block`.
	pub fn at(&self, block: Hash) -> At<'_> {
		At { chain: self, block }
	}
}

impl<'a> At<'a> {
	/// The block asked.
	pub fn block(&self) -> Hash {
		self.block
	}

	/// Its number.
	pub async fn number(&self) -> Result<BlockNumber> {
		self.chain.block_number(self.block).await
	}

	/// The chain asked.
	pub fn chain(&self) -> &'a Chain {
		self.chain
	}

	async fn call<Args: Encode, Answer: Decode>(
		&self,
		_api: impl ApiFunction<Args, Answer>,
		name: &str,
		args: Args,
	) -> Result<Answer> {
		self.chain.runtime_call(name, args, self.block).await
	}

	async fn map<S, K, V>(&self, key: &K) -> Result<Option<V>>
	where
		S: StorageMap<K, V>,
		K: FullEncode,
		V: FullCodec,
	{
		self.chain.storage(S::hashed_key_for(key), self.block).await
	}

	// ---- AccessApi ------------------------------------------------------------------------

	/// `AccessApi::grants_of`: a patient's grants, oldest first.
	pub async fn grants_of(&self, patient: &AccountId) -> Result<Vec<(GrantId, GrantEntry)>> {
		runtime_api!(
			self,
			AccessApi < AccountId,
			GrantEntry,
			AuditEntry > ::grants_of(patient.clone())
		)
	}

	/// `AccessApi::patients_of_doctor`: the patients (and grant ids) that granted `doctor`.
	pub async fn patients_of_doctor(
		&self,
		doctor: &AccountId,
	) -> Result<Vec<(AccountId, GrantId)>> {
		runtime_api!(
			self,
			AccessApi < AccountId,
			GrantEntry,
			AuditEntry > ::patients_of_doctor(doctor.clone())
		)
	}

	/// `AccessApi::patients_of_hospital`: the patients (and grant ids) that granted
	/// `hospital`.
	pub async fn patients_of_hospital(
		&self,
		hospital: HospitalId,
	) -> Result<Vec<(AccountId, GrantId)>> {
		runtime_api!(
			self,
			AccessApi < AccountId,
			GrantEntry,
			AuditEntry > ::patients_of_hospital(hospital)
		)
	}

	/// `AccessApi::can_read`: why `who` may read `patient`'s records of `category`, if they
	/// may.
	pub async fn can_read(
		&self,
		who: &AccountId,
		patient: &AccountId,
		category: CategoryId,
	) -> Result<Option<AccessBasis>> {
		runtime_api!(
			self,
			AccessApi < AccountId,
			GrantEntry,
			AuditEntry > ::can_read(who.clone(), patient.clone(), category)
		)
	}

	/// `AccessApi::can_write`: why `who` may write `patient`'s records of `category`, if
	/// they may.
	pub async fn can_write(
		&self,
		who: &AccountId,
		patient: &AccountId,
		category: CategoryId,
	) -> Result<Option<AccessBasis>> {
		runtime_api!(
			self,
			AccessApi < AccountId,
			GrantEntry,
			AuditEntry > ::can_write(who.clone(), patient.clone(), category)
		)
	}

	/// `AccessApi::audit_trail`: a patient's most recent audit entries, oldest first.
	pub async fn audit_trail(&self, patient: &AccountId) -> Result<Vec<AuditEntry>> {
		runtime_api!(
			self,
			AccessApi < AccountId,
			GrantEntry,
			AuditEntry > ::audit_trail(patient.clone())
		)
	}

	// ---- RecordsApi -----------------------------------------------------------------------

	/// `RecordsApi::record`: the index entry of `record`.
	pub async fn record(&self, record: RecordId) -> Result<Option<RecordEntry>> {
		runtime_api!(
			self,
			RecordsApi < AccountId,
			RecordEntry,
			RecordVerification > ::record(record)
		)
	}

	/// `RecordsApi::records_by_patient`: a page of `patient`'s records (of `category` only,
	/// if given), newest first, below `after`, at most `limit` (and at most 100).
	pub async fn records_by_patient(
		&self,
		patient: &AccountId,
		category: Option<CategoryId>,
		after: Option<RecordId>,
		limit: u32,
	) -> Result<Vec<(RecordId, RecordEntry)>> {
		runtime_api!(
			self,
			RecordsApi < AccountId,
			RecordEntry,
			RecordVerification > ::records_by_patient(patient.clone(), category, after, limit)
		)
	}

	/// `RecordsApi::verify_record`: whether `sha256` is the hash indexed for `record`.
	pub async fn verify_record(
		&self,
		record: RecordId,
		sha256: H256,
	) -> Result<Option<RecordVerification>> {
		runtime_api!(
			self,
			RecordsApi < AccountId,
			RecordEntry,
			RecordVerification > ::verify_record(record, sha256)
		)
	}

	// ---- Storage --------------------------------------------------------------------------

	/// `Hospitals::Hospitals`: hospital `hospital`'s registry entry.
	pub async fn hospital(
		&self,
		hospital: HospitalId,
	) -> Result<Option<pallet_mhr_hospitals::HospitalOf<Runtime>>> {
		self.map::<pallet_mhr_hospitals::Hospitals<Runtime>, _, _>(&hospital).await
	}

	/// `Hospitals::HospitalOfAdmin`: the hospital `admin` is the admin of.
	pub async fn hospital_of_admin(&self, admin: &AccountId) -> Result<Option<HospitalId>> {
		self.map::<pallet_mhr_hospitals::HospitalOfAdmin<Runtime>, _, _>(admin).await
	}

	/// `Access::Vaults`: the account hospital `hospital`'s vault logs reads with.
	pub async fn vault_account(&self, hospital: HospitalId) -> Result<Option<AccountId>> {
		self.map::<pallet_mhr_access::Vaults<Runtime>, _, _>(&hospital).await
	}

	/// `Access::EncryptionKeys`: the X25519 key `who` published, that record keys are
	/// wrapped to.
	pub async fn encryption_key(&self, who: &AccountId) -> Result<Option<EncryptionPublicKey>> {
		self.map::<pallet_mhr_access::EncryptionKeys<Runtime>, _, _>(who).await
	}

	/// `Doctors::Doctors`: `who`'s entry as a doctor.
	pub async fn doctor(
		&self,
		who: &AccountId,
	) -> Result<Option<pallet_mhr_doctors::DoctorOf<Runtime>>> {
		self.map::<pallet_mhr_doctors::Doctors<Runtime>, _, _>(who).await
	}

	// ---- Answers a workflow cannot go on without -------------------------------------------

	/// The index entry of `record`, or [`Error::UnknownRecord`].
	pub async fn indexed_record(&self, record: RecordId) -> Result<RecordEntry> {
		self.record(record).await?.ok_or(Error::UnknownRecord(record))
	}

	/// Where hospital `hospital`'s vault serves, as registered on chain, and the hospital's
	/// name; [`Error::UnknownHospital`] if there is no such hospital.
	pub async fn registered_vault(&self, hospital: HospitalId) -> Result<RegisteredVault> {
		let info = self.hospital(hospital).await?.ok_or(Error::UnknownHospital(hospital))?;
		Ok(RegisteredVault {
			url: String::from_utf8_lossy(&info.vault_url).into_owned(),
			hospital_name: String::from_utf8_lossy(&info.name).into_owned(),
		})
	}

	/// The encryption key `who` published, or [`Error::NoEncryptionKey`].
	pub async fn published_key(&self, who: &AccountId) -> Result<PublicEncryptionKey> {
		let key = self
			.encryption_key(who)
			.await?
			.ok_or_else(|| Error::NoEncryptionKey(crate::ss58(who)))?;
		Ok(PublicEncryptionKey::from_bytes(&key)?)
	}

	/// The hospital doctor `doctor` practises at now, or [`Error::NotPractising`].
	pub async fn practising_hospital(&self, doctor: &AccountId) -> Result<HospitalId> {
		self.doctor(doctor)
			.await?
			.and_then(|info| info.practising_at())
			.ok_or_else(|| Error::NotPractising(crate::ss58(doctor)))
	}

	/// The hospital `admin` is the admin of, or [`Error::NotHospitalAdmin`].
	pub async fn admin_hospital(&self, admin: &AccountId) -> Result<HospitalId> {
		self.hospital_of_admin(admin)
			.await?
			.ok_or_else(|| Error::NotHospitalAdmin(crate::ss58(admin)))
	}

	/// The hospital `who` practises at (a registered doctor, bonded or not, neither
	/// suspended nor released) if that hospital is active: a suspended or removed hospital's
	/// doctors practise nowhere, as far as its vault goes.
	pub async fn practising_at_active(&self, who: &AccountId) -> Result<Option<HospitalId>> {
		let Some(hospital) = self.doctor(who).await?.and_then(|info| info.practising_at()) else {
			return Ok(None);
		};
		let active = self
			.hospital(hospital)
			.await?
			.is_some_and(|info| info.status == pallet_mhr_hospitals::HospitalStatus::Active);
		Ok(active.then_some(hospital))
	}
}
