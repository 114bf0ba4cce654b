//! A connection to an MHR Chain node: queries at the finalized head, and transactions.

use codec::{Decode, Encode};
use jsonrpsee::{
	core::client::{ClientT, SubscriptionClientT},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use mhr_runtime::{
	AccountId, BlockNumber, Hash, RuntimeCall, RuntimeError, RuntimeEvent, UncheckedExtrinsic,
};
use serde_json::Value;
use sp_core::{sr25519, Pair};
use sp_runtime::DispatchError;
use std::{sync::Arc, time::Duration};
use tokio::sync::RwLock;

use crate::{
	tx::{self, SigningContext},
	Error, Result,
};

/// How far to follow a submitted transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitFor {
	/// Until it is in a block (about one 6-second slot).
	InBlock,
	/// Until its block is finalized (a few blocks more).
	Finalized,
}

/// A transaction that went through: where, and the events its call emitted.
#[derive(Debug)]
pub struct Included {
	/// The block it is in.
	pub block: Hash,
	/// The events of its call, in order.
	pub events: Vec<RuntimeEvent>,
}

/// How long a transaction may take to get into a block before the client gives up.
pub const IN_BLOCK_TIMEOUT: Duration = Duration::from_secs(90);
/// How long a transaction may take to be finalized before the client gives up.
pub const FINALITY_TIMEOUT: Duration = Duration::from_secs(300);

/// A connection to one node, re-established when it drops.
pub struct Chain {
	client: RwLock<Arc<WsClient>>,
	genesis: Hash,
	spec_version: u32,
	tx_version: u32,
	url: String,
}

/// Opens a WebSocket connection to `url`.
async fn open(url: &str) -> Result<WsClient> {
	WsClientBuilder::default().request_timeout(Duration::from_secs(120)).build(url).await.map_err(
		|e| {
			Error::Rpc(format!(
				"cannot reach a node at {url} ({e}): is it running, and is this its RPC port?"
			))
		},
	)
}

/// The genesis hash of the node behind `client`, after checking that it runs the runtime this
/// client was built for; with the runtime's spec and transaction versions.
async fn check_runtime(client: &WsClient) -> Result<(Hash, u32, u32)> {
	let genesis: Hash =
		client.request("chain_getBlockHash", rpc_params![0]).await.map_err(rpc_error)?;
	let version: Value =
		client.request("state_getRuntimeVersion", rpc_params![]).await.map_err(rpc_error)?;
	let field = |name: &str| version.get(name).cloned().unwrap_or(Value::Null);
	let spec_name = field("specName").as_str().unwrap_or_default().to_string();
	let spec_version = field("specVersion").as_u64().unwrap_or_default() as u32;
	let tx_version = field("transactionVersion").as_u64().unwrap_or_default() as u32;
	let built = mhr_runtime::VERSION;
	if spec_name != built.spec_name
		|| spec_version != built.spec_version
		|| tx_version != built.transaction_version
	{
		return Err(Error::RuntimeMismatch {
			spec_name,
			spec_version,
			tx_version,
			built_spec: built.spec_version,
			built_tx: built.transaction_version,
		});
	}
	Ok((genesis, spec_version, tx_version))
}

fn rpc_error(error: jsonrpsee::core::ClientError) -> Error {
	Error::Rpc(error.to_string())
}

fn from_hex(text: &str) -> Result<Vec<u8>> {
	hex::decode(text.trim_start_matches("0x"))
		.map_err(|e| Error::UnexpectedAnswer(format!("not hex ({e}): {text}")))
}

fn decode<T: Decode>(bytes: &[u8], what: &str) -> Result<T> {
	T::decode(&mut &bytes[..]).map_err(|e| Error::UnexpectedAnswer(format!("{what}: {e}")))
}

/// The storage key of `System::Events` (the storage item is private to `frame-system`).
fn events_key() -> Vec<u8> {
	frame_support::storage::storage_prefix(b"System", b"Events").to_vec()
}

/// The number in a JSON block header.
fn header_number(header: &Value) -> Result<BlockNumber> {
	let number = header
		.get("number")
		.and_then(Value::as_str)
		.ok_or_else(|| Error::UnexpectedAnswer(format!("not a block header: {header}")))?;
	u32::from_str_radix(number.trim_start_matches("0x"), 16)
		.map_err(|e| Error::UnexpectedAnswer(format!("block number {number}: {e}")))
}

/// `Pallet.Error` for a dispatch error of this runtime.
pub fn dispatch_error_name(error: DispatchError) -> String {
	match RuntimeError::from_dispatch_error(error) {
		Some(known) => {
			// `Access(NoAccess)` → `Access.NoAccess`.
			let text = format!("{known:?}");
			match text.split_once('(') {
				Some((pallet, rest)) => format!("{pallet}.{}", rest.trim_end_matches(')')),
				None => text,
			}
		}
		None => format!("{error:?}"),
	}
}

