//! Search by patient and category, newest first and paged; verification; what the access
//! pallet is told of a record.

use frame_support::assert_ok;
use mhr_primitives::{RecordFacts, RecordIndex};
use sp_core::H256;

use crate::{mock::*, RecordStatus, Verification, MAX_PAGE};

use super::submit::location;

/// Files records 0..6 about `PATIENT`: even ones cardiology, odd ones oncology, two a block;
/// record `id` hashes to `id + 1` repeated (a hash of zeros is refused).
fn file_six() {
	for id in 0u64..6 {
		System::set_block_number(1 + id / 2);
		let category = if id % 2 == 0 { CARDIOLOGY } else { ONCOLOGY };
		assert_ok!(Records::submit_record(
			RuntimeOrigin::signed(AUTHOR),
			PATIENT,
			category,
			H256::repeat_byte(id as u8 + 1),
			location(b"vault://h0/r"),
			None,
		));
	}
}

fn ids(page: Vec<(u64, crate::RecordOf<Test>)>) -> Vec<u64> {
	page.into_iter().map(|(id, _)| id).collect()
}

#[test]
fn a_patients_records_come_newest_first_in_pages() {
	ExtBuilder.build_and_execute(|| {
		file_six();
		assert_eq!(ids(Records::records_of(&PATIENT, None, None, 10)), vec![5, 4, 3, 2, 1, 0]);
		assert_eq!(ids(Records::records_of(&PATIENT, None, None, 4)), vec![5, 4, 3, 2]);
		assert_eq!(ids(Records::records_of(&PATIENT, None, Some(2), 4)), vec![1, 0]);
		assert_eq!(ids(Records::records_of(&PATIENT, None, Some(0), 4)), Vec::<u64>::new());
		assert!(Records::records_of(&PATIENT_2, None, None, 10).is_empty());
		assert!(Records::records_of(&PATIENT, None, None, 0).is_empty());
	});
}

#[test]
fn a_category_narrows_the_search() {
	ExtBuilder.build_and_execute(|| {
		file_six();
		assert_eq!(ids(Records::records_of(&PATIENT, Some(CARDIOLOGY), None, 10)), vec![4, 2, 0]);
		assert_eq!(ids(Records::records_of(&PATIENT, Some(ONCOLOGY), None, 2)), vec![5, 3]);
		assert_eq!(ids(Records::records_of(&PATIENT, Some(ONCOLOGY), Some(3), 2)), vec![1]);
		// A cursor need not be of the category: the page starts below it.
		assert_eq!(ids(Records::records_of(&PATIENT, Some(ONCOLOGY), Some(4), 10)), vec![3, 1]);
		assert!(Records::records_of(&PATIENT, Some(77), None, 10).is_empty());
	});
}

#[test]
fn a_page_holds_at_most_max_page_records() {
	ExtBuilder.build_and_execute(|| {
		<Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(&AUTHOR, 10_000);
		for block in 0..(MAX_PAGE as u64 / MAX_PER_BLOCK as u64 + 2) {
			System::set_block_number(1 + block);
			for _ in 0..MAX_PER_BLOCK {
				assert_ok!(Records::submit_record(
					RuntimeOrigin::signed(AUTHOR),
					PATIENT,
					CARDIOLOGY,
					H256::repeat_byte(1),
					location(b"x"),
					None,
				));
			}
		}
		assert_eq!(Records::records_of(&PATIENT, None, None, u32::MAX).len(), MAX_PAGE as usize);
	});
}

#[test]
fn verification_tells_a_matching_file_from_an_altered_one() {
	ExtBuilder.build_and_execute(|| {
		file_six();
		assert_eq!(
			Records::verify(4, H256::repeat_byte(5)),
			Some(Verification {
				matches: true,
				status: RecordStatus::Pending { deadline: 3 + PENDING_PERIOD }
			})
		);
		assert_eq!(Records::verify(4, H256::repeat_byte(6)).map(|v| v.matches), Some(false));
		assert_eq!(Records::verify(99, H256::repeat_byte(5)), None);
	});
}

#[test]
fn the_access_pallet_learns_a_records_patient_category_and_hospital() {
	ExtBuilder.build_and_execute(|| {
		file_six();
		assert_eq!(
			<Records as RecordIndex<u64, u64>>::record_facts(&3),
			Some(RecordFacts { patient: PATIENT, category: ONCOLOGY, hospital: 0 })
		);
		assert_eq!(<Records as RecordIndex<u64, u64>>::record_facts(&6), None);
		assert_eq!(Records::record(3).map(|r| r.author), Some(AUTHOR));
	});
}
