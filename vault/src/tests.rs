//! The HTTP API driven through its router, against a ledger held in memory and a store in a
//! temporary directory: what a stranger, a suspended doctor or a doctor of another patient
//! can and cannot make the vault do.

use crate::{
	ledger::Ledger,
	limits::Limits,
	server::{router, Vault},
	store::{Sha256, Store},
};
use axum::{
	body::{Body, Bytes},
	http::{header, Request, StatusCode},
	Router,
};
use mhr_client::{
	vault::{authorization, Challenge, ErrorResponse, RecordResponse},
	AccountId, KeyFile, Result as ClientResult,
};
use mhr_envelope::{ENVELOPE_LEN, ENVELOPE_VERSION};
use mhr_primitives::{AccessBasis, CategoryId, HospitalId, RecordId};
use mhr_runtime::{Hash, RecordEntry};
use std::{
	collections::{HashMap, HashSet},
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc, Mutex,
	},
	task::Poll,
	time::{Duration, Instant},
};
use tower::ServiceExt;

const HOSPITAL: HospitalId = 0;

/// The chain as the tests set it.
#[derive(Default)]
struct FakeLedger {
	doctors: Mutex<HashMap<AccountId, HospitalId>>,
	records: Mutex<HashMap<RecordId, RecordEntry>>,
	/// (reader, patient): reads the chain allows.
	grants: Mutex<HashSet<(AccountId, AccountId)>>,
	/// Reads logged, in order.
	logged: Mutex<Vec<(AccountId, RecordId)>>,
	/// The error the chain answers `log_access_for` with, if it refuses it.
	log_refused: Mutex<Option<&'static str>>,
}

impl Ledger for FakeLedger {
	async fn finalized(&self) -> ClientResult<Hash> {
		Ok(Hash::repeat_byte(1))
	}

	async fn practising_at(&self, who: &AccountId, _: Hash) -> ClientResult<Option<HospitalId>> {
		Ok(self.doctors.lock().expect("unpoisoned").get(who).copied())
	}

	async fn record(&self, record: RecordId, _: Hash) -> ClientResult<Option<RecordEntry>> {
		Ok(self.records.lock().expect("unpoisoned").get(&record).cloned())
	}

	async fn can_read(
		&self,
		reader: &AccountId,
		patient: &AccountId,
		_: CategoryId,
		_: Hash,
	) -> ClientResult<Option<AccessBasis>> {
		let grants = self.grants.lock().expect("unpoisoned");
		Ok(grants.contains(&(reader.clone(), patient.clone())).then_some(AccessBasis::Grant(0)))
	}

	async fn log_read(&self, reader: &AccountId, record: RecordId, _: u8) -> ClientResult<Hash> {
		if let Some(error) = *self.log_refused.lock().expect("unpoisoned") {
			return Err(mhr_client::Error::Failed(error.into()));
		}
		self.logged.lock().expect("unpoisoned").push((reader.clone(), record));
		Ok(Hash::repeat_byte(2))
	}
}

fn key(suri: &str) -> KeyFile {
	KeyFile::from_suri(suri).expect("a dev key")
}

struct Harness {
	dir: tempfile::TempDir,
	vault: Arc<Vault<FakeLedger>>,
	app: Router,
	/// A doctor practising at this hospital.
	dave: KeyFile,
	/// Another doctor practising here.
	erin: KeyFile,
	/// A doctor of another hospital.
	eve: KeyFile,
	/// Two patients.
	alice: KeyFile,
	bob: KeyFile,
}

impl Harness {
	fn new(limits: Limits) -> Self {
		let dir = tempfile::tempdir().expect("a temporary directory");
		let store = Store::open(dir.path()).expect("opens");
		let (dave, erin, eve) = (key("//Dave"), key("//Erin"), key("//Eve"));
		let ledger = FakeLedger::default();
		ledger.doctors.lock().expect("unpoisoned").extend([
			(dave.account(), HOSPITAL),
			(erin.account(), HOSPITAL),
			(eve.account(), HOSPITAL + 1),
		]);
		let vault = Arc::new(Vault::new(store, ledger, HOSPITAL, key("//Vault").account(), limits));
		let app = router(vault.clone());
		Self { dir, vault, app, dave, erin, eve, alice: key("//Alice"), bob: key("//Bob") }
	}

