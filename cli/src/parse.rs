//! How `mhr` reads its arguments: accounts, amounts of MHR, licences.

use anyhow::{anyhow, bail, Context, Result};
use mhr_client::{parse_account, AccountId};
use mhr_primitives::token::UNITS;
use mhr_runtime::Balance;
use sp_core::H256;

/// An account given as SS58 or `0x`-hex.
pub fn account(text: &str) -> Result<AccountId> {
	parse_account(text).map_err(|e| anyhow!("{e}"))
}

/// MHR as text (`1.5`) in the smallest unit.
pub fn amount(text: &str) -> Result<Balance> {
	let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
	let decimals = mhr_primitives::token::DECIMALS as usize;
	if fraction.len() > decimals || whole.is_empty() && fraction.is_empty() {
		bail!("'{text}' is not an amount of MHR (at most {decimals} decimals)");
	}
	let whole: Balance =
		if whole.is_empty() { 0 } else { whole.parse().context("not an amount of MHR")? };
	let fraction: Balance = if fraction.is_empty() {
		0
	} else {
		format!("{fraction:0<decimals$}").parse().context("not an amount of MHR")?
	};
	whole
		.checked_mul(UNITS)
		.and_then(|units| units.checked_add(fraction))
		.filter(|amount| *amount > 0)
		.ok_or_else(|| anyhow!("'{text}' is not a positive amount of MHR"))
}

/// A licence given as `0x` + 64 hex digits is its hash; any other text is hashed here.
pub fn licence_hash(licence: &str) -> H256 {
	match licence.strip_prefix("0x").and_then(|hex| hex::decode(hex).ok()) {
		Some(bytes) if bytes.len() == 32 => H256::from_slice(&bytes),
		_ => H256(mhr_envelope::sha256(licence.as_bytes())),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_of_mhr_read_with_decimals() {
		assert_eq!(amount("1").ok(), Some(UNITS));
		assert_eq!(amount("1.5").ok(), Some(UNITS + UNITS / 2));
		assert_eq!(amount(".25").ok(), Some(UNITS / 4));
		assert!(amount("0").is_err());
		assert!(amount("1.0000000000001").is_err());
		assert!(amount("abc").is_err());
		assert!(amount(".").is_err());
	}

	#[test]
	fn a_licence_is_hashed_unless_given_as_a_hash() {
		let hash = format!("0x{}", "ab".repeat(32));
		assert_eq!(licence_hash(&hash), H256::repeat_byte(0xab));
		assert_eq!(licence_hash("licence 42"), H256(mhr_envelope::sha256(b"licence 42")));
	}
}
