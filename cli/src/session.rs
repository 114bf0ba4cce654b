//! What every command needs: where the node is, whose key, how to print, and how to submit a
//! transaction with advice on a refusal.

use anyhow::{bail, Result};
use mhr_client::{
	chain::{Chain, Included, WaitFor},
	keys::{key_path, KeyFile},
	ss58, Error as ClientError,
};
use mhr_runtime::RuntimeCall;
use serde_json::Value;

use crate::{
	advice::advice,
	output::{fee_charged, progress, result},
};

/// The global flags of one `mhr` run.
pub struct Session {
	/// The node's WebSocket RPC URL.
	pub node: String,
	/// The key file's name or path.
	pub key: String,
	/// Whether to print JSON.
	pub json: bool,
}

impl Session {
	/// The key file of `--key`.
	pub fn keys(&self) -> Result<KeyFile> {
		Ok(KeyFile::load(&key_path(&self.key))?)
	}

	/// A connection to `--node`.
	pub async fn chain(&self) -> Result<Chain> {
		progress(format!("connecting to {}", self.node));
		Ok(Chain::connect(&self.node).await?)
	}

	/// Prints a command's result: `value` with `--json`, else `text`.
	pub fn print(&self, value: Value, text: impl AsRef<str>) {
		result(self.json, value, text);
	}
}

/// Submits `call` signed by `keys`, reporting progress, and turns an on-chain failure into an
/// error with advice.
pub async fn submit(
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