	/// Indexes `record`: `patient`'s, by `author`, naming `sha256`.
	fn index(&self, record: RecordId, patient: &KeyFile, author: &KeyFile, sha256: Sha256) {
		let entry = RecordEntry {
			patient: patient.account(),
			category: 9,
			sha256: Hash::from(sha256),
			location: Default::default(),
			author: author.account(),
			hospital: HOSPITAL,
			submitted_at: 1,
			timestamp: 0,
			status: pallet_mhr_records::RecordStatus::Pending { deadline: 100 },
			supersedes: None,
			deposit: 0,
		};
		self.vault.ledger.records.lock().expect("unpoisoned").insert(record, entry);
	}

	/// Lets `reader` read `patient`'s records, as a grant on chain would.
	fn allow_read(&self, reader: &KeyFile, patient: &KeyFile) {
		let mut grants = self.vault.ledger.grants.lock().expect("unpoisoned");
		grants.insert((reader.account(), patient.account()));
	}

	async fn send(&self, request: Request<Body>) -> Answer {
		let response = self.app.clone().oneshot(request).await.expect("infallible");
		let status = response.status();
		let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
		let body = axum::body::to_bytes(response.into_body(), 1 << 26).await.expect("a body");
		Answer { status, retry_after: retry_after.map(|v| v.to_str().expect("ascii").into()), body }
	}

	async fn challenge(&self) -> [u8; 32] {
		let request = Request::post("/v1/challenges").body(Body::empty()).expect("a request");
		let issued: Challenge = self.send(request).await.json();
		hex::decode(issued.challenge).expect("hex").try_into().expect("32 bytes")
	}

	/// `method path`, signed by `signer` over `signed_body`, sent with `body`.
	async fn signed_with(
		&self,
		signer: &KeyFile,
		method: &str,
		path: &str,
		signed_body: &[u8],
		body: Body,
	) -> Request<Body> {
		let challenge = self.challenge().await;
		let authorization =
			authorization(signer.signer(), HOSPITAL, &challenge, method, path, signed_body);
		Request::builder()
			.method(method)
			.uri(path)
			.header(header::AUTHORIZATION, authorization)
			.body(body)
			.expect("a request")
	}

	async fn signed(&self, signer: &KeyFile, method: &str, path: &str, body: &[u8]) -> Answer {
		let request = self.signed_with(signer, method, path, body, Body::from(body.to_vec())).await;
		self.send(request).await
	}

	async fn put_blob(&self, signer: &KeyFile, sealed: &[u8]) -> Answer {
		let path = format!("/v1/blobs/{}", hex::encode(mhr_envelope::sha256(sealed)));
		self.signed(signer, "PUT", &path, sealed).await
	}

	async fn put_envelope(
		&self,
		signer: &KeyFile,
		sealed: &[u8],
		reader: &KeyFile,
		record: Option<RecordId>,
		envelope: &[u8],
	) -> Answer {
		let mut path = format!(
			"/v1/blobs/{}/envelopes/{}",
			hex::encode(mhr_envelope::sha256(sealed)),
			mhr_client::ss58(&reader.account())
		);
		if let Some(record) = record {
			path.push_str(&format!("?record={record}"));
		}
		self.signed(signer, "PUT", &path, envelope).await
	}

	async fn read(&self, reader: &KeyFile, record: RecordId) -> Answer {
		self.signed(reader, "GET", &format!("/v1/records/{record}?purpose=1"), b"").await
	}

	fn blob_count(&self) -> u64 {
		self.vault.store.blob_count().expect("countable")
	}
}

struct Answer {
	status: StatusCode,
	retry_after: Option<String>,
	body: Bytes,
}

impl Answer {
	fn json<T: serde::de::DeserializeOwned>(&self) -> T {
		serde_json::from_slice(&self.body).expect("the expected JSON")
	}

	/// The refusal's code and message.
	fn refusal(&self) -> (StatusCode, String, String) {
		let error: ErrorResponse = self.json();
		(self.status, error.error, error.message)
	}

	fn code(&self) -> (StatusCode, String) {
		let (status, code, _) = self.refusal();
		(status, code)
	}
}

fn code(status: StatusCode, code: &str) -> (StatusCode, String) {
	(status, code.to_string())
}

