//! The council's list of categories.

use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::DispatchError;

use crate::{mock::*, Categories, Category, Error, Event};

fn code(text: &[u8]) -> BoundedVec<u8, frame_support::traits::ConstU32<16>> {
	BoundedVec::truncate_from(text.to_vec())
}

#[test]
fn genesis_lists_the_categories() {
	ExtBuilder.build_and_execute(|| {
		assert_eq!(
			Categories::<Test>::get(CARDIOLOGY),
			Some(Category { code: code(b"ICD10:I00-I99"), retired: false })
		);
		assert_eq!(Categories::<Test>::iter().count(), 2);
	});
}

#[test]
fn the_council_adds_a_category() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Records::add_category(
			RuntimeOrigin::signed(COUNCIL),
			5,
			code(b"ICD10:F").to_vec()
		));
		assert_eq!(
			Categories::<Test>::get(5),
			Some(Category { code: code(b"ICD10:F"), retired: false })
		);
		System::assert_last_event(
			Event::CategoryAdded { category: 5, code: code(b"ICD10:F") }.into(),
		);
	});
}

#[test]
fn adding_is_refused_to_others_for_taken_ids_and_empty_codes() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Records::add_category(RuntimeOrigin::signed(AUTHOR), 5, code(b"X").to_vec()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Records::add_category(RuntimeOrigin::signed(COUNCIL), CARDIOLOGY, code(b"X").to_vec()),
			Error::<Test>::CategoryExists
		);
		assert_noop!(
			Records::add_category(RuntimeOrigin::signed(COUNCIL), 5, code(b"").to_vec()),
			Error::<Test>::EmptyCategoryCode
		);
		// The mock's limit is 16 bytes: 16 are taken, 17 refused by name.
		assert_noop!(
			Records::add_category(RuntimeOrigin::signed(COUNCIL), 5, vec![b'C'; 17]),
			Error::<Test>::CategoryCodeTooLong
		);
		assert_ok!(Records::add_category(RuntimeOrigin::signed(COUNCIL), 5, vec![b'C'; 16]));
	});
}

#[test]
fn the_council_retires_a_category_once() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Records::retire_category(RuntimeOrigin::signed(AUTHOR), ONCOLOGY),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Records::retire_category(RuntimeOrigin::signed(COUNCIL), 77),
			Error::<Test>::UnknownCategory
		);
		assert_ok!(Records::retire_category(RuntimeOrigin::signed(COUNCIL), ONCOLOGY));
		assert_eq!(Categories::<Test>::get(ONCOLOGY).map(|c| c.retired), Some(true));
		System::assert_last_event(Event::CategoryRetired { category: ONCOLOGY }.into());
		assert_noop!(
			Records::retire_category(RuntimeOrigin::signed(COUNCIL), ONCOLOGY),
			Error::<Test>::CategoryRetired
		);
	});
}
