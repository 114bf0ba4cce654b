//! [`PrioritizeSeniority`]: senior doctors' transactions go first under load.

use codec::{Decode, DecodeWithMemTracking, Encode};
use core::marker::PhantomData;
use frame_support::{pallet_prelude::TransactionSource, traits::OriginTrait, DefaultNoBound};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, TransactionExtension, ValidateResult},
	transaction_validity::ValidTransaction,
	Weight,
};

use crate::{Config, Pallet, WeightInfo};

/// A transaction extension without payload: a signed transaction from a qualified doctor
/// (practising at an active hospital, with at least their rank's minimum bond) gets the pool
/// priority of the doctor's rank ([`crate::RankParams::priority`]) added to the
/// priority the other extensions give it (fees and tip), so that under load senior doctors'
/// submissions are included first. Transactions of anyone else are left as they are.
///
/// It adds nothing to what is signed (no explicit or implicit data): wallets sign for it
/// without knowing it.
#[derive(Encode, Decode, DecodeWithMemTracking, DefaultNoBound, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct PrioritizeSeniority<T>(PhantomData<T>);

impl<T> PrioritizeSeniority<T> {
	/// The extension.
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T> core::fmt::Debug for PrioritizeSeniority<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "PrioritizeSeniority")
	}
}

impl<T: Config + Send + Sync> TransactionExtension<T::RuntimeCall> for PrioritizeSeniority<T> {
	const IDENTIFIER: &'static str = "PrioritizeSeniority";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	fn weight(&self, _: &T::RuntimeCall) -> Weight {
		T::WeightInfo::prioritize_seniority()
	}

	fn validate(
		&self,
		origin: T::RuntimeOrigin,
		_call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		let priority = origin.as_signer().map(Pallet::<T>::priority_of).unwrap_or(0);
		Ok((ValidTransaction { priority, ..Default::default() }, (), origin))
	}

	impl_tx_ext_default!(T::RuntimeCall; prepare);
}
