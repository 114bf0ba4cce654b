//! `mhr vault load`: a bounded load generator: concurrent readers reading one record from its
//! vault, every answer checked against the index; prints throughput and latency quantiles.

use anyhow::{bail, Context, Result};
use mhr_client::{records::fetch_checked, vault::VaultClient, Chain, KeyFile};
use mhr_primitives::RecordId;
use serde_json::json;
use std::{
	sync::Arc,
	time::{Duration, Instant},
};

use crate::{output::progress, session::Session};

/// The most concurrent clients a load may have.
pub const MAX_CLIENTS: u32 = 256;
/// The most requests each client of a load may send.
pub const MAX_REQUESTS: u32 = 10_000;

/// A load: `clients` readers reading `record` `requests` times each, from `vault` (default:
/// the record's hospital's registered vault).
#[derive(Clone, Debug)]
pub struct Load {
	/// The record read.
	pub record: RecordId,
	/// Concurrent clients.
	pub clients: u32,
	/// Requests per client.
	pub requests: u32,
	/// The vault's URL, if not the registered one.
	pub vault: Option<String>,
}

/// Runs `load` with `keys` as every client's reader; fails if any read fails.
pub async fn run(session: &Session, chain: &Chain, keys: KeyFile, load: Load) -> Result<()> {
	let Load { record, clients, requests, vault } = load;
	if !(1..=MAX_CLIENTS).contains(&clients) || !(1..=MAX_REQUESTS).contains(&requests) {
		bail!("--clients must be 1-{MAX_CLIENTS} and --requests 1-{MAX_REQUESTS}");
	}
	let at = chain.at_finalized().await?;
	let entry = at.indexed_record(record).await?;
	let registered = at.registered_vault(entry.hospital).await?;
	let url = vault.unwrap_or(registered.url);
	let name = registered.hospital_name;
	progress(format!("{clients} clients x {requests} reads of record #{record} at {url}"));
	let keys = Arc::new(keys);
	let entry = Arc::new(entry);
	let started = Instant::now();
	let mut tasks = Vec::new();
	for _ in 0..clients {
		let (keys, entry, url, name) = (keys.clone(), entry.clone(), url.clone(), name.clone());
		tasks.push(tokio::spawn(async move {
			let vault = VaultClient::new(&url);
			let mut latencies = Vec::new();
			let mut errors = Vec::new();
			for _ in 0..requests {
				let begun = Instant::now();
				match fetch_checked(&vault, &keys, record, &entry, &name, 1).await {
					Ok(_) => latencies.push(begun.elapsed()),
					Err(error) => errors.push(error.to_string()),
				}
			}
			(latencies, errors)
		}));
	}
	let mut latencies: Vec<Duration> = Vec::new();
	let mut errors: Vec<String> = Vec::new();
	for task in tasks {
		let (mut l, mut e) = task.await.context("a load client panicked")?;
		latencies.append(&mut l);
		errors.append(&mut e);
	}
	let elapsed = started.elapsed();
	latencies.sort();
	let quantile = |q: f64| {
		latencies
			.get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
			.map(|d| d.as_millis())
			.unwrap_or_default()
	};
	let total = u64::from(clients) * u64::from(requests);
	let rate = latencies.len() as f64 / elapsed.as_secs_f64();
	session.print(
		json!({
			"clients": clients, "requests_each": requests, "ok": latencies.len(), "errors": errors.len(),
			"seconds": elapsed.as_secs_f64(), "requests_per_second": rate,
			"latency_ms": { "p50": quantile(0.5), "p95": quantile(0.95), "max": quantile(1.0) },
		}),
		format!(
			"{} of {total} reads ok in {:.1} s: {rate:.2} requests/s (latency p50 {} ms, p95 {} ms, max {} ms)",
			latencies.len(),
			elapsed.as_secs_f64(),
			quantile(0.5),
			quantile(0.95),
			quantile(1.0)
		),
	);
	if let Some(first) = errors.first() {
		bail!("{} of {total} reads failed; the first: {first}", errors.len());
	}
	Ok(())
}
