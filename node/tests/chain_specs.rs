//! The committed chain specs in `chain-specs/` must be exactly what this `mhr-node` generates:
//! a spec that drifts from its binary gives a different genesis, and nodes started from it
//! cannot peer with nodes started with `--chain dev|local`.
//!
//! Regenerate them with `scripts/generate-chain-specs.sh` after changing the runtime.

use std::{path::PathBuf, process::Command};

use serde_json::Value;

fn repo_root() -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `mhr-node export-chain-spec --chain <chain> [--raw]` and parses its output.
fn generated(chain: &str, raw: bool) -> Value {
	let mut cmd = Command::new(env!("CARGO_BIN_EXE_mhr-node"));
	cmd.args(["export-chain-spec", "--chain", chain]);
	if raw {
		cmd.arg("--raw");
	}
	let output = cmd.output().expect("mhr-node runs");
	assert!(
		output.status.success(),
		"mhr-node export-chain-spec --chain {chain} failed: {}",
		String::from_utf8_lossy(&output.stderr)
	);
	serde_json::from_slice(&output.stdout).expect("export-chain-spec prints JSON")
}

fn committed(file: &str) -> Value {
	let path = repo_root().join("chain-specs").join(file);
	let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
		panic!("{} is missing ({e}): run scripts/generate-chain-specs.sh", path.display())
	});
	serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The first JSON path at which `a` and `b` differ, if any.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
	match (a, b) {
		(Value::Object(a), Value::Object(b)) => {
			let keys: std::collections::BTreeSet<_> = a.keys().chain(b.keys()).collect();
			keys.into_iter().find_map(|key| match (a.get(key), b.get(key)) {
				(Some(x), Some(y)) => first_difference(x, y, &format!("{path}.{key}")),
				_ => Some(format!("{path}.{key} (present in only one)")),
			})
		}
		(Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
			.iter()
			.zip(b)
			.enumerate()
			.find_map(|(i, (x, y))| first_difference(x, y, &format!("{path}[{i}]"))),
		_ if a == b => None,
		_ => Some(path.to_string()),
	}
}

fn assert_matches(file: &str, chain: &str, raw: bool) {
	if let Some(at) = first_difference(&committed(file), &generated(chain, raw), "") {
		panic!(
			"chain-specs/{file} differs from `mhr-node export-chain-spec --chain {chain}{}` at \
			 {at}: run scripts/generate-chain-specs.sh and commit the result",
			if raw { " --raw" } else { "" }
		);
	}
}

#[test]
fn dev_spec_matches_the_binary() {
	assert_matches("dev.json", "dev", false);
}

#[test]
fn local_spec_matches_the_binary() {
	assert_matches("local.json", "local", false);
}

#[test]
fn local_raw_spec_matches_the_binary() {
	assert_matches("local-raw.json", "local", true);
}

#[test]
fn specs_show_the_mhr_token() {
	for file in ["dev.json", "local.json", "local-raw.json"] {
		let properties = &committed(file)["properties"];
		assert_eq!(properties["tokenSymbol"], "MHR", "{file}");
		assert_eq!(properties["tokenDecimals"], 12, "{file}");
		assert_eq!(properties["ss58Format"], 42, "{file}");
	}
}

#[test]
fn an_unknown_chain_is_refused_with_the_names_it_accepts() {
	let output = Command::new(env!("CARGO_BIN_EXE_mhr-node"))
		.args(["export-chain-spec", "--chain", "no-such-chain"])
		.output()
		.expect("mhr-node runs");
	assert!(!output.status.success());
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(stderr.contains("unknown chain 'no-such-chain'"), "stderr: {stderr}");
	assert!(stderr.contains("dev, local"), "stderr: {stderr}");
}
