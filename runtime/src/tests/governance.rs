//! The consortium governs itself: the council of hospitals votes hospitals in and out by
//! motions of at least 2/3, and the authority set follows the registry at the session after
//! next.

use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchResult, GetDispatchInfo},
	traits::{OnFinalize, OnInitialize},
};
use sp_core::{crypto::Pair, proof_of_possession::ProofOfPossessionGenerator};
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	DispatchError,
};

use super::{check_governance, preset_externalities};
use crate::{
	configs::{MinHospitals, SessionPeriod},
	Council, Grandpa, Hospitals, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, Session,
	SessionKeys, System,
};

type Registry = pallet_mhr_hospitals::Hospitals<Runtime>;
type HospitalsError = pallet_mhr_hospitals::Error<Runtime>;

/// How a council motion ended.
#[derive(Debug, PartialEq)]
enum Outcome {
	/// Approved, and the call dispatched with this result.
	Executed(DispatchResult),
	/// Rejected by the votes.
	Disapproved,
}

/// Moves the chain to block `n`, rotating sessions and enacting GRANDPA changes on the way.
fn run_to_block(n: u32) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Session::on_initialize(next);
		Grandpa::on_finalize(next);
	}
}

/// What the council's votes on `call` led to, as its events tell.
fn outcome_of(call: &RuntimeCall) -> Option<Outcome> {
	let hash = BlakeTwo256::hash_of(call);
	System::events().into_iter().rev().find_map(|record| match record.event {
		RuntimeEvent::Council(pallet_collective::Event::Executed { proposal_hash, result })
			if proposal_hash == hash =>
		{
			Some(Outcome::Executed(result.map(|_| ())))
		}
		RuntimeEvent::Council(pallet_collective::Event::Disapproved { proposal_hash })
			if proposal_hash == hash =>
		{
			Some(Outcome::Disapproved)
		}
		_ => None,
	})
}

/// The index and hash of the newest motion.
fn last_motion(call: &RuntimeCall) -> (u32, sp_core::H256) {
	(
		pallet_collective::ProposalCount::<Runtime, crate::configs::CouncilCollective>::get() - 1,
		BlakeTwo256::hash_of(call),
	)
}

/// Closes the newest motion on `call`, as `closer`.
fn close(closer: Sr25519Keyring, call: &RuntimeCall) -> DispatchResult {
	let (index, hash) = last_motion(call);
	Council::close(
		RuntimeOrigin::signed(closer.to_account_id()),
		hash,
		index,
		call.get_dispatch_info().call_weight,
		call.encoded_size() as u32,
	)
	.map(|_| ())
	.map_err(|e| e.error)
}

/// `ayes[0]` proposes `call` to the council with a threshold of 2/3 of its members (rounded
/// up); `ayes` vote for it, `nays` against; then `ayes[0]` closes it.
fn motion(call: RuntimeCall, ayes: &[Sr25519Keyring], nays: &[Sr25519Keyring]) -> Outcome {
	let members =
		pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get().len();
	let threshold = (2 * members).div_ceil(3) as u32;
	let proposer = ayes[0];
	assert_ok!(Council::propose(
		RuntimeOrigin::signed(proposer.to_account_id()),
		threshold,
		Box::new(call.clone()),
		call.encoded_size() as u32,
	));
	let (index, hash) = last_motion(&call);
	for (voters, aye) in [(ayes, true), (nays, false)] {
		for voter in voters {
			assert_ok!(Council::vote(
				RuntimeOrigin::signed(voter.to_account_id()),
				hash,
				index,
				aye
			));
		}
	}
	assert_ok!(close(proposer, &call));
	outcome_of(&call).expect("a closed motion is executed or disapproved")
}

/// `proposer` proposes `call` with `threshold` and, unless that dispatched it at once (a
/// threshold of one), votes for it.
fn propose_and_vote_aye(proposer: Sr25519Keyring, threshold: u32, call: &RuntimeCall) {
	assert_ok!(Council::propose(
		RuntimeOrigin::signed(proposer.to_account_id()),
		threshold,
		Box::new(call.clone()),
		call.encoded_size() as u32,
	));
	if threshold > 1 {
		let (index, hash) = last_motion(call);
		assert_ok!(Council::vote(
			RuntimeOrigin::signed(proposer.to_account_id()),
			hash,
			index,
			true
		));
	}
}

fn admit(admin: Sr25519Keyring) -> RuntimeCall {
	RuntimeCall::Hospitals(pallet_mhr_hospitals::Call::admit {
		name: format!("{admin} Hospital").into_bytes(),
		admin: admin.to_account_id(),
		vault_url: b"https://vault.example".to_vec(),
	})
}

