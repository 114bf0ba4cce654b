//! What to do after the chain refused a transaction: advice by error name (`Pallet.Error`).

/// What to do after an on-chain error `name` (`Pallet.Error`), where there is advice.
pub fn advice(name: &str) -> Option<&'static str> {
	Some(match name {
		"Access.UnknownPatient" => "the patient must register first: `mhr patient register`",
		"Access.PatientAlreadyRegistered" => "you are registered already",
		"Access.NotPatientOrGuardian" => "only the patient or their guardian may do this",
		"Access.NoAccess" =>
			"no live grant covers this record: ask the patient (`mhr patient grant <your account> --categories N`)",
		"Access.NotHospitalAdmin" | "Doctors.NotHospitalAdmin" =>
			"use the key of an active hospital's admin (--key)",
		"Access.GranteeNotPractising" =>
			"the doctor must practise at an active hospital (`mhr hospital register-doctor`)",
		"Access.TooManyGrants" => "revoke a grant first (`mhr patient grants`, `mhr patient revoke ID`)",
		"Access.UnknownGrant" => "see your grants with `mhr patient grants`",
		"Access.VaultOfAnotherHospital" => "that account is another hospital's vault: make a new key",
		"Records.NoWriteAccess" =>
			"ask the patient for a read-write grant: `mhr patient grant <your account> --write`",
		"Records.NotRegisteredDoctor" | "Access.NotRegisteredDoctor" =>
			"only a doctor may do this: your hospital registers you (`mhr hospital register-doctor`)",
		"Records.BondBelowMinimum" | "Access.BondBelowMinimum" =>
			"bond at least your rank's minimum first (`mhr doctor bond`)",
		"Records.DoctorSuspended" | "Access.DoctorSuspended" =>
			"you are suspended: your hospital's admin (or the council) must reinstate you",
		"Records.DoctorReleased" | "Access.DoctorReleased" =>
			"your hospital released you: a hospital must register you again",
		"Records.HospitalNotActive" | "Access.DoctorHospitalNotActive" =>
			"your hospital is suspended or removed: no doctor of it may act until the council reinstates it",
		"Records.UnknownCategory" | "Records.CategoryRetired" =>
			"use one of the chain's categories (the ICD-10 chapters are 1-22)",
		"Records.AuthorCannotVote" => "a colleague of your hospital must endorse your record",
		"Records.NotDoctorOfHospital" => "only doctors of the record's hospital endorse or dispute it",
		"Doctors.DoctorAlreadyRegistered" => "the doctor is registered already",
		"Doctors.UnknownDoctor" | "Doctors.NotYourDoctor" =>
			"register the doctor at your hospital first (`mhr hospital register-doctor`)",
		"Doctors.UnknownRank" => "use one of the chain's ranks (0-4)",
		"Doctors.DoctorReleased" =>
			"the doctor was released: register them again (`mhr hospital register-doctor`)",
		"Doctors.ZeroLicenceHash" => "give the licence's text, or its real SHA-256, not zeros",
		"Records.LocationTooLong" =>
			"the vault URL makes the location too long: register a shorter one (`mhr hospital set-vault-url`)",
		"Access.VaultHospitalNotActive" =>
			"the hospital is suspended or removed: its vault serves no reads until it is reinstated",
		_ => return None,
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn on_chain_errors_come_with_advice() {
		assert!(advice("Access.NoAccess").is_some_and(|a| a.contains("mhr patient grant")));
		assert_eq!(advice("Balances.Something"), None);
	}
}