impl Chain {
	/// Connects to the node at `url` (`ws://` or `wss://`) and checks that it runs the runtime
	/// this client was built for.
	pub async fn connect(url: &str) -> Result<Self> {
		let client = open(url).await?;
		let (genesis, spec_version, tx_version) = check_runtime(&client).await?;
		Ok(Self {
			client: RwLock::new(Arc::new(client)),
			genesis,
			spec_version,
			tx_version,
			url: url.to_string(),
		})
	}

	/// The connection, opened anew (and the runtime checked again) if it dropped.
	async fn rpc(&self) -> Result<Arc<WsClient>> {
		{
			let client = self.client.read().await;
			if client.is_connected() {
				return Ok(client.clone());
			}
		}
		let mut client = self.client.write().await;
		if !client.is_connected() {
			let reopened = open(&self.url).await?;
			let (genesis, spec_version, tx_version) = check_runtime(&reopened).await?;
			if (genesis, spec_version, tx_version)
				!= (self.genesis, self.spec_version, self.tx_version)
			{
				return Err(Error::Rpc(format!(
					"the node at {} now runs another chain or runtime: restart this program",
					self.url
				)));
			}
			*client = Arc::new(reopened);
		}
		Ok(client.clone())
	}

	/// The hash and number of the finalized head.
	pub async fn finalized_head(&self) -> Result<(Hash, BlockNumber)> {
		let hash: Hash = self
			.rpc()
			.await?
			.request("chain_getFinalizedHead", rpc_params![])
			.await
			.map_err(rpc_error)?;
		Ok((hash, self.block_number(hash).await?))
	}

	/// The number of the best block.
	pub async fn best_number(&self) -> Result<BlockNumber> {
		let header: Value =
			self.rpc().await?.request("chain_getHeader", rpc_params![]).await.map_err(rpc_error)?;
		header_number(&header)
	}

	/// The number of block `hash`.
	pub async fn block_number(&self, hash: Hash) -> Result<BlockNumber> {
		let header: Value = self
			.rpc()
			.await?
			.request("chain_getHeader", rpc_params![hash])
			.await
			.map_err(rpc_error)?;
		if header.is_null() {
			return Err(Error::UnexpectedAnswer(format!("no block {hash:?}")));
		}
		header_number(&header)
	}

	/// Calls the runtime API function `method` (e.g. `AccessApi_can_read`) with `args` at
	/// block `at` and decodes its answer.
	pub(crate) async fn runtime_call<R: Decode>(
		&self,
		method: &str,
		args: impl Encode,
		at: Hash,
	) -> Result<R> {
		let data = format!("0x{}", hex::encode(args.encode()));
		let answer: String = self
			.rpc()
			.await?
			.request("state_call", rpc_params![method, data, at])
			.await
			.map_err(rpc_error)?;
		decode(&from_hex(&answer)?, method)
	}

	/// The value stored under `key` at block `at`, if any.
	pub(crate) async fn storage<V: Decode>(&self, key: Vec<u8>, at: Hash) -> Result<Option<V>> {
		let key = format!("0x{}", hex::encode(key));
		let answer: Option<String> = self
			.rpc()
			.await?
			.request("state_getStorage", rpc_params![key, at])
			.await
			.map_err(rpc_error)?;
		answer.map(|bytes| decode(&from_hex(&bytes)?, "a stored value")).transpose()
	}

	/// The next nonce of `account`, counting its transactions in the pool.
	pub async fn next_nonce(&self, account: &AccountId) -> Result<u32> {
		self.rpc()
			.await?
			.request("system_accountNextIndex", rpc_params![crate::ss58(account)])
			.await
			.map_err(rpc_error)
	}

	/// A signing context for a transaction signed now: mortal from the finalized head (a
	/// birth block that cannot be reorganised away), for [`tx::MORTALITY`] blocks.
	pub async fn signing_context(&self) -> Result<SigningContext> {
		let (hash, number) = self.finalized_head().await?;
		Ok(SigningContext {
			genesis: self.genesis,
			spec_version: self.spec_version,
			tx_version: self.tx_version,
			birth: (number, hash),
		})
	}

	/// Signs `call` with `signer` at its next nonce, submits it and follows it as far as
	/// `wait` says. Fails with [`Error::Failed`] naming the error if the call failed.
	pub async fn submit(
		&self,
		signer: &sr25519::Pair,
		call: RuntimeCall,
		wait: WaitFor,
	) -> Result<Included> {
		let nonce = self.next_nonce(&signer.public().into()).await?;
		self.submit_at(signer, call, nonce, wait).await
	}