/// A well-formed envelope, distinguishable by `fill`.
fn envelope(fill: u8) -> Vec<u8> {
	let mut bytes = vec![fill; ENVELOPE_LEN];
	bytes[0] = ENVELOPE_VERSION;
	bytes
}

/// A body that records whether it was ever polled, and never yields.
fn watched_body() -> (Body, Arc<AtomicBool>) {
	let polled = Arc::new(AtomicBool::new(false));
	let flag = polled.clone();
	let stream =
		futures::stream::poll_fn(move |_| -> Poll<Option<Result<Bytes, std::io::Error>>> {
			flag.store(true, Ordering::SeqCst);
			Poll::Pending
		});
	(Body::from_stream(stream), polled)
}

// 8. The Authorization header is bounded before anything in it is decoded.
#[tokio::test]
async fn an_oversized_authorization_is_refused_at_once_naming_the_limit() {
	let vault = Harness::new(Limits::default());
	let huge = format!(
		"MHR account={}, challenge={}, signature={}",
		"5".repeat(256_000),
		"00".repeat(32),
		"00".repeat(64)
	);
	let long_account = format!(
		"MHR account={}, challenge={}, signature={}",
		"5".repeat(70),
		"00".repeat(32),
		"00".repeat(64)
	);
	for (header, says) in [(huge, "longer than 320 bytes"), (long_account, "66 characters")] {
		let request = Request::get("/v1/records/0")
			.header(header::AUTHORIZATION, header)
			.body(Body::empty())
			.expect("a request");
		let started = Instant::now();
		let (status, code, message) = vault.send(request).await.refusal();
		assert!(started.elapsed() < Duration::from_millis(200), "{:?}", started.elapsed());
		assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "unauthorized"));
		assert!(message.contains(says), "{message}");
	}
}

// 9. An upload's body is not read before its headers' claim is found good.
#[tokio::test]
async fn an_upload_body_is_not_read_before_the_claim_is_checked() {
	let vault = Harness::new(Limits::default());
	let path = format!("/v1/blobs/{}", hex::encode(mhr_envelope::sha256(b"sealed")));
	let (body, polled) = watched_body();
	let unsigned = Request::put(&path).body(body).expect("a request");
	assert_eq!(vault.send(unsigned).await.code(), code(StatusCode::UNAUTHORIZED, "unauthorized"));
	assert!(!polled.load(Ordering::SeqCst), "an unsigned upload's body was read");

	let (body, polled) = watched_body();
	let stranger = vault.signed_with(&vault.eve, "PUT", &path, b"sealed", body).await;
	assert_eq!(vault.send(stranger).await.code(), code(StatusCode::FORBIDDEN, "not_a_doctor_here"));
	assert!(!polled.load(Ordering::SeqCst), "a stranger's upload body was read");

	// The challenge is used up by the good signature: a second request with it is refused
	// before its body is read.
	let challenge = vault.challenge().await;
	let header = authorization(vault.dave.signer(), HOSPITAL, &challenge, "PUT", &path, b"sealed");
	let first = Request::put(&path)
		.header(header::AUTHORIZATION, header.clone())
		.body(Body::from("sealed"))
		.expect("a request");
	assert_eq!(vault.send(first).await.status, StatusCode::CREATED);
	let (body, polled) = watched_body();
	let replay =
		Request::put(&path).header(header::AUTHORIZATION, header).body(body).expect("a request");
	assert_eq!(vault.send(replay).await.code(), code(StatusCode::UNAUTHORIZED, "unauthorized"));
	assert!(!polled.load(Ordering::SeqCst), "a replayed upload's body was read");
}

#[tokio::test]
async fn a_signature_over_another_body_is_refused_and_nothing_is_stored() {
	let vault = Harness::new(Limits::default());
	let path = format!("/v1/blobs/{}", hex::encode(mhr_envelope::sha256(b"sealed")));
	let forged = vault.signed_with(&vault.dave, "PUT", &path, b"other", Body::from("sealed")).await;
	assert_eq!(vault.send(forged).await.code(), code(StatusCode::UNAUTHORIZED, "unauthorized"));
	// Claiming Dave, signed by Erin.
	let challenge = vault.challenge().await;
	let signature =
		authorization(vault.erin.signer(), HOSPITAL, &challenge, "PUT", &path, b"sealed");
	let claimed = signature.replace(
		&mhr_client::ss58(&vault.erin.account()),
		&mhr_client::ss58(&vault.dave.account()),
	);
	let request = Request::put(&path)
		.header(header::AUTHORIZATION, claimed)
		.body(Body::from("sealed"))
		.expect("a request");
	assert_eq!(vault.send(request).await.code(), code(StatusCode::UNAUTHORIZED, "unauthorized"));
	assert_eq!(vault.blob_count(), 0);
	assert_eq!(std::fs::read_dir(vault.dir.path().join("tmp")).expect("listable").count(), 0);
}

