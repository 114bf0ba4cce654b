//! The node's JSON-RPC methods beyond Substrate's built-in ones: account nonces
//! (`system_accountNextIndex`), fee estimates (`payment_queryInfo`, ...) and the index of
//! records (`mhr_record`, `mhr_recordsByPatient`, `mhr_verifyRecord`: see
//! [`crate::records_rpc`]).

use std::sync::Arc;

use jsonrpsee::RpcModule;
use mhr_runtime::{opaque::Block, AccountId, Balance, Nonce, RecordEntry, RecordVerification};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC methods read from.
pub struct FullDeps<C, P> {
	/// The client, to call runtime APIs.
	pub client: Arc<C>,
	/// The transaction pool, for nonces of pending transactions.
	pub pool: Arc<P>,
}

/// The RPC extensions of a full node.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ mhr_primitives::api::RecordsApi<Block, AccountId, RecordEntry, RecordVerification>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	use crate::records_rpc::{Records, RecordsRpcServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Records::new(client).into_rpc())?;

	Ok(module)
}
