//! The runtime APIs of MHR Chain's own pallets: what the node's RPC, the vaults, the `mhr` CLI
//! and `@polkadot/api` clients (`api.call.accessApi.*`, `api.call.recordsApi.*`) ask the
//! runtime. Generic over the runtime's stored types, so that this crate need not know them.

use alloc::vec::Vec;
use codec::Codec;
use sp_core::H256;

use crate::{AccessBasis, CategoryId, GrantId, HospitalId, RecordId};

sp_api::decl_runtime_apis! {
	/// Patients' consent: grants, who may read or write what, and the audit trail.
	///
	/// Version 1. A changed method keeps its old signature under `#[changed_in(N)]` and the
	/// trait's version goes to N, so clients of either runtime can ask
	/// (`api_version::<dyn AccessApi<..>>`).
	#[api_version(1)]
	pub trait AccessApi<AccountId, Grant, AuditEntry>
	where
		AccountId: Codec,
		Grant: Codec,
		AuditEntry: Codec,
	{
		/// A patient's grants, oldest first (expired ones included until removed).
		fn grants_of(patient: AccountId) -> Vec<(GrantId, Grant)>;

		/// The patients (and their grant ids) that granted `doctor` access.
		fn patients_of_doctor(doctor: AccountId) -> Vec<(AccountId, GrantId)>;

		/// The patients (and their grant ids) that granted `hospital` access.
		fn patients_of_hospital(hospital: HospitalId) -> Vec<(AccountId, GrantId)>;

		/// Why `who` may read `patient`'s records of `category` now, if they may.
		fn can_read(who: AccountId, patient: AccountId, category: CategoryId) -> Option<AccessBasis>;

		/// Why `who` may write `patient`'s records of `category` now, if they may.
		fn can_write(who: AccountId, patient: AccountId, category: CategoryId) -> Option<AccessBasis>;

		/// A patient's most recent audit entries, oldest first.
		fn audit_trail(patient: AccountId) -> Vec<AuditEntry>;
	}

	/// The index of records: lookups, search and verification.
	///
	/// Version 1 (versioned as [`AccessApi`] is).
	#[api_version(1)]
	pub trait RecordsApi<AccountId, Record, Verification>
	where
		AccountId: Codec,
		Record: Codec,
		Verification: Codec,
	{
		/// The record with this id.
		fn record(record: RecordId) -> Option<Record>;

		/// A page of `patient`'s records (of `category` only, if given), newest first, starting
		/// below the record `after` (from the newest if `None`), at most `limit` (and at most
		/// 100) records.
		fn records_by_patient(
			patient: AccountId,
			category: Option<CategoryId>,
			after: Option<RecordId>,
			limit: u32,
		) -> Vec<(RecordId, Record)>;

		/// Whether `sha256` is the hash indexed for `record`, and where the record stands;
		/// `None` if no record has this id.
		fn verify_record(record: RecordId, sha256: H256) -> Option<Verification>;
	}
}
