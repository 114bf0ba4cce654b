//! Signed extrinsics, built from the runtime's own call and transaction-extension types.

use codec::Encode;
use mhr_runtime::{
	tx_extension, Address, Hash, Nonce, RuntimeCall, SignedPayload, UncheckedExtrinsic,
};
use sp_core::{sr25519, Pair};
use sp_runtime::{generic::Era, MultiSignature};

/// How many blocks a transaction stays valid after the block it was signed at: 256 (about 25
/// minutes), counted from the finalized head, so a finality stall of a few minutes does not
/// make every new transaction outdated.
pub const MORTALITY: u64 = 256;

/// What a signature commits to besides the call: the chain and runtime it is for, and the
/// block its validity period starts at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigningContext {
	/// The chain's genesis hash.
	pub genesis: Hash,
	/// The runtime's spec version.
	pub spec_version: u32,
	/// The runtime's transaction version.
	pub tx_version: u32,
	/// The block the transaction's mortality period starts at (number and hash).
	pub birth: (u32, Hash),
}

/// `call` signed by `signer` at `nonce`, valid for [`MORTALITY`] blocks from
/// `context.birth`.
pub fn sign(
	signer: &sr25519::Pair,
	call: RuntimeCall,
	nonce: Nonce,
	context: &SigningContext,
) -> UncheckedExtrinsic {
	let era = Era::mortal(MORTALITY, context.birth.0.into());
	let extensions = tx_extension(nonce, era);
	// What the extensions add to the signed payload without carrying it (see
	// `mhr_runtime::tx_extension`).
	let implicit = (
		(),
		context.spec_version,
		context.tx_version,
		context.genesis,
		context.birth.1,
		(),
		(),
		(),
		None,
		(),
		(),
		(),
	);
	let payload = SignedPayload::from_raw(call.clone(), extensions.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	let sender = Address::Id(signer.public().into());
	UncheckedExtrinsic::new_signed(call, sender, MultiSignature::Sr25519(signature), extensions)
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Decode;
	use mhr_runtime::Runtime;
	use sp_runtime::traits::Checkable;

	#[test]
	fn a_signed_extrinsic_decodes_and_its_signature_checks_out() {
		let signer = sr25519::Pair::from_string("//Alice", None).expect("a dev key");
		let call = RuntimeCall::Access(pallet_mhr_access::Call::register_patient {});
		let context = SigningContext {
			genesis: Hash::repeat_byte(1),
			spec_version: mhr_runtime::VERSION.spec_version,
			tx_version: mhr_runtime::VERSION.transaction_version,
			birth: (10, Hash::repeat_byte(2)),
		};
		let extrinsic = sign(&signer, call.clone(), 5, &context);
		let decoded = UncheckedExtrinsic::decode(&mut &extrinsic.encode()[..]).expect("decodes");
		assert_eq!(decoded.function, call);
		// The signature checks against the same implicit data the runtime would supply.
		let lookup = frame_system::ChainContext::<Runtime>::default();
		let checked = sp_io::TestExternalities::default().execute_with(|| {
			frame_system::BlockHash::<Runtime>::insert(0, Hash::repeat_byte(1));
			frame_system::BlockHash::<Runtime>::insert(10, Hash::repeat_byte(2));
			frame_system::Pallet::<Runtime>::set_block_number(20);
			decoded.check(&lookup)
		});
		assert!(checked.is_ok(), "the runtime accepts the signature: {checked:?}");
	}
}
