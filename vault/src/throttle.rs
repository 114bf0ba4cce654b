//! Rate-limited logging: a flood of refusals (or of failing accepts) must not become a flood
//! of log lines.

use std::{
	collections::HashMap,
	sync::Mutex,
	time::{Duration, Instant},
};

/// At most one log line per [`Throttle::PERIOD`]; the lines it holds back are counted and the
/// count is reported with the next line let through.
#[derive(Debug, Default)]
pub struct Throttle {
	state: Mutex<ThrottleState>,
}

#[derive(Debug, Default)]
struct ThrottleState {
	last: Option<Instant>,
	suppressed: u64,
}

impl Throttle {
	/// The shortest time between two lines.
	pub const PERIOD: Duration = Duration::from_secs(1);

	/// Whether a line may be written at `now`: `Some(n)` with the `n` lines held back since
	/// the last one written, or `None` (and counted) if one was written less than a period ago.
	pub fn admit(&self, now: Instant) -> Option<u64> {
		self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).admit(now)
	}
}

impl ThrottleState {
	fn admit(&mut self, now: Instant) -> Option<u64> {
		match self.last {
			Some(last) if now.saturating_duration_since(last) < Throttle::PERIOD => {
				self.suppressed = self.suppressed.saturating_add(1);
				None
			}
			_ => {
				self.last = Some(now);
				Some(std::mem::take(&mut self.suppressed))
			}
		}
	}
}

/// A [`Throttle`] for each kind of line (a refusal's code): a flood of one kind (unsigned
/// requests' `unauthorized`, say) does not hide the others (a signed reader's `no_access`).
/// The kinds are the program's own names, so the map stays as small as their list.
#[derive(Debug, Default)]
pub struct ThrottleByKind {
	kinds: Mutex<HashMap<&'static str, ThrottleState>>,
}

impl ThrottleByKind {
	/// [`Throttle::admit`] for lines of `kind`.
	pub fn admit(&self, kind: &'static str, now: Instant) -> Option<u64> {
		let mut kinds = self.kinds.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
		kinds.entry(kind).or_default().admit(now)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn one_line_a_period_and_the_rest_counted() {
		let throttle = Throttle::default();
		let start = Instant::now();
		assert_eq!(throttle.admit(start), Some(0));
		for millis in 1..1_000 {
			assert_eq!(throttle.admit(start + Duration::from_millis(millis)), None);
		}
		assert_eq!(throttle.admit(start + Throttle::PERIOD), Some(999));
		assert_eq!(throttle.admit(start + Throttle::PERIOD), None);
		assert_eq!(throttle.admit(start + 3 * Throttle::PERIOD), Some(1));
	}

	#[test]
	fn each_kind_has_its_own_period() {
		let throttle = ThrottleByKind::default();
		let start = Instant::now();
		assert_eq!(throttle.admit("unauthorized", start), Some(0));
		for millis in 1..100 {
			assert_eq!(throttle.admit("unauthorized", start + Duration::from_millis(millis)), None);
		}
		// The flood of one kind does not hold back the first line of another.
		assert_eq!(throttle.admit("no_access", start + Duration::from_millis(100)), Some(0));
		assert_eq!(throttle.admit("no_access", start + Duration::from_millis(101)), None);
		assert_eq!(throttle.admit("unauthorized", start + Throttle::PERIOD), Some(99));
	}
}
