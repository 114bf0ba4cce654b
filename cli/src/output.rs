//! What `mhr` prints: results on stdout (text, or one JSON object with `--json`), progress
//! and errors on stderr; and how amounts, hashes, fees and record statuses read as text.

use mhr_primitives::token::UNITS;
use mhr_runtime::{Balance, RecordEntry, RuntimeEvent};
use serde_json::Value;

/// Progress of a long step, on stderr.
pub fn progress(message: impl AsRef<str>) {
	eprintln!("· {}", message.as_ref());
}

/// The result of a command: `json` with `--json`, else `text`.
pub fn result(json: bool, value: Value, text: impl AsRef<str>) {
	if json {
		println!("{value}");
	} else {
		println!("{}", text.as_ref());
	}
}

/// A failed command: its error and every cause, on stderr (and as JSON on stdout with
/// `--json`, so scripts read it too).
pub fn fail(json: bool, error: &anyhow::Error) {
	let causes: Vec<String> = error.chain().map(ToString::to_string).collect();
	if json {
		println!("{}", serde_json::json!({ "error": causes.join(": ") }));
	}
	eprintln!("error: {}", causes.join("\n  because: "));
}

/// 32 bytes as `0x`-hex.
pub fn hex32(hash: &[u8; 32]) -> String {
	format!("0x{}", hex::encode(hash))
}

/// Where a record stands, as a line of text: `confirmed at #12`.
pub fn status_text(entry: &RecordEntry) -> String {
	use pallet_mhr_records::RecordStatus::*;
	match entry.status {
		Pending { deadline } => format!("pending until #{deadline}"),
		Confirmed { at } => format!("confirmed at #{at}"),
		Rejected { at, cause } => format!("rejected at #{at} ({})", cause.name()),
		Superseded { by, at } => format!("superseded by #{by} at #{at}"),
	}
}

/// What a transaction cost its signer, from its events: the fee the payment pallet took, or
/// none for a fee-less call.
pub fn fee_charged(events: &[RuntimeEvent]) -> String {
	events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, tip, .. },
			) => Some(if *tip > 0 {
				format!(
					"fee paid: {} MHR (tip {} MHR)",
					format_amount(*actual_fee),
					format_amount(*tip)
				)
			} else {
				format!("fee paid: {} MHR", format_amount(*actual_fee))
			}),
			RuntimeEvent::SkipFeelessPayment(_) => Some("no fee (a fee-less call)".to_string()),
			_ => None,
		})
		.unwrap_or_else(|| "no fee charged".to_string())
}

/// An amount in the smallest unit as MHR text, without trailing zeros (`0.001184`).
pub fn format_amount(amount: Balance) -> String {
	let decimals = mhr_primitives::token::DECIMALS as usize;
	let fraction = format!("{:0decimals$}", amount % UNITS);
	let fraction = fraction.trim_end_matches('0');
	if fraction.is_empty() {
		format!("{}", amount / UNITS)
	} else {
		format!("{}.{fraction}", amount / UNITS)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use mhr_client::AccountId;

	#[test]
	fn fees_are_shown_as_charged() {
		assert_eq!(format_amount(UNITS + UNITS / 2), "1.5");
		assert_eq!(format_amount(1_184_800_000), "0.0011848");
		assert_eq!(format_amount(0), "0");
		let paid = RuntimeEvent::TransactionPayment(
			pallet_transaction_payment::Event::TransactionFeePaid {
				who: AccountId::new([1; 32]),
				actual_fee: UNITS / 1000,
				tip: 0,
			},
		);
		assert_eq!(fee_charged(&[paid]), "fee paid: 0.001 MHR");
		let skipped =
			RuntimeEvent::SkipFeelessPayment(pallet_skip_feeless_payment::Event::FeeSkipped {
				origin: frame_support::dispatch::RawOrigin::Signed(AccountId::new([1; 32])).into(),
			});
		assert_eq!(fee_charged(&[skipped]), "no fee (a fee-less call)");
	}
}
