//! The types the hospitals registry stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, PartialEqNoBound};
use scale_info::TypeInfo;

/// Where a hospital stands in the consortium.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum HospitalStatus {
	/// A full member: its admin sits on the council and its node is an authority.
	Active,
	/// Temporarily out: off the council and the authority set until reinstated.
	Suspended,
	/// Out for good. The entry stays for the record; its id is never reused.
	Removed,
}

/// A consortium hospital.
#[derive(Encode, Decode, CloneNoBound, PartialEqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxName, MaxUrl))]
pub struct HospitalInfo<AccountId, BlockNumber, MaxName: Get<u32>, MaxUrl: Get<u32>>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
{
	/// The hospital's display name (UTF-8).
	pub name: BoundedVec<u8, MaxName>,
	/// The account that acts for the hospital: it sets the vault URL and hands the role on,
	/// votes on the council while the hospital is active, and is the hospital's validator id
	/// (its node's session keys are registered under it).
	pub admin: AccountId,
	/// Where the hospital stands.
	pub status: HospitalStatus,
	/// The base URL of the hospital's record vault (`http://` or `https://`).
	pub vault_url: BoundedVec<u8, MaxUrl>,
	/// The block the hospital was admitted in.
	pub admitted_at: BlockNumber,
}

/// A founding hospital in a chain spec's genesis, with its name and vault URL as text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisHospital<AccountId> {
	/// The hospital's name.
	pub name: alloc::string::String,
	/// Its admin account.
	pub admin: AccountId,
	/// Where its record vault serves (`http://` or `https://`).
	pub vault_url: alloc::string::String,
}
