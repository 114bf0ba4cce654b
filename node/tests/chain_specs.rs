//! The committed chain specs in `chain-specs/` must be what this `mhr-node` generates: a spec
//! that drifts from its binary gives a different genesis, and nodes started from it cannot peer
//! with nodes started with `--chain dev|local`.
//!
//! Every field and every genesis storage entry is compared exactly, except the bytes of the
//! wasm runtime: those are not reproducible across checkouts (cargo hashes a path dependency's
//! location into its symbol names, which changes code layout) nor across compilers. For the
//! runtime, the test compares what identifies it: the `runtime_version` and `runtime_apis`
//! sections embedded in the wasm (spec name and version, transaction version, the APIs and
//! their versions). A runtime change must bump `spec_version` anyway to be deployable.
//!
//! Regenerate the specs with `scripts/generate-chain-specs.sh` after changing the runtime.

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

/// Where the wasm runtime sits in a plain and in a raw spec (`:code` in hex).
const CODE_PATHS: [&[&str]; 2] =
	[&["genesis", "runtimeGenesis", "code"], &["genesis", "raw", "top", "0x3a636f6465"]];

/// Takes the hex-encoded wasm runtime out of `spec`, if it has one.
fn take_code(spec: &mut Value) -> Option<String> {
	CODE_PATHS.iter().find_map(|path| {
		let (last, parents) = path.split_last()?;
		let parent = parents.iter().try_fold(&mut *spec, |value, key| value.get_mut(*key))?;
		parent.as_object_mut()?.remove(*last)?.as_str().map(str::to_owned)
	})
}

/// What identifies a runtime: its encoded version and the set of its APIs, each an 8-byte
/// id and a 4-byte version (the linker concatenates them in no fixed order, so they are
/// sorted here).
fn runtime_identity(code_hex: &str) -> (Vec<u8>, Vec<Vec<u8>>) {
	let sections = runtime_sections(code_hex);
	let section = |name: &str| -> Vec<u8> {
		sections
			.iter()
			.filter(|(n, _)| n == name)
			.flat_map(|(_, content)| content.clone())
			.collect()
	};
	let apis = section("runtime_apis");
	assert_eq!(apis.len() % 12, 0, "runtime_apis holds 12-byte entries");
	let mut apis: Vec<Vec<u8>> = apis.chunks(12).map(<[u8]>::to_vec).collect();
	apis.sort();
	(section("runtime_version"), apis)
}

/// The `runtime_version` and `runtime_apis` custom sections of a wasm runtime.
fn runtime_sections(code_hex: &str) -> Vec<(String, Vec<u8>)> {
	let compressed = sp_core::bytes::from_hex(code_hex).expect("the code is hex");
	let wasm = sp_maybe_compressed_blob::decompress(&compressed, 64 * 1024 * 1024)
		.expect("the code decompresses");
	let mut sections = Vec::new();
	let mut rest = wasm.get(8..).expect("a wasm module has an 8-byte header");
	while let Some((&id, tail)) = rest.split_first() {
		let (size, tail) = leb128(tail);
		let (payload, tail) = tail.split_at(size);
		if id == 0 {
			let (name_len, content) = leb128(payload);
			let name = String::from_utf8_lossy(&content[..name_len]).into_owned();
			if name == "runtime_version" || name == "runtime_apis" {
				sections.push((name, content[name_len..].to_vec()));
			}
		}
		rest = tail;
	}
	assert!(sections.len() >= 2, "the wasm carries runtime_version and runtime_apis sections");
	sections
}

/// Reads an unsigned LEB128 number: (value, rest).
fn leb128(bytes: &[u8]) -> (usize, &[u8]) {
	let mut value = 0usize;
	for (i, byte) in bytes.iter().enumerate() {
		value |= usize::from(byte & 0x7f) << (7 * i);
		if byte & 0x80 == 0 {
			return (value, &bytes[i + 1..]);
		}
	}
	panic!("truncated LEB128 number in the wasm");
}

fn assert_matches(file: &str, chain: &str, raw: bool) {
	let (mut committed, mut generated) = (committed(file), generated(chain, raw));
	let committed_code = take_code(&mut committed).expect("the committed spec has a runtime");
	let generated_code = take_code(&mut generated).expect("the generated spec has a runtime");
	assert!(
		runtime_identity(&committed_code) == runtime_identity(&generated_code),
		"chain-specs/{file} holds another runtime (version or APIs) than this mhr-node: run \
		 scripts/generate-chain-specs.sh and commit the result"
	);
	if let Some(at) = first_difference(&committed, &generated, "") {
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
fn local4_is_four_hospitals_each_with_session_keys() {
	let spec = generated("local4", false);
	assert_eq!(spec["id"], "mhr_local4");
	assert_eq!(spec["protocolId"], "mhr");
	assert_eq!(spec["properties"]["tokenSymbol"], "MHR");
	let patch = &spec["genesis"]["runtimeGenesis"]["patch"];
	let hospitals = patch["hospitals"]["hospitals"].as_array().expect("a registry");
	let keys = patch["session"]["keys"].as_array().expect("session keys");
	assert_eq!(hospitals.len(), 4);
	assert_eq!(keys.len(), 4);
	// Every hospital's admin is a validator with keys.
	for hospital in hospitals {
		assert!(keys.iter().any(|k| k[0] == hospital["admin"]), "{hospital} has keys");
	}
	// Its raw form is what zombienet scenario 03 runs.
	assert!(generated("local4", true)["genesis"]["raw"]["top"].is_object());
}

#[test]
fn specs_show_the_mhr_token_and_protocol_id() {
	for file in ["dev.json", "local.json", "local-raw.json"] {
		// Without its own protocol id a node logs `Using default protocol ID "sup"`.
		assert_eq!(committed(file)["protocolId"], "mhr", "{file}");
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
	assert!(stderr.contains("dev, local, local4"), "stderr: {stderr}");
}
