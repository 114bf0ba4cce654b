//! [`CountFeelessCalls`]: the rate limit of patients' fee-less calls, and their place in the
//! transaction pool.

use codec::{Decode, DecodeWithMemTracking, Encode};
use core::marker::PhantomData;
use frame_support::{
	dispatch::{Pays, PostDispatchInfo},
	pallet_prelude::TransactionSource,
	traits::IsSubType,
	DefaultNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{
		DispatchInfoOf, DispatchOriginOf, Dispatchable, Get, PostDispatchInfoOf,
		TransactionExtension, ValidateResult,
	},
	transaction_validity::{TransactionValidityError, ValidTransaction},
	DispatchResult, Weight,
};

use crate::{Config, Pallet, WeightInfo};

/// A transaction extension without payload that counts each fee-less call of this pallet
/// against its patient's allowance ([`Config::MaxFeelessCalls`] per
/// [`Config::FeelessWindow`]).
///
/// The count is taken before the call is dispatched, so a fee-less call that fails still
/// counts: a patient cannot flood the chain with free failing calls. Once the allowance is
/// used, `#[pallet::feeless_if]` answers no and the patient's calls pay the usual fee (through
/// `pallet-skip-feeless-payment`'s `SkipCheckIfFeeless`, which must wrap the payment
/// extension). It adds nothing to what is signed.
///
/// A fee-less call also enters the pool at [`Config::ConsentPriority`]: with no fee there is no
/// tip, so it would otherwise rank below every paying transaction, and a revocation could land
/// after the read it was meant to stop. The allowance bounds how many calls a patient can put
/// there.
#[derive(Encode, Decode, DecodeWithMemTracking, DefaultNoBound, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CountFeelessCalls<T>(PhantomData<T>);

impl<T> CountFeelessCalls<T> {
	/// The extension.
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T> core::fmt::Debug for CountFeelessCalls<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CountFeelessCalls")
	}
}

impl<T: Config + Send + Sync> TransactionExtension<T::RuntimeCall> for CountFeelessCalls<T>
where
	T::RuntimeCall: IsSubType<crate::Call<T>> + Dispatchable<PostInfo = PostDispatchInfo>,
{
	const IDENTIFIER: &'static str = "CountFeelessCalls";
	type Implicit = ();
	/// The patient whose fee-less call this is, if it is one.
	type Val = Option<T::AccountId>;
	/// Whether the call is fee-less.
	type Pre = bool;

	fn weight(&self, _: &T::RuntimeCall) -> Weight {
		T::WeightInfo::count_feeless_call()
	}

	fn validate(
		&self,
		origin: DispatchOriginOf<T::RuntimeCall>,
		call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		let patient =
			call.is_sub_type().and_then(|call| Pallet::<T>::feeless_patient(call, &origin));
		let priority = if patient.is_some() { T::ConsentPriority::get() } else { 0 };
		Ok((ValidTransaction { priority, ..Default::default() }, patient, origin))
	}

	fn prepare(
		self,
		patient: Self::Val,
		_origin: &DispatchOriginOf<T::RuntimeCall>,
		_call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		if let Some(patient) = &patient {
			Pallet::<T>::note_feeless_call(patient);
		}
		Ok(patient.is_some())
	}

	/// Marks a fee-less call's outcome `Pays::No`, so that `ExtrinsicSuccess` (and
	/// `ExtrinsicFailed`) tell wallets what was charged: nothing.
	fn post_dispatch(
		feeless: Self::Pre,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		post_info: &mut PostDispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		_result: &DispatchResult,
	) -> Result<(), TransactionValidityError> {
		if feeless {
			post_info.pays_fee = Pays::No;
		}
		Ok(())
	}
}