#[tokio::test]
async fn a_bad_signature_does_not_use_up_the_challenge_nor_is_the_body_read() {
	let vault = Harness::new(Limits::default());
	let path = format!("/v1/blobs/{}", hex::encode(mhr_envelope::sha256(b"sealed")));
	let challenge = vault.challenge().await;
	// Signed over other bytes than the address says: refused from the headers.
	let forged = authorization(vault.dave.signer(), HOSPITAL, &challenge, "PUT", &path, b"other");
	let (body, polled) = watched_body();
	let request =
		Request::put(&path).header(header::AUTHORIZATION, forged).body(body).expect("a request");
	assert_eq!(vault.send(request).await.code(), code(StatusCode::UNAUTHORIZED, "unauthorized"));
	assert!(!polled.load(Ordering::SeqCst), "a forged upload's body was read");
	// The same challenge, well signed, is still good.
	let good = authorization(vault.dave.signer(), HOSPITAL, &challenge, "PUT", &path, b"sealed");
	let request = Request::put(&path)
		.header(header::AUTHORIZATION, good)
		.body(Body::from("sealed"))
		.expect("a request");
	assert_eq!(vault.send(request).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_body_other_than_its_address_says_is_422_after_it_is_read() {
	let vault = Harness::new(Limits::default());
	let address = mhr_envelope::sha256(b"sealed");
	let path = format!("/v1/blobs/{}", hex::encode(address));
	// Signed over the address, as the protocol says, but other bytes sent.
	let request =
		vault.signed_with(&vault.dave, "PUT", &path, b"sealed", Body::from("other")).await;
	assert_eq!(
		vault.send(request).await.code(),
		code(StatusCode::UNPROCESSABLE_ENTITY, "hash_mismatch")
	);
	assert_eq!(vault.blob_count(), 0);
}

#[tokio::test]
async fn uploads_beyond_the_cap_are_told_busy_with_retry_after() {
	let vault = Arc::new(Harness::new(Limits { max_concurrent_uploads: 1, ..Default::default() }));
	let path = format!("/v1/blobs/{}", hex::encode(mhr_envelope::sha256(b"sealed")));
	let (body, polled) = watched_body();
	let hanging = vault.signed_with(&vault.dave, "PUT", &path, b"sealed", body).await;
	let first = tokio::spawn({
		let vault = vault.clone();
		async move { vault.send(hanging).await.status }
	});
	while !polled.load(Ordering::SeqCst) {
		tokio::time::sleep(Duration::from_millis(5)).await;
	}
	let second = vault.put_blob(&vault.dave, b"sealed").await;
	assert_eq!(second.code(), code(StatusCode::SERVICE_UNAVAILABLE, "busy"));
	assert_eq!(second.retry_after.as_deref(), Some("1"));
	first.abort();
	let _ = first.await;
	assert_eq!(vault.put_blob(&vault.dave, b"sealed").await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_body_slower_than_its_timeout_or_larger_than_the_limit_is_refused() {
	let limits = Limits {
		body_timeout: Duration::from_millis(200),
		max_blob_bytes: 64,
		..Default::default()
	};
	let vault = Harness::new(limits);
	let path = format!("/v1/blobs/{}", hex::encode(mhr_envelope::sha256(b"sealed")));
	let (body, _) = watched_body();
	let slow = vault.signed_with(&vault.dave, "PUT", &path, b"sealed", body).await;
	let started = Instant::now();
	assert_eq!(vault.send(slow).await.code(), code(StatusCode::REQUEST_TIMEOUT, "body_timeout"));
	assert!(started.elapsed() < Duration::from_secs(2));
	let large = vault.put_blob(&vault.dave, &[7; 65]).await;
	assert_eq!(large.code(), code(StatusCode::PAYLOAD_TOO_LARGE, "too_large"));
	let streamed = futures::stream::iter((0..10).map(|_| Ok::<_, std::io::Error>(vec![7u8; 10])));
	let request =
		vault.signed_with(&vault.dave, "PUT", &path, b"sealed", Body::from_stream(streamed)).await;
	assert_eq!(vault.send(request).await.code(), code(StatusCode::PAYLOAD_TOO_LARGE, "too_large"));
	assert_eq!(vault.blob_count(), 0);
}

// 11. Only a current writer stores envelopes, and only the patient replaces one.
#[tokio::test]
async fn a_suspended_uploader_cannot_store_envelopes() {
	let vault = Harness::new(Limits::default());
	assert_eq!(vault.put_blob(&vault.dave, b"sealed").await.status, StatusCode::CREATED);
	vault.vault.ledger.doctors.lock().expect("unpoisoned").remove(&vault.dave.account());
	let answer = vault.put_envelope(&vault.dave, b"sealed", &vault.eve, None, &envelope(1)).await;
	assert_eq!(answer.code(), code(StatusCode::FORBIDDEN, "not_yours"));
	let other = vault.put_envelope(&vault.erin, b"sealed", &vault.eve, None, &envelope(1)).await;
	assert_eq!(other.code(), code(StatusCode::FORBIDDEN, "not_yours"));
	let hash = mhr_envelope::sha256(b"sealed");
	assert_eq!(vault.vault.store.envelope(&hash, &vault.eve.account()).expect("readable"), None);
}

#[tokio::test]
async fn an_existing_envelope_is_replaced_only_by_the_patient() {
	let vault = Harness::new(Limits::default());
	let sealed = b"sealed";
	assert_eq!(vault.put_blob(&vault.dave, sealed).await.status, StatusCode::CREATED);
	vault.index(0, &vault.alice, &vault.dave, mhr_envelope::sha256(sealed));
	let first = vault.put_envelope(&vault.dave, sealed, &vault.alice, None, &envelope(1)).await;
	assert_eq!(first.status, StatusCode::CREATED);
	let again = vault.put_envelope(&vault.dave, sealed, &vault.alice, None, &envelope(1)).await;
	assert_eq!(again.status, StatusCode::OK);
	let replaced = vault.put_envelope(&vault.dave, sealed, &vault.alice, None, &envelope(2)).await;
	assert_eq!(replaced.code(), code(StatusCode::CONFLICT, "envelope_exists"));
	let by_record =
		vault.put_envelope(&vault.dave, sealed, &vault.alice, Some(0), &envelope(2)).await;
	assert_eq!(by_record.code(), code(StatusCode::CONFLICT, "envelope_exists"));
	let stranger =
		vault.put_envelope(&vault.bob, sealed, &vault.alice, Some(0), &envelope(2)).await;
	assert_eq!(stranger.code(), code(StatusCode::FORBIDDEN, "not_yours"));
	let read: RecordResponse = vault.read(&vault.alice, 0).await.json();
	assert_eq!(read.envelope, Some(mhr_client::vault::to_base64(&envelope(1))));

	let own = vault.put_envelope(&vault.alice, sealed, &vault.alice, Some(0), &envelope(3)).await;
	assert_eq!(own.status, StatusCode::CREATED);
	let read: RecordResponse = vault.read(&vault.alice, 0).await.json();
	assert_eq!(read.envelope, Some(mhr_client::vault::to_base64(&envelope(3))));
	let grantee = vault.put_envelope(&vault.alice, sealed, &vault.eve, Some(0), &envelope(4)).await;
	assert_eq!(grantee.status, StatusCode::CREATED);
}

// 12. A blob is served only under a record its uploader authored.
#[tokio::test]
async fn a_record_indexed_with_another_records_hash_is_not_served() {
	let vault = Harness::new(Limits::default());
	let sealed = b"alice's record";
	let hash = mhr_envelope::sha256(sealed);
	assert_eq!(vault.put_blob(&vault.dave, sealed).await.status, StatusCode::CREATED);
	vault.index(0, &vault.alice, &vault.dave, hash);
	// Erin, with write access to Bob, indexes Bob's record with the hash of Alice's.
	vault.index(1, &vault.bob, &vault.erin, hash);
	vault.allow_read(&vault.eve, &vault.bob);

	assert_eq!(vault.read(&vault.bob, 1).await.code(), code(StatusCode::CONFLICT, "not_bound"));
	assert_eq!(vault.read(&vault.eve, 1).await.code(), code(StatusCode::CONFLICT, "not_bound"));
	let envelope = vault.put_envelope(&vault.bob, sealed, &vault.eve, Some(1), &envelope(1)).await;
	assert_eq!(envelope.code(), code(StatusCode::CONFLICT, "not_bound"));
	assert!(vault.vault.ledger.logged.lock().expect("unpoisoned").is_empty());

	let read: RecordResponse = vault.read(&vault.alice, 0).await.json();
	assert_eq!(read.sealed, mhr_client::vault::to_base64(sealed));
}

// 11 and 12. The blob's own author indexing a second record (of another patient, perhaps an
// accomplice) with the hash of the first gets nothing of it once the first is in use: no
// read, and no way to replace the first patient's envelope as "the patient".
#[tokio::test]
async fn a_blob_stays_bound_to_the_first_record_it_is_used_under() {
	let vault = Harness::new(Limits::default());
	let sealed = b"alice's record";
	let hash = mhr_envelope::sha256(sealed);
	assert_eq!(vault.put_blob(&vault.dave, sealed).await.status, StatusCode::CREATED);
	let alices = vault.put_envelope(&vault.dave, sealed, &vault.alice, None, &envelope(1)).await;
	assert_eq!(alices.status, StatusCode::CREATED);
	vault.index(0, &vault.alice, &vault.dave, hash);
	let first: RecordResponse = vault.read(&vault.alice, 0).await.json();
	assert_eq!(first.envelope, Some(mhr_client::vault::to_base64(&envelope(1))));

	vault.index(1, &vault.bob, &vault.dave, hash);
	assert_eq!(vault.read(&vault.bob, 1).await.code(), code(StatusCode::CONFLICT, "not_bound"));
	let replaced =
		vault.put_envelope(&vault.bob, sealed, &vault.alice, Some(1), &envelope(2)).await;
	assert_eq!(replaced.code(), code(StatusCode::CONFLICT, "not_bound"));
	let again: RecordResponse = vault.read(&vault.alice, 0).await.json();
	assert_eq!(again.envelope, first.envelope, "Alice's envelope is hers still");
	// The binding is kept on disk: a restarted vault keeps it.
	let reopened = Store::open(vault.dir.path()).expect("opens");
	assert_eq!(reopened.bind(&hash, 1).expect("readable"), 0);
}

// A request refused binds nothing: a stranger cannot pick which record keeps a blob.
#[tokio::test]
async fn a_refused_request_does_not_bind_the_blob() {
	let vault = Harness::new(Limits::default());
	let sealed = b"alice's record";
	let hash = mhr_envelope::sha256(sealed);
	assert_eq!(vault.put_blob(&vault.dave, sealed).await.status, StatusCode::CREATED);
	vault.index(0, &vault.alice, &vault.dave, hash);
	vault.index(1, &vault.bob, &vault.dave, hash);
	// Eve is neither record 1's patient nor the uploader; Bob's envelope does not parse.
	let by_eve = vault.put_envelope(&vault.eve, sealed, &vault.eve, Some(1), &envelope(1)).await;
	assert_eq!(by_eve.code(), code(StatusCode::FORBIDDEN, "not_yours"));
	let bad = vault.put_envelope(&vault.bob, sealed, &vault.bob, Some(1), b"junk").await;
	assert_eq!(bad.status, StatusCode::BAD_REQUEST);
	assert_eq!(vault.read(&vault.eve, 1).await.code(), code(StatusCode::FORBIDDEN, "no_access"));
	assert_eq!(vault.vault.store.bound(&hash).expect("readable"), None);
	let read: RecordResponse = vault.read(&vault.alice, 0).await.json();
	assert_eq!(read.record, 0);
	assert_eq!(vault.vault.store.bound(&hash).expect("readable"), Some(0));
}

// 13. A failed write is refused, leaves nothing, and does not wedge later uploads.
#[tokio::test]
async fn a_failed_blob_write_leaves_nothing_and_the_next_upload_succeeds() {
	let vault = Harness::new(Limits::default());
	let hash = hex::encode(mhr_envelope::sha256(b"sealed"));
	let blocked = vault.dir.path().join("blobs").join(format!("{hash}.uploader"));
	std::fs::create_dir_all(blocked.join("occupied")).expect("a directory");
	let failed = vault.put_blob(&vault.dave, b"sealed").await;
	assert_eq!(failed.code(), code(StatusCode::INTERNAL_SERVER_ERROR, "disk"));
	assert_eq!(std::fs::read_dir(vault.dir.path().join("tmp")).expect("listable").count(), 0);
	std::fs::remove_dir_all(&blocked).expect("space is back");
	assert_eq!(vault.put_blob(&vault.dave, b"sealed").await.status, StatusCode::CREATED);
	assert_eq!(vault.put_blob(&vault.dave, b"other").await.status, StatusCode::CREATED);
}

// 14. Of two identical uploads exactly one creates; both can then add envelopes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identical_concurrent_uploads_are_one_201_and_one_200() {
	let vault = Arc::new(Harness::new(Limits::default()));
	for round in 0..10u8 {
		let sealed = vec![round; 1 << 16];
		let uploads: Vec<_> = (0..2)
			.map(|_| {
				let (vault, sealed) = (vault.clone(), sealed.clone());
				tokio::spawn(async move { vault.put_blob(&vault.dave, &sealed).await.status })
			})
			.collect();
		let mut statuses = Vec::new();
		for upload in uploads {
			statuses.push(upload.await.expect("no panic"));
		}
		statuses.sort();
		assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED], "round {round}");
		for reader in [&vault.alice, &vault.dave] {
			let answer = vault.put_envelope(&vault.dave, &sealed, reader, None, &envelope(1)).await;
			assert_eq!(answer.status, StatusCode::CREATED);
		}
	}
	let taken = vault.put_blob(&vault.erin, &[0u8; 1 << 16]).await;
	assert_eq!(taken.code(), code(StatusCode::CONFLICT, "uploaded_by_another"));
}

// 15. Refusals are logged escaped, and at most once a second.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
	fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
		self.0.lock().expect("unpoisoned").extend_from_slice(bytes);
		Ok(bytes.len())
	}

	fn flush(&mut self) -> std::io::Result<()> {
		Ok(())
	}
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
	type Writer = Captured;

	fn make_writer(&'a self) -> Self::Writer {
		self.clone()
	}
}

