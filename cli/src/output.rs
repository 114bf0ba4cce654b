//! What `mhr` prints: results on stdout (text, or one JSON object with `--json`), progress
//! and errors on stderr.

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
