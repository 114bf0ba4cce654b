//! The node's JSON-RPC methods beyond Substrate's built-in ones: account nonces
//! (`system_accountNextIndex`), fee estimates (`payment_queryInfo`, ...), GRANDPA's view
//! (`grandpa_roundState`: which voters have prevoted and precommitted in the current round,
//! what an operator looks at when finality stalls; `grandpa_subscribeJustifications`,
//! `grandpa_proveFinality`) and the index of records (`mhr_record`, `mhr_recordsByPatient`,
//! `mhr_verifyRecord`: see [`crate::records_rpc`]).

use std::sync::Arc;

use jsonrpsee::RpcModule;
use mhr_runtime::{
	opaque::Block, AccountId, Balance, BlockNumber, Hash, Nonce, RecordEntry, RecordVerification,
};
use sc_consensus_grandpa::{
	FinalityProofProvider, GrandpaJustificationStream, SharedAuthoritySet, SharedVoterState,
};
use sc_rpc::SubscriptionTaskExecutor;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the GRANDPA methods read from: the voter's state, shared with it.
pub struct GrandpaDeps<B> {
	/// The authority set the voter follows.
	pub shared_authority_set: SharedAuthoritySet<Hash, BlockNumber>,
	/// The voter's rounds (empty on a node that does not vote).
	pub shared_voter_state: SharedVoterState,
	/// The justifications of the blocks the voter finalizes.
	pub justification_stream: GrandpaJustificationStream<Block>,
	/// Runs the subscriptions' tasks.
	pub subscription_executor: SubscriptionTaskExecutor,
	/// Builds finality proofs from the backend.
	pub finality_provider: Arc<FinalityProofProvider<B, Block>>,
}

/// What the RPC methods read from.
pub struct FullDeps<C, P, B> {
	/// The client, to call runtime APIs.
	pub client: Arc<C>,
	/// The transaction pool, for nonces of pending transactions.
	pub pool: Arc<P>,
	/// GRANDPA's state.
	pub grandpa: GrandpaDeps<B>,
}

/// The RPC extensions of a full node.
pub fn create_full<C, P, B>(
	deps: FullDeps<C, P, B>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
	B::State: sc_client_api::StateBackend<sp_runtime::traits::HashingFor<Block>>,
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
	use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	use crate::records_rpc::{Records, RecordsRpcServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, grandpa } = deps;
	let GrandpaDeps {
		shared_authority_set,
		shared_voter_state,
		justification_stream,
		subscription_executor,
		finality_provider,
	} = grandpa;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Records::new(client).into_rpc())?;
	module.merge(
		Grandpa::new(
			subscription_executor,
			shared_authority_set,
			shared_voter_state,
			justification_stream,
			finality_provider,
		)
		.into_rpc(),
	)?;

	Ok(module)
}