impl Captured {
	fn text(&self) -> String {
		String::from_utf8(self.0.lock().expect("unpoisoned").clone()).expect("utf-8")
	}

	fn lines(&self, containing: &str) -> Vec<String> {
		self.text().lines().filter(|line| line.contains(containing)).map(String::from).collect()
	}
}

#[tokio::test]
async fn refusals_are_logged_escaped_and_each_code_at_most_once_a_second() {
	let captured = Captured::default();
	let subscriber =
		tracing_subscriber::fmt().with_writer(captured.clone()).with_ansi(false).finish();
	let _logging = tracing::subscriber::set_default(subscriber);
	let vault = Harness::new(Limits::default());

	let hostile = "/v1/blobs/%0A2026-12-01T00:00:00Z%20INFO%20forged%1B%5B31m";
	let answer = vault.signed(&vault.dave, "PUT", hostile, b"sealed").await;
	let (status, refused, message) = answer.refusal();
	assert_eq!((status, refused.as_str()), (StatusCode::BAD_REQUEST, "bad_hash"));
	assert!(!message.contains("forged"), "the message echoes the path: {message}");
	let text = captured.text();
	assert!(!text.contains('\u{1b}'), "an escape code reached the log: {text:?}");
	assert!(text.lines().all(|line| !line.starts_with("2026-12-01T00:00:00Z")), "{text}");
	assert_eq!(captured.lines("refused").len(), 1);

	// A flood of unsigned requests: one line, the rest counted.
	for _ in 0..200 {
		let unsigned = Request::get("/v1/records/0").body(Body::empty()).expect("a request");
		assert_eq!(vault.send(unsigned).await.status, StatusCode::UNAUTHORIZED);
	}
	assert_eq!(captured.lines("code=\"unauthorized\"").len(), 1, "{}", captured.text());
	// A signed reader refused meanwhile is logged all the same: the flood hides nothing else.
	vault.index(0, &vault.alice, &vault.dave, mhr_envelope::sha256(b"sealed"));
	assert_eq!(vault.read(&vault.eve, 0).await.code(), code(StatusCode::FORBIDDEN, "no_access"));
	assert_eq!(captured.lines("code=\"no_access\"").len(), 1, "{}", captured.text());
	tokio::time::sleep(crate::throttle::Throttle::PERIOD).await;
	let unsigned = Request::get("/v1/records/0").body(Body::empty()).expect("a request");
	assert_eq!(vault.send(unsigned).await.status, StatusCode::UNAUTHORIZED);
	let lines = captured.lines("code=\"unauthorized\"");
	assert_eq!(lines.len(), 2, "{lines:?}");
	assert!(lines[1].contains("suppressed=199"), "{lines:?}");
	assert_eq!(captured.lines("refused").len(), 4, "{}", captured.text());
}

