//! Round trips, and every [`Error`] from the input that causes it.

use super::*;

/// The plaintext of `sealed` under `key`, as a plain vector to compare.
fn opened(sealed: &SealedRecord, key: &RecordKey) -> Result<Vec<u8>, Error> {
	sealed.open(key).map(|plaintext| plaintext.to_vec())
}

const LETTER: &[u8] =
	b"Discharge letter: atrial fibrillation, started on apixaban 5 mg twice daily.";

#[test]
fn a_sealed_record_opens_with_its_key_and_hides_the_plaintext() {
	let (sealed, key) = SealedRecord::seal(LETTER);
	assert_eq!(sealed.as_bytes().len(), LETTER.len() + RECORD_OVERHEAD);
	assert_eq!(&sealed.as_bytes()[..4], b"MHR1");
	assert!(!sealed.as_bytes().windows(LETTER.len()).any(|w| w == LETTER));
	assert_eq!(opened(&sealed, &key), Ok(LETTER.to_vec()));
	assert_eq!(sealed.sha256(), sha256(sealed.as_bytes()));
}

#[test]
fn a_sealed_record_commits_to_its_key() {
	let (sealed, key) = SealedRecord::seal(LETTER);
	let header = &sealed.as_bytes()[..RECORD_OVERHEAD - 16];
	assert_eq!(header[4 + NONCE_LEN..], key.commitment());
	// Another key is refused on its commitment, before any decryption is tried.
	let (_, other) = SealedRecord::seal(LETTER);
	assert_ne!(other.commitment(), key.commitment());
	assert_eq!(opened(&sealed, &other), Err(Error::RecordDoesNotOpen));
}

#[test]
fn sealing_twice_uses_a_fresh_key_and_nonce() {
	let (a, key_a) = SealedRecord::seal(LETTER);
	let (b, key_b) = SealedRecord::seal(LETTER);
	assert_ne!(key_a.0, key_b.0);
	assert_ne!(a.as_bytes()[4..28], b.as_bytes()[4..28]);
	assert_ne!(a.sha256(), b.sha256());
	assert_eq!(opened(&a, &key_b), Err(Error::RecordDoesNotOpen));
}

#[test]
fn an_empty_record_seals_and_opens() {
	let (sealed, key) = SealedRecord::seal(b"");
	assert_eq!(sealed.as_bytes().len(), RECORD_OVERHEAD);
	assert_eq!(opened(&sealed, &key), Ok(Vec::new()));
}

#[test]
fn any_altered_byte_is_refused() {
	let (sealed, key) = SealedRecord::seal(LETTER);
	// Every byte after the header: nonce, ciphertext, tag.
	for at in RECORD_MAGIC.len()..sealed.as_bytes().len() {
		let mut bytes = sealed.as_bytes().to_vec();
		bytes[at] ^= 0x01;
		let altered = SealedRecord::from_bytes(bytes).expect("still shaped like a record");
		assert_eq!(opened(&altered, &key), Err(Error::RecordDoesNotOpen), "byte {at}");
		assert_ne!(altered.sha256(), sealed.sha256());
	}
}

#[test]
fn what_is_not_a_sealed_record_is_refused() {
	assert_eq!(SealedRecord::from_bytes(b"MHR1".to_vec()), Err(Error::NotASealedRecord));
	assert_eq!(
		SealedRecord::from_bytes(vec![0u8; RECORD_OVERHEAD + 10]),
		Err(Error::NotASealedRecord)
	);
	let (sealed, _) = SealedRecord::seal(LETTER);
	let short = sealed.as_bytes()[..RECORD_OVERHEAD - 1].to_vec();
	assert_eq!(SealedRecord::from_bytes(short), Err(Error::NotASealedRecord));
	assert_eq!(SealedRecord::from_bytes(sealed.as_bytes().to_vec()), Ok(sealed));
}

#[test]
fn an_envelope_gives_its_recipient_the_key() {
	let doctor = EncryptionKey::generate();
	let (sealed, key) = SealedRecord::seal(LETTER);
	let envelope = KeyEnvelope::wrap(&key, &sealed.sha256(), &doctor.public()).expect("wraps");
	assert_eq!(envelope.recipient(), &doctor.public());
	let record_key = envelope.open(&doctor, &sealed.sha256()).expect("opens");
	assert_eq!(opened(&sealed, &record_key), Ok(LETTER.to_vec()));
}

#[test]
fn an_envelope_opens_for_no_one_else() {
	let (doctor, other) = (EncryptionKey::generate(), EncryptionKey::generate());
	let (sealed, key) = SealedRecord::seal(LETTER);
	let envelope = KeyEnvelope::wrap(&key, &sealed.sha256(), &doctor.public()).expect("wraps");
	assert_eq!(envelope.open(&other, &sealed.sha256()).err(), Some(Error::EnvelopeNotForThisKey));
	// Readdressed to the other key, it still does not open: HPKE binds it to the doctor's.
	let mut bytes = envelope.to_bytes();
	bytes[1..33].copy_from_slice(&other.public().to_bytes());
	let readdressed = KeyEnvelope::from_bytes(&bytes).expect("well formed");
	assert_eq!(readdressed.open(&other, &sealed.sha256()).err(), Some(Error::EnvelopeDoesNotOpen));
}

