//! Rate-limited logging: a flood of refusals (or of failing accepts) must not become a flood
//! of log lines.

use std::{
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
		let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
		match state.last {
			Some(last) if now.saturating_duration_since(last) < Self::PERIOD => {
				state.suppressed = state.suppressed.saturating_add(1);
				None
			}
			_ => {
				state.last = Some(now);
				Some(std::mem::take(&mut state.suppressed))
			}
		}
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
}