// 16. Access is checked before the blob is read.
#[tokio::test]
async fn a_refused_reader_does_not_make_the_vault_read_the_blob() {
	let vault = Harness::new(Limits::default());
	let sealed = b"sealed";
	assert_eq!(vault.put_blob(&vault.dave, sealed).await.status, StatusCode::CREATED);
	vault.index(0, &vault.alice, &vault.dave, mhr_envelope::sha256(sealed));
	// The blob made unreadable: any attempt to read it fails the request with `disk`.
	let blob = vault.dir.path().join("blobs").join(hex::encode(mhr_envelope::sha256(sealed)));
	std::fs::remove_file(&blob).expect("removed");
	std::fs::create_dir(&blob).expect("a directory in its place");

	assert_eq!(vault.read(&vault.eve, 0).await.code(), code(StatusCode::FORBIDDEN, "no_access"));
	assert!(vault.vault.ledger.logged.lock().expect("unpoisoned").is_empty());
	// A reader who is let through does make it read, and fails: the trap works.
	vault.allow_read(&vault.eve, &vault.alice);
	assert_eq!(
		vault.read(&vault.eve, 0).await.code(),
		code(StatusCode::INTERNAL_SERVER_ERROR, "disk")
	);
}

#[tokio::test]
async fn a_granted_reader_is_logged_then_served_with_their_envelope() {
	let vault = Harness::new(Limits::default());
	let sealed = b"sealed";
	assert_eq!(vault.put_blob(&vault.dave, sealed).await.status, StatusCode::CREATED);
	vault.index(0, &vault.alice, &vault.dave, mhr_envelope::sha256(sealed));
	let stored = vault.put_envelope(&vault.dave, sealed, &vault.eve, None, &envelope(5)).await;
	assert_eq!(stored.status, StatusCode::CREATED);
	vault.allow_read(&vault.eve, &vault.alice);
	let read: RecordResponse = vault.read(&vault.eve, 0).await.json();
	assert_eq!(read.sealed, mhr_client::vault::to_base64(sealed));
	assert_eq!(read.envelope, Some(mhr_client::vault::to_base64(&envelope(5))));
	assert!(read.logged_in.is_some());
	assert_eq!(*vault.vault.ledger.logged.lock().expect("unpoisoned"), [(vault.eve.account(), 0)]);
}

// A vault whose hospital the council suspended or removed, or whose account was cleared, is
// told so in words: not a transient `audit_failed` to retry.
#[tokio::test]
async fn a_read_the_chain_refuses_for_the_vaults_standing_is_refused_by_name() {
	let vault = Harness::new(Limits::default());
	let sealed = b"sealed";
	assert_eq!(vault.put_blob(&vault.dave, sealed).await.status, StatusCode::CREATED);
	vault.index(0, &vault.alice, &vault.dave, mhr_envelope::sha256(sealed));
	vault.allow_read(&vault.eve, &vault.alice);
	for (error, expected) in [
		("Access.VaultHospitalNotActive", "hospital_not_active"),
		("Access.NotVault", "not_a_vault"),
		("Access.SomethingElse", "audit_failed"),
	] {
		*vault.vault.ledger.log_refused.lock().expect("unpoisoned") = Some(error);
		let status = if expected == "audit_failed" {
			StatusCode::SERVICE_UNAVAILABLE
		} else {
			StatusCode::FORBIDDEN
		};
		assert_eq!(vault.read(&vault.eve, 0).await.code(), code(status, expected), "{error}");
	}
	assert!(vault.vault.ledger.logged.lock().expect("unpoisoned").is_empty());
}
