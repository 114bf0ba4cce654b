//! What a stranger can make the vault spend: every bound in one place.

use std::time::Duration;

/// The vault's bounds on connections, requests and bodies.
#[derive(Clone, Debug)]
pub struct Limits {
	/// The largest sealed record accepted, in bytes.
	pub max_blob_bytes: usize,
	/// How long a request body may take to arrive, from when the vault starts reading it.
	pub body_timeout: Duration,
	/// How many blob bodies are read at once; beyond, uploads are answered 503 `busy`.
	pub max_concurrent_uploads: usize,
	/// How many connections are open at once; beyond, new ones wait in the listen backlog.
	pub max_connections: usize,
	/// How long a client may take to send a request's head (line and headers), also
	/// between two requests on a kept-alive connection.
	pub header_timeout: Duration,
	/// How long a write may wait for the client to read (to make room in the connection's
	/// buffers): a client that sends requests and never reads the answers is cut off then.
	pub write_timeout: Duration,
	/// The largest request head (line and headers), in bytes: larger ones are answered 431.
	pub max_head_bytes: usize,
	/// The most headers a request may have: more are answered 431.
	pub max_headers: usize,
	/// How long a graceful shutdown waits for the requests in flight before it closes
	/// every connection still open.
	pub shutdown_deadline: Duration,
}

impl Default for Limits {
	fn default() -> Self {
		Self {
			max_blob_bytes: 16 << 20,
			body_timeout: Duration::from_secs(30),
			max_concurrent_uploads: 4,
			max_connections: 512,
			header_timeout: Duration::from_secs(10),
			write_timeout: Duration::from_secs(10),
			max_head_bytes: 16 << 10,
			max_headers: 32,
			shutdown_deadline: Duration::from_secs(10),
		}
	}
}
