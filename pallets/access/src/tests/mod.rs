//! Unit tests, by topic.

mod audit;
mod emergency;
mod feeless;
mod grants;
mod patients;
mod vaults;

use frame_support::{assert_ok, BoundedVec};
use mhr_primitives::CategoryId;

use crate::{mock::*, AccessMode, Grantee, Scope, ScopeRequest};

/// Registers `patient`.
fn register(patient: u64) {
	assert_ok!(Access::register_patient(RuntimeOrigin::signed(patient)));
}

/// A scope of exactly `categories`.
fn only(categories: &[CategoryId]) -> ScopeRequest {
	Scope::Only(BoundedVec::truncate_from(categories.to_vec()))
}

/// [`PATIENT`] grants `grantee` access to `scope` in `mode` until `expires_at`.
fn grant(grantee: Grantee<u64>, scope: ScopeRequest, mode: AccessMode, expires_at: Option<u64>) {
	assert_ok!(Access::grant_access(
		RuntimeOrigin::signed(PATIENT),
		PATIENT,
		grantee,
		scope,
		mode,
		expires_at
	));
}
