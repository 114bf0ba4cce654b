//! What the vault asks of the chain, behind a trait so the HTTP layer is tested against a
//! ledger held in memory; [`Node`] asks the hospital's node.

use mhr_client::{
	chain::{Chain, WaitFor},
	AccountId, Error, KeyFile, Result,
};
use mhr_primitives::{AccessBasis, CategoryId, HospitalId, RecordId};
use mhr_runtime::{Hash, RecordEntry, RuntimeCall};
use std::future::Future;
use tokio::sync::Mutex;

/// The chain, as the vault sees it.
pub trait Ledger: Send + Sync + 'static {
	/// The finalized head, at which every question below is asked.
	fn finalized(&self) -> impl Future<Output = Result<Hash>> + Send;

	/// The hospital `who` practises at, at block `at`, if they are a doctor who does (bonded
	/// or not, not suspended, not released) and the hospital is active: a suspended or
	/// removed hospital's doctors practise nowhere, as far as its vault goes.
	fn practising_at(
		&self,
		who: &AccountId,
		at: Hash,
	) -> impl Future<Output = Result<Option<HospitalId>>> + Send;

	/// The index entry of `record` at block `at`.
	fn record(
		&self,
		record: RecordId,
		at: Hash,
	) -> impl Future<Output = Result<Option<RecordEntry>>> + Send;

	/// Why `reader` may read `patient`'s records of `category` at block `at`, if they may.
	fn can_read(
		&self,
		reader: &AccountId,
		patient: &AccountId,
		category: CategoryId,
		at: Hash,
	) -> impl Future<Output = Result<Option<AccessBasis>>> + Send;

	/// Logs `reader`'s read of `record` on chain and waits until it is in a block: that
	/// block's hash. The chain checks the reader's access again as it executes the call.
	fn log_read(
		&self,
		reader: &AccountId,
		record: RecordId,
		purpose: u8,
	) -> impl Future<Output = Result<Hash>> + Send;
}

/// The hospital's node, and the vault's key that logs reads on it.
pub struct Node {
	chain: Chain,
	key: KeyFile,
	/// The vault account's next nonce, kept here so that concurrent reads log concurrently.
	next_nonce: Mutex<Option<u32>>,
}

impl Node {
	/// Asks `chain`, logging reads with `key`.
	pub fn new(chain: Chain, key: KeyFile) -> Self {
		Self { chain, key, next_nonce: Mutex::new(None) }
	}
}

impl Ledger for Node {
	async fn finalized(&self) -> Result<Hash> {
		self.chain.finalized_head().await.map(|(hash, _)| hash)
	}

	async fn practising_at(&self, who: &AccountId, at: Hash) -> Result<Option<HospitalId>> {
		self.chain.at(at).practising_at_active(who).await
	}

	async fn record(&self, record: RecordId, at: Hash) -> Result<Option<RecordEntry>> {
		self.chain.at(at).record(record).await
	}

	async fn can_read(
		&self,
		reader: &AccountId,
		patient: &AccountId,
		category: CategoryId,
		at: Hash,
	) -> Result<Option<AccessBasis>> {
		self.chain.at(at).can_read(reader, patient, category).await
	}

	async fn log_read(&self, reader: &AccountId, record: RecordId, purpose: u8) -> Result<Hash> {
		let call = RuntimeCall::Access(pallet_mhr_access::Call::log_access_for {
			reader: reader.clone(),
			record,
			purpose,
		});
		let nonce = {
			let mut next = self.next_nonce.lock().await;
			let nonce = match *next {
				Some(nonce) => nonce,
				None => self.chain.next_nonce(&self.key.account()).await?,
			};
			*next = Some(nonce + 1);
			nonce
		};
		let submitted =
			self.chain.submit_at(self.key.signer(), call, nonce, WaitFor::InBlock).await;
		if let Err(error) = &submitted {
			if !matches!(error, Error::Failed(_)) {
				// The transaction may not have reached the pool, leaving a gap in the nonces:
				// read the next nonce from the node again next time.
				*self.next_nonce.lock().await = None;
			}
		}
		submitted.map(|included| included.block)
	}
}
