#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod extension;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		tokens::Precision,
		OriginTrait,
	},
};
use frame_system::pallet_prelude::*;
use mhr_primitives::{
	AccessBasis, AccessControl, CategoryId, DoctorRegistry, DoctorStanding, EmergencyId,
	EncryptionPublicKey, GrantId, HospitalId, HospitalRegistry, OnHospitalRemoved, RecordFacts,
	RecordIndex,
};
use sp_core::H256;
use sp_runtime::traits::{Saturating, Zero};

pub use extension::CountFeelessCalls;
pub use pallet::*;
pub use types::{
	AccessMode, AuditEntry, Emergency, Grant, Grantee, PatientInfo, Scope, ScopeRequest,
};
pub use weights::WeightInfo;

/// The balance type of the currency deposits are held in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A grant as this runtime stores it.
pub type GrantOf<T> = Grant<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxScopeCategories,
>;

/// The scope of a grant in this runtime.
pub type ScopeOf<T> = Scope<<T as Config>::MaxScopeCategories>;

/// An emergency access as this runtime stores it.
pub type EmergencyOf<T> = Emergency<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// An audit entry as this runtime stores it.
pub type AuditEntryOf<T> =
	AuditEntry<<T as frame_system::Config>::AccountId, <T as Config>::RecordId, BlockNumberFor<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the access pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency grant deposits are held in.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, of which this pallet's are one.
		type RuntimeHoldReason: From<HoldReason>;

		/// The consortium's hospitals.
		type Hospitals: HospitalRegistry<Self::AccountId>;

		/// The consortium's doctors.
		type Doctors: DoctorRegistry<Self::AccountId>;

		/// How a record is identified.
		type RecordId: Member + Parameter + MaxEncodedLen + Copy;

		/// The index of records: who a record is about, and its category.
		type Records: RecordIndex<Self::AccountId, Self::RecordId>;

		/// Who reviews flagged emergency accesses (in the runtime: the council).
		type ReviewOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who may cut off any hospital's record vault (in the runtime: the council).
		type VaultClearOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most grants a patient may hold at once.
		#[pallet::constant]
		type MaxGrantsPerPatient: Get<u32>;

		/// The most categories a grant may list.
		#[pallet::constant]
		type MaxScopeCategories: Get<u32>;

		/// What each grant holds of the patient's funds, until it is revoked or removed.
		#[pallet::constant]
		type GrantDeposit: Get<BalanceOf<Self>>;

		/// How many blocks an emergency access lasts.
		#[pallet::constant]
		type EmergencyAccessDuration: Get<BlockNumberFor<Self>>;

		/// How many of a patient's most recent audit entries stay in storage.
		#[pallet::constant]
		type MaxAuditWindow: Get<u32>;

		/// How many fee-less calls a patient (with their guardian) may make per
		/// [`Config::FeelessWindow`]; beyond that their calls pay the usual fee.
		#[pallet::constant]
		type MaxFeelessCalls: Get<u32>;

		/// The length, in blocks, of the window in which fee-less calls are counted.
		#[pallet::constant]
		type FeelessWindow: Get<BlockNumberFor<Self>>;

		/// The transaction-pool priority of a patient's (or guardian's) fee-less calls: above
		/// every doctor's transaction, so that a revocation is not queued behind the reads it
		/// is meant to stop (see [`CountFeelessCalls`]).
		#[pallet::constant]
		type ConsentPriority: Get<TransactionPriority>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A patient's deposit for a grant.
		#[codec(index = 0)]
		GrantDeposit,
	}

	/// The registered patients.
	#[pallet::storage]
	pub type Patients<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, PatientInfo<T::AccountId, BlockNumberFor<T>>>;

	/// Each patient's grants, by id.
	///
	/// `Twox64Concat` is safe for the grant id: ids are assigned in sequence by this pallet,
	/// under a patient key hashed with `Blake2_128Concat`.
	#[pallet::storage]
	pub type Grants<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, GrantId, GrantOf<T>>;

	/// The grants held by each grantee: the patient and the grant id.
	#[pallet::storage]
	pub type GrantsByGrantee<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		Grantee<T::AccountId>,
		Blake2_128Concat,
		(T::AccountId, GrantId),
		(),
	>;

	/// The id the next emergency access gets.
	#[pallet::storage]
	pub type NextEmergencyId<T> = StorageValue<_, EmergencyId, ValueQuery>;

	/// Every emergency access ever opened, kept for review.
	///
	/// `Twox64Concat` is safe: emergency ids are assigned in sequence by this pallet.
	#[pallet::storage]
	pub type Emergencies<T: Config> = StorageMap<_, Twox64Concat, EmergencyId, EmergencyOf<T>>;

	/// The latest emergency access of a doctor to a patient.
	#[pallet::storage]
	pub type LatestEmergency<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		EmergencyId,
	>;

	/// Flagged emergency accesses awaiting the council's review.
	///
	/// `Twox64Concat` is safe: emergency ids are assigned in sequence by this pallet.
	#[pallet::storage]
	pub type FlaggedEmergencies<T> = StorageMap<_, Twox64Concat, EmergencyId, ()>;

	/// Each patient's fee-less calls: the block their current window started, and how many
	/// fee-less calls they made in it.
	#[pallet::storage]
	pub type FeelessUsage<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (BlockNumberFor<T>, u32), ValueQuery>;

	/// Each patient's most recent audit entries, oldest first.
	#[pallet::storage]
	pub type AuditTrail<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<AuditEntryOf<T>, T::MaxAuditWindow>,
		ValueQuery,
	>;

	/// Each account's published X25519 encryption key, to which record keys are wrapped for
	/// it.
	#[pallet::storage]
	pub type EncryptionKeys<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, EncryptionPublicKey>;

	/// The account each hospital's record vault signs with. (`Twox64Concat`: hospital ids are
	/// assigned by the registry in order, not chosen by users.)
	#[pallet::storage]
	pub type Vaults<T: Config> = StorageMap<_, Twox64Concat, HospitalId, T::AccountId>;

	/// The hospital whose vault an account is: the reverse of [`Vaults`].
	#[pallet::storage]
	pub type VaultHospital<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, HospitalId>;

	/// Events of the access pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A patient registered.
		PatientRegistered {
			/// The patient.
			patient: T::AccountId,
		},
		/// A hospital attested that it verified a patient.
		PatientAttested {
			/// The patient.
			patient: T::AccountId,
			/// The hospital.
			hospital: HospitalId,
			/// A hash of its evidence.
			evidence: H256,
		},
		/// A patient's guardian changed.
		GuardianSet {
			/// The patient.
			patient: T::AccountId,
			/// The guardian now, if any.
			guardian: Option<T::AccountId>,
		},
		/// A patient granted access.
		AccessGranted {
			/// The patient.
			patient: T::AccountId,
			/// The grant's id.
			grant: GrantId,
			/// To whom.
			grantee: Grantee<T::AccountId>,
			/// Read, or read and write.
			mode: AccessMode,
			/// Until when, if limited.
			expires_at: Option<BlockNumberFor<T>>,
		},
		/// A patient revoked a grant.
		AccessRevoked {
			/// The patient.
			patient: T::AccountId,
			/// The grant.
			grant: GrantId,
		},
		/// An expired grant was removed; its deposit went back to the patient.
		ExpiredGrantRemoved {
			/// The patient.
			patient: T::AccountId,
			/// The grant.
			grant: GrantId,
		},
		/// A doctor opened emergency access to a patient's records.
		EmergencyAccessOpened {
			/// Its id.
			emergency: EmergencyId,
			/// The patient.
			patient: T::AccountId,
			/// The doctor.
			doctor: T::AccountId,
			/// The doctor's hospital.
			hospital: HospitalId,
			/// The reason code.
			reason: u8,
			/// The first block at which it no longer counts.
			expires_at: BlockNumberFor<T>,
		},
		/// The patient or guardian closed an emergency access early.
		EmergencyAccessClosed {
			/// The emergency access.
			emergency: EmergencyId,
		},
		/// The patient or guardian flagged an emergency access for review.
		EmergencyAccessFlagged {
			/// The emergency access.
			emergency: EmergencyId,
		},
		/// The council reviewed a flagged emergency access.
		EmergencyAccessReviewed {
			/// The emergency access.
			emergency: EmergencyId,
			/// Whether the council found it justified.
			justified: bool,
		},
		/// A reader logged reading a patient's record.
		AccessLogged {
			/// The patient.
			patient: T::AccountId,
			/// The reader.
			reader: T::AccountId,
			/// The record.
			record: T::RecordId,
			/// The purpose code.
			purpose: u8,
			/// Under which grant or emergency.
			basis: AccessBasis,
			/// The hospital whose vault served the read and logged it, if a vault did.
			served_by: Option<HospitalId>,
		},
		/// An account published (or replaced) its encryption key.
		EncryptionKeySet {
			/// The account.
			who: T::AccountId,
			/// Its X25519 public key.
			key: EncryptionPublicKey,
		},
		/// A hospital named (or removed, `None`) the account its record vault signs with.
		VaultSet {
			/// The hospital.
			hospital: HospitalId,
			/// The vault's account now, if any.
			vault: Option<T::AccountId>,
		},
	}

	/// Errors of the access pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a registered patient.
		PatientAlreadyRegistered,
		/// No patient is registered under this account.
		UnknownPatient,
		/// The caller is neither the patient nor their guardian.
		NotPatientOrGuardian,
		/// A patient cannot be their own guardian.
		GuardianIsPatient,
		/// The caller is not the admin of an active hospital.
		NotHospitalAdmin,
		/// The grantee doctor does not practise at an active hospital (unregistered, released,
		/// suspended, or their hospital is not active).
		GranteeNotPractising,
		/// The grantee hospital is not active.
		GranteeHospitalNotActive,
		/// The scope lists no category.
		EmptyScope,
		/// The grant would expire at or before the current block.
		ExpiryNotInFuture,
		/// The patient already holds `MaxGrantsPerPatient` grants.
		TooManyGrants,
		/// The patient has no grant with this id.
		UnknownGrant,
		/// The grant has not expired.
		GrantNotExpired,
		/// The caller is not a doctor: no hospital registered them.
		NotRegisteredDoctor,
		/// The doctor already has an open emergency access to this patient.
		EmergencyAlreadyOpen,
		/// No emergency access has this id.
		UnknownEmergency,
		/// The emergency access is closed or expired.
		EmergencyNotOpen,
		/// The emergency access is already flagged.
		EmergencyAlreadyFlagged,
		/// The emergency access is not flagged for review.
		EmergencyNotFlagged,
		/// The record is not in the index.
		UnknownRecord,
		/// The reader has no grant or emergency access covering the record now.
		NoAccess,
		/// The account is already the vault of another hospital.
		VaultOfAnotherHospital,
		/// The caller is not the vault account of any hospital.
		NotVault,
		/// The record was filed by another hospital than the vault's: a vault logs only the
		/// reads of records it keeps.
		RecordOfAnotherHospital,
		/// The evidence hash is all zeros: it can match no evidence.
		ZeroEvidenceHash,
		/// The justification hash is all zeros: it can match no written justification, so
		/// the council could never review it.
		ZeroJustificationHash,
		/// The vault's hospital is suspended or removed: its vault may not serve reads.
		VaultHospitalNotActive,
		/// The hospital has no vault named on chain.
		NoVault,
		/// The calling doctor is suspended (by their hospital or the council).
		DoctorSuspended,
		/// The calling doctor was released by their hospital and practises nowhere now.
		DoctorReleased,
		/// The calling doctor has bonded less than their rank's minimum: a misuse could not be
		/// slashed.
		BondBelowMinimum,
		/// The calling doctor's hospital is suspended or removed.
		DoctorHospitalNotActive,
		/// The scope lists more than `MaxScopeCategories` categories.
		TooManyScopeCategories,
		/// An encryption key is 32 bytes (an X25519 public key).
		BadEncryptionKeyLength,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxGrantsPerPatient::get() > 0, "MaxGrantsPerPatient must be positive");
			assert!(T::MaxScopeCategories::get() > 0, "MaxScopeCategories must be positive");
			assert!(!T::EmergencyAccessDuration::get().is_zero(), "emergencies must last");
			assert!(T::MaxAuditWindow::get() > 0, "MaxAuditWindow must be positive");
			assert!(!T::FeelessWindow::get().is_zero(), "FeelessWindow must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the caller as a patient.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_patient())]
		pub fn register_patient(origin: OriginFor<T>) -> DispatchResult {
			let patient = ensure_signed(origin)?;
			ensure!(!Patients::<T>::contains_key(&patient), Error::<T>::PatientAlreadyRegistered);
			Patients::<T>::insert(
				&patient,
				PatientInfo {
					guardian: None,
					attestation: None,
					next_grant: 0,
					grants: 0,
					registered_at: frame_system::Pallet::<T>::block_number(),
				},
			);
			Self::deposit_event(Event::PatientRegistered { patient });
			Ok(())
		}

		/// Records that the caller's hospital verified the person behind `patient`, by a hash
		/// of its off-chain evidence. Replaces any earlier attestation.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::attest_patient())]
		pub fn attest_patient(
			origin: OriginFor<T>,
			patient: T::AccountId,
			evidence: H256,
		) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let hospital =
				T::Hospitals::hospital_of_admin(&admin).ok_or(Error::<T>::NotHospitalAdmin)?;
			ensure!(T::Hospitals::is_active(hospital), Error::<T>::NotHospitalAdmin);
			ensure!(!evidence.is_zero(), Error::<T>::ZeroEvidenceHash);
			Patients::<T>::try_mutate(&patient, |info| -> DispatchResult {
				let info = info.as_mut().ok_or(Error::<T>::UnknownPatient)?;
				info.attestation = Some((hospital, evidence));
				Ok(())
			})?;
			Self::deposit_event(Event::PatientAttested { patient, hospital, evidence });
			Ok(())
		}

		/// Appoints, replaces or removes (`None`) the guardian of `patient`. Called by the
		/// patient or the current guardian.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_guardian())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, patient: &T::AccountId, _guardian: &Option<T::AccountId>| -> bool {
			Pallet::<T>::is_feeless(origin, patient)
		})]
		pub fn set_guardian(
			origin: OriginFor<T>,
			patient: T::AccountId,
			guardian: Option<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::patient_acting(&who, &patient)?;
			ensure!(guardian.as_ref() != Some(&patient), Error::<T>::GuardianIsPatient);
			info.guardian = guardian.clone();
			Patients::<T>::insert(&patient, info);
			Self::deposit_event(Event::GuardianSet { patient, guardian });
			Ok(())
		}

		/// Grants `grantee` access to `patient`'s records of `scope`, in `mode`, until
		/// `expires_at` (the first block at which it no longer counts) or until revoked.
		/// Called by the patient or their guardian; holds the patient's grant deposit. A
		/// scope of categories lists one (`EmptyScope`) to `MaxScopeCategories`
		/// (`TooManyScopeCategories`).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::grant_access(T::MaxScopeCategories::get()))]
		#[pallet::feeless_if(|origin: &OriginFor<T>, patient: &T::AccountId, _grantee: &Grantee<T::AccountId>, scope: &ScopeRequest, _mode: &AccessMode, _expires_at: &Option<BlockNumberFor<T>>| -> bool {
			// An over-long scope pays (its length fee above all): free block space for nothing.
			scope.lists_at_most(T::MaxScopeCategories::get()) && Pallet::<T>::is_feeless(origin, patient)
		})]
		pub fn grant_access(
			origin: OriginFor<T>,
			patient: T::AccountId,
			grantee: Grantee<T::AccountId>,
			scope: ScopeRequest,
			mode: AccessMode,
			expires_at: Option<BlockNumberFor<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::patient_acting(&who, &patient)?;
			let scope: ScopeOf<T> = scope.bounded().ok_or(Error::<T>::TooManyScopeCategories)?;
			match &grantee {
				Grantee::Doctor(doctor) => ensure!(
					T::Doctors::active_hospital_of(doctor).is_some_and(T::Hospitals::is_active),
					Error::<T>::GranteeNotPractising
				),
				Grantee::Hospital(hospital) => ensure!(
					T::Hospitals::is_active(*hospital),
					Error::<T>::GranteeHospitalNotActive
				),
			}
			if let Scope::Only(categories) = &scope {
				ensure!(!categories.is_empty(), Error::<T>::EmptyScope);
			}
			let now = frame_system::Pallet::<T>::block_number();
			if let Some(expiry) = expires_at {
				ensure!(expiry > now, Error::<T>::ExpiryNotInFuture);
			}
			ensure!(info.grants < T::MaxGrantsPerPatient::get(), Error::<T>::TooManyGrants);

			let deposit = T::GrantDeposit::get();
			T::Currency::hold(&HoldReason::GrantDeposit.into(), &patient, deposit)?;
			let grant = info.next_grant;
			info.next_grant = grant.saturating_add(1);
			info.grants = info.grants.saturating_add(1);
			Patients::<T>::insert(&patient, info);
			GrantsByGrantee::<T>::insert(&grantee, (&patient, grant), ());
			Grants::<T>::insert(
				&patient,
				grant,
				Grant {
					grantee: grantee.clone(),
					scope,
					mode,
					granted_at: now,
					expires_at,
					deposit,
				},
			);
			Self::deposit_event(Event::AccessGranted { patient, grant, grantee, mode, expires_at });
			Ok(())
		}

		/// Revokes a grant at once; its deposit goes back to the patient. Called by the patient
		/// or their guardian.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke_access())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, patient: &T::AccountId, _grant: &GrantId| -> bool {
			Pallet::<T>::is_feeless(origin, patient)
		})]
		pub fn revoke_access(
			origin: OriginFor<T>,
			patient: T::AccountId,
			grant: GrantId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::patient_acting(&who, &patient)?;
			Self::remove_grant(&patient, grant)?;
			Self::deposit_event(Event::AccessRevoked { patient, grant });
			Ok(())
		}

		/// Removes an expired grant; its deposit goes back to the patient. Anyone may call it.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_expired_grant())]
		pub fn remove_expired_grant(
			origin: OriginFor<T>,
			patient: T::AccountId,
			grant: GrantId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let stored = Grants::<T>::get(&patient, grant).ok_or(Error::<T>::UnknownGrant)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(stored.expires_at.is_some_and(|at| at <= now), Error::<T>::GrantNotExpired);
			Self::remove_grant(&patient, grant)?;
			Self::deposit_event(Event::ExpiredGrantRemoved { patient, grant });
			Ok(())
		}

		/// Opens emergency (break-glass) access to `patient`'s records for the calling doctor,
		/// for `EmergencyAccessDuration` blocks, with a reason code and a hash of the written
		/// justification.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::open_emergency())]
		pub fn open_emergency(
			origin: OriginFor<T>,
			patient: T::AccountId,
			reason: u8,
			justification: H256,
		) -> DispatchResult {
			let doctor = ensure_signed(origin)?;
			// Bonded at least their rank's minimum, so a misuse can be slashed.
			let hospital = match T::Doctors::standing(&doctor) {
				DoctorStanding::Bonded(hospital) => hospital,
				DoctorStanding::UnderBonded(_) => return Err(Error::<T>::BondBelowMinimum.into()),
				DoctorStanding::Suspended(_) => return Err(Error::<T>::DoctorSuspended.into()),
				DoctorStanding::Released => return Err(Error::<T>::DoctorReleased.into()),
				DoctorStanding::Unregistered => return Err(Error::<T>::NotRegisteredDoctor.into()),
			};
			ensure!(T::Hospitals::is_active(hospital), Error::<T>::DoctorHospitalNotActive);
			ensure!(!justification.is_zero(), Error::<T>::ZeroJustificationHash);
			ensure!(Patients::<T>::contains_key(&patient), Error::<T>::UnknownPatient);
			let now = frame_system::Pallet::<T>::block_number();
			if let Some(open) =
				LatestEmergency::<T>::get(&patient, &doctor).and_then(Emergencies::<T>::get)
			{
				ensure!(!open.is_open(now), Error::<T>::EmergencyAlreadyOpen);
			}
			let emergency = NextEmergencyId::<T>::get();
			NextEmergencyId::<T>::put(emergency.saturating_add(1));
			let expires_at = now.saturating_add(T::EmergencyAccessDuration::get());
			Emergencies::<T>::insert(
				emergency,
				Emergency {
					patient: patient.clone(),
					doctor: doctor.clone(),
					hospital,
					reason,
					justification,
					opened_at: now,
					expires_at,
					closed_at: None,
					flagged: false,
					reviewed: None,
				},
			);
			LatestEmergency::<T>::insert(&patient, &doctor, emergency);
			Self::deposit_event(Event::EmergencyAccessOpened {
				emergency,
				patient,
				doctor,
				hospital,
				reason,
				expires_at,
			});
			Ok(())
		}

		/// Closes an open emergency access early. Called by the patient or their guardian.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::close_emergency())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, emergency: &EmergencyId| -> bool {
			Pallet::<T>::is_feeless_for_emergency(origin, *emergency)
		})]
		pub fn close_emergency(origin: OriginFor<T>, emergency: EmergencyId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Emergencies::<T>::get(emergency).ok_or(Error::<T>::UnknownEmergency)?;
			Self::patient_acting(&who, &info.patient)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(info.is_open(now), Error::<T>::EmergencyNotOpen);
			info.closed_at = Some(now);
			Emergencies::<T>::insert(emergency, info);
			Self::deposit_event(Event::EmergencyAccessClosed { emergency });
			Ok(())
		}

		/// Flags an emergency access (open or not) for the council's review. Called by the
		/// patient or their guardian.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::flag_emergency())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, emergency: &EmergencyId| -> bool {
			Pallet::<T>::is_feeless_for_emergency(origin, *emergency)
		})]
		pub fn flag_emergency(origin: OriginFor<T>, emergency: EmergencyId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Emergencies::<T>::get(emergency).ok_or(Error::<T>::UnknownEmergency)?;
			Self::patient_acting(&who, &info.patient)?;
			ensure!(!info.flagged, Error::<T>::EmergencyAlreadyFlagged);
			info.flagged = true;
			Emergencies::<T>::insert(emergency, info);
			FlaggedEmergencies::<T>::insert(emergency, ());
			Self::deposit_event(Event::EmergencyAccessFlagged { emergency });
			Ok(())
		}

		/// Records the council's verdict on a flagged emergency access. (Suspending or
		/// slashing the doctor is the doctors pallet's `council_suspend` and `slash`.)
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::review_emergency())]
		pub fn review_emergency(
			origin: OriginFor<T>,
			emergency: EmergencyId,
			justified: bool,
		) -> DispatchResult {
			T::ReviewOrigin::ensure_origin(origin)?;
			let mut info = Emergencies::<T>::get(emergency).ok_or(Error::<T>::UnknownEmergency)?;
			ensure!(
				FlaggedEmergencies::<T>::take(emergency).is_some(),
				Error::<T>::EmergencyNotFlagged
			);
			info.reviewed = Some(justified);
			Emergencies::<T>::insert(emergency, info);
			Self::deposit_event(Event::EmergencyAccessReviewed { emergency, justified });
			Ok(())
		}

		/// Logs that the caller read `record`, for `purpose`. Succeeds only while the caller
		/// may read it (a grant or an open emergency access); the entry names which.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::log_access(T::MaxGrantsPerPatient::get()))]
		pub fn log_access(
			origin: OriginFor<T>,
			record: T::RecordId,
			purpose: u8,
		) -> DispatchResult {
			let reader = ensure_signed(origin)?;
			let facts = T::Records::record_facts(&record).ok_or(Error::<T>::UnknownRecord)?;
			Self::log_read(reader, record, facts, purpose, None)
		}

		/// Publishes (or replaces) the caller's X25519 public encryption key, to which clients
		/// wrap record keys for the caller: 32 bytes, else `BadEncryptionKeyLength` (taken as
		/// bytes so that a wrong length is a named error, not a decoding failure). The chain
		/// does not check the key further: a client that cannot wrap to it says so, and only
		/// its owner is worse off. Fee-less for a registered patient, within their allowance
		/// of fee-less calls.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_encryption_key())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, key: &Vec<u8>| -> bool {
			// A key of the wrong length pays (its length fee above all), so the unbounded
			// argument is no free block space.
			key.len() == 32
				&& origin.as_signer().is_some_and(|who| Pallet::<T>::is_feeless(origin, who))
		})]
		pub fn set_encryption_key(origin: OriginFor<T>, key: Vec<u8>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let key: EncryptionPublicKey =
				key.try_into().map_err(|_| Error::<T>::BadEncryptionKeyLength)?;
			EncryptionKeys::<T>::insert(&who, key);
			Self::deposit_event(Event::EncryptionKeySet { who, key });
			Ok(())
		}

		/// Names `vault` as the account the caller's hospital's record vault signs with,
		/// replacing any earlier one, or removes it (`None`). Called by the admin of an active
		/// hospital; a suspended hospital's admin may only remove it.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_vault())]
		pub fn set_vault(origin: OriginFor<T>, vault: Option<T::AccountId>) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let hospital =
				T::Hospitals::hospital_of_admin(&admin).ok_or(Error::<T>::NotHospitalAdmin)?;
			ensure!(
				vault.is_none() || T::Hospitals::is_active(hospital),
				Error::<T>::NotHospitalAdmin
			);
			if let Some(account) = &vault {
				ensure!(
					VaultHospital::<T>::get(account).is_none_or(|of| of == hospital),
					Error::<T>::VaultOfAnotherHospital
				);
			}
			if let Some(previous) = Vaults::<T>::take(hospital) {
				VaultHospital::<T>::remove(previous);
			}
			if let Some(account) = &vault {
				Vaults::<T>::insert(hospital, account);
				VaultHospital::<T>::insert(account, hospital);
			}
			Self::deposit_event(Event::VaultSet { hospital, vault });
			Ok(())
		}

		/// Logs that the caller, the vault of the hospital that filed `record`, served it to
		/// `reader` for `purpose`. Succeeds only while `reader` may read it, exactly as
		/// [`log_access`](Pallet::log_access) by the reader would.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::log_access_for(T::MaxGrantsPerPatient::get()))]
		pub fn log_access_for(
			origin: OriginFor<T>,
			reader: T::AccountId,
			record: T::RecordId,
			purpose: u8,
		) -> DispatchResult {
			let vault = ensure_signed(origin)?;
			let hospital = VaultHospital::<T>::get(&vault).ok_or(Error::<T>::NotVault)?;
			ensure!(T::Hospitals::is_active(hospital), Error::<T>::VaultHospitalNotActive);
			let facts = T::Records::record_facts(&record).ok_or(Error::<T>::UnknownRecord)?;
			ensure!(facts.hospital == hospital, Error::<T>::RecordOfAnotherHospital);
			Self::log_read(reader, record, facts, purpose, Some(hospital))
		}

		/// Cuts off `hospital`'s record vault: its account may no longer log (and so serve)
		/// reads. Called by [`Config::VaultClearOrigin`] (the council), for any hospital,
		/// whatever its status; a removed hospital's vault is cut off by the removal itself.
		#[pallet::call_index(14)]
		#[pallet::weight((T::WeightInfo::clear_vault(), DispatchClass::Operational))]
		pub fn clear_vault(origin: OriginFor<T>, hospital: HospitalId) -> DispatchResult {
			T::VaultClearOrigin::ensure_origin(origin)?;
			ensure!(Self::take_vault(hospital), Error::<T>::NoVault);
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Removes `hospital`'s vault account, if it has one, and says so in an event.
	fn take_vault(hospital: HospitalId) -> bool {
		let Some(vault) = Vaults::<T>::take(hospital) else { return false };
		VaultHospital::<T>::remove(vault);
		Self::deposit_event(Event::VaultSet { hospital, vault: None });
		true
	}

	/// Whether a call by `origin` acting for `patient` is fee-less: the signer is the
	/// registered patient or their guardian, and the patient has fee-less calls left in the
	/// current window.
	pub fn is_feeless(origin: &OriginFor<T>, patient: &T::AccountId) -> bool {
		let Some(who) = origin.as_signer() else { return false };
		let Some(info) = Patients::<T>::get(patient) else { return false };
		let acting = who == patient || info.guardian.as_ref() == Some(who);
		acting && Self::feeless_calls_left(patient) > 0
	}

	/// [`Self::is_feeless`] for the patient of `emergency`.
	pub fn is_feeless_for_emergency(origin: &OriginFor<T>, emergency: EmergencyId) -> bool {
		Emergencies::<T>::get(emergency).is_some_and(|info| Self::is_feeless(origin, &info.patient))
	}

	/// How many fee-less calls `patient` has left in the current window.
	pub fn feeless_calls_left(patient: &T::AccountId) -> u32 {
		let (start, used) = FeelessUsage::<T>::get(patient);
		let now = frame_system::Pallet::<T>::block_number();
		let used = if now >= start.saturating_add(T::FeelessWindow::get()) { 0 } else { used };
		T::MaxFeelessCalls::get().saturating_sub(used)
	}

	/// Counts one fee-less call of `patient`; a window starts with the first call after the
	/// last window ended.
	pub(crate) fn note_feeless_call(patient: &T::AccountId) {
		let now = frame_system::Pallet::<T>::block_number();
		FeelessUsage::<T>::mutate(patient, |(start, used)| {
			if *used == 0 || now >= start.saturating_add(T::FeelessWindow::get()) {
				*start = now;
				*used = 0;
			}
			*used = used.saturating_add(1);
		});
	}

	/// The patient a fee-less call of this pallet acts for, if `call` is one and is fee-less
	/// for `origin` now.
	pub fn feeless_patient(call: &Call<T>, origin: &OriginFor<T>) -> Option<T::AccountId> {
		let patient = match call {
			Call::set_guardian { patient, .. }
			| Call::grant_access { patient, .. }
			| Call::revoke_access { patient, .. } => patient.clone(),
			Call::set_encryption_key { .. } => origin.as_signer()?.clone(),
			Call::close_emergency { emergency } | Call::flag_emergency { emergency } => {
				Emergencies::<T>::get(emergency)?.patient
			}
			_ => return None,
		};
		// The call's own `#[pallet::feeless_if]`, so that what is counted, ranked and marked
		// free is exactly what `SkipCheckIfFeeless` lets through without a fee.
		frame_support::dispatch::CheckIfFeeless::is_feeless(call, origin).then_some(patient)
	}

	/// `patient`'s entry, if `who` is the patient or their guardian.
	fn patient_acting(
		who: &T::AccountId,
		patient: &T::AccountId,
	) -> Result<PatientInfo<T::AccountId, BlockNumberFor<T>>, DispatchError> {
		let info = Patients::<T>::get(patient).ok_or(Error::<T>::UnknownPatient)?;
		ensure!(
			who == patient || info.guardian.as_ref() == Some(who),
			Error::<T>::NotPatientOrGuardian
		);
		Ok(info)
	}

	/// Removes a grant and its index entry, and releases its deposit.
	fn remove_grant(patient: &T::AccountId, grant: GrantId) -> DispatchResult {
		let stored = Grants::<T>::take(patient, grant).ok_or(Error::<T>::UnknownGrant)?;
		GrantsByGrantee::<T>::remove(&stored.grantee, (patient, grant));
		Patients::<T>::mutate(patient, |info| {
			if let Some(info) = info {
				info.grants = info.grants.saturating_sub(1);
			}
		});
		T::Currency::release(
			&HoldReason::GrantDeposit.into(),
			patient,
			stored.deposit,
			Precision::BestEffort,
		)?;
		Ok(())
	}

	/// Why `who` may access `patient`'s records of `category` at `now` (for writing if
	/// `write`), if they may: a grant to them or to the hospital they practise at, or their
	/// open emergency access opened at that hospital.
	pub fn access_basis(
		who: &T::AccountId,
		patient: &T::AccountId,
		category: CategoryId,
		now: BlockNumberFor<T>,
		write: bool,
	) -> Option<AccessBasis> {
		let hospital = T::Doctors::active_hospital_of(who)?;
		if !T::Hospitals::is_active(hospital) {
			return None;
		}
		let grant = Grants::<T>::iter_prefix(patient).find_map(|(id, grant)| {
			let to_them = match &grant.grantee {
				Grantee::Doctor(doctor) => doctor == who,
				Grantee::Hospital(grantee) => *grantee == hospital,
			};
			let live = grant.expires_at.is_none_or(|at| now < at);
			let allows = !write || grant.mode == AccessMode::ReadWrite;
			(to_them && live && allows && grant.scope.covers(category)).then_some(id)
		});
		if let Some(id) = grant {
			return Some(AccessBasis::Grant(id));
		}
		let emergency = LatestEmergency::<T>::get(patient, who)?;
		Emergencies::<T>::get(emergency)
			.filter(|info| info.is_open(now) && info.hospital == hospital)
			.map(|_| AccessBasis::Emergency(emergency))
	}

	/// Checks that `reader` may read `record` (about `facts`) now, and logs the read in the
	/// patient's audit trail and in an event.
	fn log_read(
		reader: T::AccountId,
		record: T::RecordId,
		facts: RecordFacts<T::AccountId>,
		purpose: u8,
		served_by: Option<HospitalId>,
	) -> DispatchResult {
		let now = frame_system::Pallet::<T>::block_number();
		let basis = Self::can_read(&reader, &facts.patient, facts.category, now)
			.ok_or(Error::<T>::NoAccess)?;
		AuditTrail::<T>::mutate(&facts.patient, |trail| {
			if trail.is_full() {
				trail.remove(0);
			}
			let entry = AuditEntry { reader: reader.clone(), record, purpose, at: now, basis };
			// Room was made above: the push cannot fail.
			let _ = trail.try_push(entry);
		});
		Self::deposit_event(Event::AccessLogged {
			patient: facts.patient,
			reader,
			record,
			purpose,
			basis,
			served_by,
		});
		Ok(())
	}

	/// A patient's grants, oldest first.
	pub fn grants_of(patient: &T::AccountId) -> Vec<(GrantId, GrantOf<T>)> {
		let mut grants: Vec<_> = Grants::<T>::iter_prefix(patient).collect();
		grants.sort_by_key(|(id, _)| *id);
		grants
	}

	/// The patients (and grant ids) that granted `grantee` access.
	pub fn patients_of(grantee: &Grantee<T::AccountId>) -> Vec<(T::AccountId, GrantId)> {
		GrantsByGrantee::<T>::iter_key_prefix(grantee).collect()
	}

	/// Checks the pallet's invariants:
	/// - every patient's grant count is the number of their grants, at most
	///   `MaxGrantsPerPatient`, and every grant id is below the patient's next id;
	/// - every grant belongs to a registered patient and is indexed under its grantee, and
	///   every index entry points to a grant;
	/// - hospitals and their vault accounts map one to one, both ways, and no removed
	///   hospital has a vault;
	/// - what is held from each patient is the sum of their grants' deposits;
	/// - the flagged list holds exactly the flagged, unreviewed emergencies.
	///
	/// Also built with `std`, so that runtime tests can check them.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (patient, info) in Patients::<T>::iter() {
			let mut count = 0u32;
			let mut deposits = BalanceOf::<T>::zero();
			for (id, grant) in Grants::<T>::iter_prefix(&patient) {
				count += 1;
				deposits = deposits.saturating_add(grant.deposit);
				ensure!(id < info.next_grant, "a grant id is not below the patient's next id");
				ensure!(
					GrantsByGrantee::<T>::contains_key(&grant.grantee, (&patient, id)),
					"a grant is not indexed under its grantee"
				);
			}
			ensure!(count == info.grants, "a patient's grant count is wrong");
			ensure!(count <= T::MaxGrantsPerPatient::get(), "a patient holds too many grants");
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::GrantDeposit.into(), &patient)
					== deposits,
				"a patient's held deposits differ from their grants'"
			);
		}
		for (patient, _) in Grants::<T>::iter_keys() {
			ensure!(Patients::<T>::contains_key(&patient), "a grant of no registered patient");
		}
		for (grantee, (patient, id)) in GrantsByGrantee::<T>::iter_keys() {
			ensure!(
				Grants::<T>::get(&patient, id).is_some_and(|grant| grant.grantee == grantee),
				"a grantee index entry points to no such grant"
			);
		}
		for (hospital, vault) in Vaults::<T>::iter() {
			ensure!(
				VaultHospital::<T>::get(&vault) == Some(hospital),
				"a hospital's vault does not point back to it"
			);
			ensure!(T::Hospitals::admin_of(hospital).is_some(), "a removed hospital has a vault");
		}
		ensure!(
			VaultHospital::<T>::iter().count() == Vaults::<T>::iter().count(),
			"a vault account belongs to no hospital"
		);
		for (id, info) in Emergencies::<T>::iter() {
			ensure!(id < NextEmergencyId::<T>::get(), "an emergency id is not below the next id");
			ensure!(
				FlaggedEmergencies::<T>::contains_key(id)
					== (info.flagged && info.reviewed.is_none()),
				"the review list and the flags disagree"
			);
		}
		Ok(())
	}
}