/// `who` registers the session keys of its own name (`//Dave`, ...), proving it holds them.
fn set_dev_keys(who: Sr25519Keyring, grandpa: Ed25519Keyring) -> DispatchResult {
	let owner = who.to_account_id().encode();
	let (mut aura_pair, mut grandpa_pair) = (who.pair(), grandpa.pair());
	let keys =
		SessionKeys { aura: aura_pair.public().into(), grandpa: grandpa_pair.public().into() };
	let proof = (
		aura_pair.generate_proof_of_possession(&owner),
		grandpa_pair.generate_proof_of_possession(&owner),
	)
		.encode();
	Session::set_keys(RuntimeOrigin::signed(who.to_account_id()), keys, proof)
}

fn local() -> sp_io::TestExternalities {
	let mut ext = preset_externalities(LOCAL_TESTNET_RUNTIME_PRESET);
	ext.execute_with(|| run_to_block(1));
	ext
}

use Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve};

#[test]
fn two_of_three_ayes_admit_a_fourth_hospital_that_authors_from_the_session_after_next() {
	local().execute_with(|| {
		assert_eq!(motion(admit(Dave), &[Alice, Bob], &[]), Outcome::Executed(Ok(())));
		assert_eq!(Registry::get(3).map(|h| h.admin), Some(Dave.to_account_id()));
		assert!(pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get()
			.contains(&Dave.to_account_id()));
		check_governance(false);

		// The new hospital's node registers its keys.
		assert_ok!(set_dev_keys(Dave, Ed25519Keyring::Dave));
		let dave_aura: sp_consensus_aura::sr25519::AuthorityId = Dave.public().into();
		let dave_grandpa: sp_consensus_grandpa::AuthorityId = Ed25519Keyring::Dave.public().into();
		let is_authority = || {
			(
				pallet_aura::Authorities::<Runtime>::get().contains(&dave_aura),
				Grandpa::grandpa_authorities().iter().any(|(key, _)| key == &dave_grandpa),
			)
		};

		// Session 1 starts with the set queued at genesis; Dave is queued for session 2.
		let period = SessionPeriod::get();
		run_to_block(period);
		assert_eq!(Session::current_index(), 1);
		assert_eq!(is_authority(), (false, false));
		check_governance(false);

		run_to_block(2 * period);
		assert_eq!(Session::current_index(), 2);
		assert_eq!(is_authority(), (true, true));
		assert_eq!(Session::validators().len(), 4);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(Grandpa::grandpa_authorities().len(), 4);
		check_governance(true);
	});
}

#[test]
fn a_motion_with_one_aye_of_three_fails() {
	local().execute_with(|| {
		// Voted down.
		assert_eq!(motion(admit(Dave), &[Alice], &[Bob, Charlie]), Outcome::Disapproved);

		// Left unanswered until the voting period ends: without a prime, silence is a nay.
		let call = admit(Dave);
		propose_and_vote_aye(Alice, 2, &call);
		assert_noop!(
			close(Alice, &call),
			pallet_collective::Error::<Runtime, crate::configs::CouncilCollective>::TooEarly
		);
		System::set_block_number(
			System::block_number() + crate::configs::CouncilMotionDuration::get(),
		);
		assert_ok!(close(Alice, &call));
		assert_eq!(outcome_of(&call), Some(Outcome::Disapproved));

		// Proposed with a threshold of one: dispatched at once, refused by the 2/3 origin.
		let call = admit(Eve);
		propose_and_vote_aye(Alice, 1, &call);
		assert_eq!(outcome_of(&call), Some(Outcome::Executed(Err(DispatchError::BadOrigin))));

		assert_eq!(pallet_mhr_hospitals::NextHospitalId::<Runtime>::get(), 3);
		check_governance(true);
	});
}

