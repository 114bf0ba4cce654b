//! `mhr-node`: the node each consortium hospital runs to author MHR Chain blocks (Aura) and
//! finalize them (GRANDPA).

#![warn(missing_docs)]

mod chain_spec;
mod cli;
mod command;
mod records_rpc;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