	/// As [`Chain::submit`], at a nonce the caller keeps track of (for a sender with many
	/// transactions in flight).
	pub async fn submit_at(
		&self,
		signer: &sr25519::Pair,
		call: RuntimeCall,
		nonce: u32,
		wait: WaitFor,
	) -> Result<Included> {
		let context = self.signing_context().await?;
		let extrinsic = tx::sign(signer, call, nonce, &context);
		self.submit_extrinsic(&extrinsic, wait).await
	}

	async fn submit_extrinsic(
		&self,
		extrinsic: &UncheckedExtrinsic,
		wait: WaitFor,
	) -> Result<Included> {
		let limit = match wait {
			WaitFor::InBlock => IN_BLOCK_TIMEOUT,
			WaitFor::Finalized => FINALITY_TIMEOUT,
		};
		tokio::time::timeout(limit, self.follow(extrinsic, wait)).await.unwrap_or_else(|_| {
			Err(Error::NotIncluded(format!(
				"still not {} after {} s",
				if wait == WaitFor::InBlock { "in a block" } else { "final" },
				limit.as_secs()
			)))
		})
	}

	/// Submits `extrinsic` and follows its status updates as far as `wait` says.
	async fn follow(&self, extrinsic: &UncheckedExtrinsic, wait: WaitFor) -> Result<Included> {
		let encoded = extrinsic.encode();
		let hex_encoded = format!("0x{}", hex::encode(&encoded));
		let mut updates = self
			.rpc()
			.await?
			.subscribe::<Value, _>(
				"author_submitAndWatchExtrinsic",
				rpc_params![hex_encoded],
				"author_unwatchExtrinsic",
			)
			.await
			.map_err(|e| Error::Refused(e.to_string()))?;
		let mut included: Option<Hash> = None;
		while let Some(update) = updates.next().await {
			let update = update.map_err(|e| Error::Rpc(e.to_string()))?;
			let status = match &update {
				Value::String(status) => status.as_str(),
				Value::Object(map) => map.keys().next().map(String::as_str).unwrap_or_default(),
				_ => "",
			};
			let block = || -> Result<Hash> {
				serde_json::from_value(update[status].clone())
					.map_err(|e| Error::UnexpectedAnswer(format!("{update}: {e}")))
			};
			match status {
				"inBlock" => {
					let hash = block()?;
					if wait == WaitFor::InBlock {
						let events = self.events_of(&encoded, hash).await?;
						return Ok(Included { block: hash, events });
					}
					included = Some(hash);
				}
				"finalized" => {
					let hash = block()?;
					return Ok(Included {
						block: hash,
						events: self.events_of(&encoded, hash).await?,
					});
				}
				"retracted" => included = None,
				"dropped" | "invalid" | "usurped" | "finalityTimeout" => {
					return Err(Error::NotIncluded(format!(
						"{status}{}",
						included.map(|b| format!(" (was in block {b:?})")).unwrap_or_default()
					)))
				}
				_ => {}
			}
		}
		Err(Error::NotIncluded("the node closed the subscription".into()))
	}

	/// The events of `extrinsic` in `block`; an error naming the failure if its call failed.
	async fn events_of(&self, extrinsic: &[u8], block: Hash) -> Result<Vec<RuntimeEvent>> {
		let body: Value = self
			.rpc()
			.await?
			.request("chain_getBlock", rpc_params![block])
			.await
			.map_err(rpc_error)?;
		let wanted = format!("0x{}", hex::encode(extrinsic));
		let index = body["block"]["extrinsics"]
			.as_array()
			.and_then(|all| all.iter().position(|x| x.as_str() == Some(wanted.as_str())))
			.ok_or_else(|| Error::UnexpectedAnswer(format!("transaction not in {block:?}")))?
			as u32;
		let records: Vec<frame_system::EventRecord<RuntimeEvent, Hash>> =
			self.storage(events_key(), block).await?.unwrap_or_default();
		let mut events = Vec::new();
		for record in records {
			if record.phase != frame_system::Phase::ApplyExtrinsic(index) {
				continue;
			}
			if let RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error,
				..
			}) = record.event
			{
				return Err(Error::Failed(dispatch_error_name(dispatch_error)));
			}
			events.push(record.event);
		}
		Ok(events)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use mhr_runtime::Runtime;

	#[test]
	fn the_events_key_is_system_events() {
		assert_eq!(
			hex::encode(events_key()),
			"26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7"
		);
	}

	#[test]
	fn dispatch_errors_are_named_by_pallet_and_variant() {
		let error: DispatchError = pallet_mhr_access::Error::<Runtime>::NoAccess.into();
		assert_eq!(dispatch_error_name(error), "Access.NoAccess");
		assert_eq!(dispatch_error_name(DispatchError::BadOrigin), "BadOrigin");
	}
}