/// A removed hospital's vault is cut off in the same block.
impl<T: Config> OnHospitalRemoved for Pallet<T> {
	fn on_hospital_removed(hospital: HospitalId) {
		Self::take_vault(hospital);
	}

	fn weight() -> Weight {
		T::WeightInfo::clear_vault()
	}
}

impl<T: Config> AccessControl<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn can_read(
		who: &T::AccountId,
		patient: &T::AccountId,
		category: CategoryId,
		now: BlockNumberFor<T>,
	) -> Option<AccessBasis> {
		Self::access_basis(who, patient, category, now, false)
	}

	fn can_write(
		who: &T::AccountId,
		patient: &T::AccountId,
		category: CategoryId,
		now: BlockNumberFor<T>,
	) -> Option<AccessBasis> {
		Self::access_basis(who, patient, category, now, true)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_allow_write(who: T::AccountId, patient: T::AccountId) {
		use frame_support::traits::fungible::Mutate as _;
		let funds = T::GrantDeposit::get()
			.saturating_mul(T::MaxGrantsPerPatient::get().saturating_add(1).into())
			.saturating_add(T::Currency::minimum_balance());
		T::Currency::set_balance(&patient, funds);
		let origin: OriginFor<T> = frame_system::RawOrigin::Signed(patient.clone()).into();
		if !Patients::<T>::contains_key(&patient) {
			Pallet::<T>::register_patient(origin.clone()).expect("a fresh patient registers");
		}
		Pallet::<T>::grant_access(
			origin,
			patient,
			Grantee::Doctor(who),
			Scope::All,
			AccessMode::ReadWrite,
			None,
		)
		.expect("a funded patient grants a practising doctor");
	}
}