#[test]
fn an_envelope_is_bound_to_its_record() {
	let doctor = EncryptionKey::generate();
	let (sealed, key) = SealedRecord::seal(LETTER);
	let (other_record, _) = SealedRecord::seal(b"another record");
	let envelope = KeyEnvelope::wrap(&key, &sealed.sha256(), &doctor.public()).expect("wraps");
	assert_eq!(
		envelope.open(&doctor, &other_record.sha256()).err(),
		Some(Error::EnvelopeDoesNotOpen)
	);
}

#[test]
fn an_altered_envelope_does_not_open() {
	let doctor = EncryptionKey::generate();
	let (sealed, key) = SealedRecord::seal(LETTER);
	let envelope = KeyEnvelope::wrap(&key, &sealed.sha256(), &doctor.public()).expect("wraps");
	// Every byte of the encapsulated key and of the wrapped key.
	for at in 33..ENVELOPE_LEN {
		let mut bytes = envelope.to_bytes();
		bytes[at] ^= 0x80;
		let altered = KeyEnvelope::from_bytes(&bytes).expect("still well formed");
		assert_eq!(
			altered.open(&doctor, &sealed.sha256()).err(),
			Some(Error::EnvelopeDoesNotOpen),
			"byte {at}"
		);
	}
}

#[test]
fn envelopes_encode_to_fixed_bytes_and_back() {
	let doctor = EncryptionKey::generate();
	let (sealed, key) = SealedRecord::seal(LETTER);
	let envelope = KeyEnvelope::wrap(&key, &sealed.sha256(), &doctor.public()).expect("wraps");
	let bytes = envelope.to_bytes();
	assert_eq!(bytes.len(), ENVELOPE_LEN);
	assert_eq!(bytes[0], ENVELOPE_VERSION);
	assert_eq!(KeyEnvelope::from_bytes(&bytes), Ok(envelope));

	assert_eq!(
		KeyEnvelope::from_bytes(&bytes[1..]),
		Err(Error::WrongLength { expected: ENVELOPE_LEN, got: ENVELOPE_LEN - 1 })
	);
	let mut future = bytes;
	future[0] = 2;
	assert_eq!(KeyEnvelope::from_bytes(&future), Err(Error::UnsupportedEnvelopeVersion(2)));
}

#[test]
fn granting_rewraps_the_key_for_the_grantee_only() {
	let (patient, doctor, stranger) =
		(EncryptionKey::generate(), EncryptionKey::generate(), EncryptionKey::generate());
	let (sealed, key) = SealedRecord::seal(LETTER);
	let record = sealed.sha256();
	let own = KeyEnvelope::wrap(&key, &record, &patient.public()).expect("wraps");
	drop(key);

	let granted = own.rewrap(&patient, &record, &doctor.public()).expect("the patient rewraps");
	let doctors_key = granted.open(&doctor, &record).expect("the doctor opens");
	assert_eq!(opened(&sealed, &doctors_key), Ok(LETTER.to_vec()));

	// Only the envelope's recipient can rewrap it.
	assert_eq!(own.rewrap(&doctor, &record, &stranger.public()), Err(Error::EnvelopeNotForThisKey));
	assert_eq!(granted.open(&stranger, &record).err(), Some(Error::EnvelopeNotForThisKey));
}

#[test]
fn a_key_is_its_seed() {
	let key = EncryptionKey::generate();
	let again = EncryptionKey::from_seed(*key.seed());
	assert_eq!(again.public(), key.public());
	assert_ne!(EncryptionKey::generate().public(), key.public());
	assert_eq!(
		EncryptionKey::from_seed([7; 32]).public(),
		EncryptionKey::from_seed([7; 32]).public()
	);
	// Debug output never shows the secret.
	let shown = format!("{key:?}");
	assert!(shown.starts_with("EncryptionKey(public"), "{shown}");
	assert_eq!(format!("{:?}", SealedRecord::seal(b"x").1), "RecordKey(..)");
}

#[test]
fn public_keys_are_checked_for_length() {
	let key = EncryptionKey::generate().public();
	assert_eq!(PublicEncryptionKey::from_bytes(&key.to_bytes()), Ok(key));
	assert_eq!(
		PublicEncryptionKey::from_bytes(&[1u8; 31]),
		Err(Error::WrongLength { expected: 32, got: 31 })
	);
}

#[test]
fn a_key_no_one_has_is_refused_as_a_recipient() {
	let (sealed, key) = SealedRecord::seal(LETTER);
	let nobody = PublicEncryptionKey::from_bytes(&[0u8; 32]).expect("32 bytes");
	assert_eq!(
		KeyEnvelope::wrap(&key, &sealed.sha256(), &nobody),
		Err(Error::UnusableRecipientKey)
	);
}

#[test]
fn errors_say_what_did_not_hold() {
	assert_eq!(
		Error::EnvelopeDoesNotOpen.to_string(),
		"the key envelope does not open: it is another record's, or altered"
	);
	assert_eq!(
		Error::WrongLength { expected: 113, got: 3 }.to_string(),
		"wrong length: expected 113 bytes, got 3"
	);
}