#[test]
fn no_one_outside_the_council_governs() {
	local().execute_with(|| {
		assert_noop!(
			Hospitals::admit(
				RuntimeOrigin::signed(Alice.to_account_id()),
				b"D".to_vec(),
				Dave.to_account_id(),
				b"https://d.example".to_vec()
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Hospitals::admit(
				RuntimeOrigin::root(),
				b"D".to_vec(),
				Dave.to_account_id(),
				b"https://d.example".to_vec()
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Council::propose(
				RuntimeOrigin::signed(Dave.to_account_id()),
				2,
				Box::new(admit(Dave)),
				admit(Dave).encoded_size() as u32
			),
			pallet_collective::Error::<Runtime, crate::configs::CouncilCollective>::NotMember
		);
		// The council's membership follows the registry only.
		assert_noop!(
			Council::set_members(RuntimeOrigin::root(), vec![Dave.to_account_id()], None, 3),
			DispatchError::BadOrigin
		);
		// Only hospital admins register session keys.
		assert_noop!(
			set_dev_keys(Dave, Ed25519Keyring::Dave),
			pallet_session::Error::<Runtime>::NoAssociatedValidatorId
		);
	});
}

#[test]
fn removing_below_min_hospitals_fails_with_a_named_error() {
	local().execute_with(|| {
		assert_eq!(MinHospitals::get(), 3);
		let remove = RuntimeCall::Hospitals(pallet_mhr_hospitals::Call::remove { hospital: 0 });
		assert_eq!(
			motion(remove.clone(), &[Alice, Bob], &[]),
			Outcome::Executed(Err(HospitalsError::TooFewActiveHospitals.into()))
		);
		let suspend = RuntimeCall::Hospitals(pallet_mhr_hospitals::Call::suspend { hospital: 1 });
		assert_eq!(
			motion(suspend, &[Alice, Charlie], &[]),
			Outcome::Executed(Err(HospitalsError::TooFewActiveHospitals.into()))
		);

		// With a fourth hospital, one may go.
		assert_eq!(motion(admit(Dave), &[Alice, Bob], &[]), Outcome::Executed(Ok(())));
		assert_eq!(motion(remove, &[Alice, Bob, Charlie], &[]), Outcome::Executed(Ok(())));
		assert_eq!(Hospitals::active_count(), 3);
		check_governance(false);
	});
}

#[test]
fn silent_members_vote_like_the_prime() {
	local().execute_with(|| {
		let set_prime =
			RuntimeCall::Hospitals(pallet_mhr_hospitals::Call::set_prime { hospital: Some(0) });
		assert_eq!(motion(set_prime, &[Alice, Bob], &[]), Outcome::Executed(Ok(())));
		assert_eq!(
			pallet_collective::Prime::<Runtime, crate::configs::CouncilCollective>::get(),
			Some(Alice.to_account_id())
		);

		// The prime proposes and votes aye; the others stay silent through the voting period.
		let call = admit(Dave);
		propose_and_vote_aye(Alice, 2, &call);
		System::set_block_number(
			System::block_number() + crate::configs::CouncilMotionDuration::get(),
		);
		assert_ok!(close(Bob, &call));
		assert_eq!(outcome_of(&call), Some(Outcome::Executed(Ok(()))));
		// The council changed; the prime is handed back to it.
		assert_eq!(
			pallet_collective::Prime::<Runtime, crate::configs::CouncilCollective>::get(),
			Some(Alice.to_account_id())
		);
		check_governance(false);
	});
}

#[test]
fn removing_a_hospital_cuts_off_its_vault_and_the_council_clears_any_vault() {
	local().execute_with(|| {
		let set_vault = |admin: Sr25519Keyring, vault: Sr25519Keyring| {
			assert_ok!(crate::Access::set_vault(
				RuntimeOrigin::signed(admin.to_account_id()),
				Some(vault.to_account_id())
			));
		};
		set_vault(Alice, Eve);
		set_vault(Bob, Sr25519Keyring::Ferdie);
		assert_eq!(motion(admit(Dave), &[Alice, Bob], &[]), Outcome::Executed(Ok(())));
		let remove = RuntimeCall::Hospitals(pallet_mhr_hospitals::Call::remove { hospital: 0 });
		assert_eq!(motion(remove, &[Alice, Bob, Charlie], &[]), Outcome::Executed(Ok(())));
		// In the same block: no vault of the removed hospital, and its account is no vault.
		assert_eq!(pallet_mhr_access::Vaults::<Runtime>::get(0), None);
		assert_eq!(pallet_mhr_access::VaultHospital::<Runtime>::get(Eve.to_account_id()), None);
		crate::Access::do_try_state().expect("no vault of a removed hospital");

		// The council cuts off an active hospital's vault by a 2/3 motion; no admin can.
		let clear = RuntimeCall::Access(pallet_mhr_access::Call::clear_vault { hospital: 1 });
		assert_noop!(
			crate::Access::clear_vault(RuntimeOrigin::signed(Bob.to_account_id()), 1),
			DispatchError::BadOrigin
		);
		assert_eq!(motion(clear, &[Bob, Charlie], &[]), Outcome::Executed(Ok(())));
		assert_eq!(pallet_mhr_access::Vaults::<Runtime>::get(1), None);
		check_governance(false);
	});
}
