//! The vault's own accept loop (rather than `axum::serve`, which sets no bound): at most
//! [`Limits::max_connections`] connections at once, each given
//! [`Limits::header_timeout`] to send a request's head of at most
//! [`Limits::max_head_bytes`] and [`Limits::write_timeout`] to read what is written to it,
//! and a graceful shutdown that ends within [`Limits::shutdown_deadline`] even if clients
//! hang.

use crate::{limits::Limits, throttle::Throttle};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::{
	rt::{TokioIo, TokioTimer},
	service::TowerToHyperService,
};
use std::{
	future::Future,
	io,
	pin::{pin, Pin},
	task::{Context, Poll},
	time::{Duration, Instant},
};
use tokio::{
	io::{AsyncRead, AsyncWrite, ReadBuf},
	net::{TcpListener, TcpStream},
	sync::watch,
	task::JoinSet,
	time::Sleep,
};

/// One HTTP/1 connection to the vault's routes.
type Connection = http1::Connection<TokioIo<WriteTimeout<TcpStream>>, TowerToHyperService<Router>>;

/// How long to wait after a failed accept (out of file descriptors, say) before the next.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Serves `app` on `listener` within `limits` until `shutdown` completes; then stops
/// accepting, lets the requests in flight finish for up to the shutdown deadline, and closes
/// whatever is still open.
pub async fn serve(
	listener: TcpListener,
	app: Router,
	limits: &Limits,
	shutdown: impl Future<Output = ()>,
) {
	let mut http = http1::Builder::new();
	http.timer(TokioTimer::new())
		.header_read_timeout(limits.header_timeout)
		.max_header_size(limits.max_head_bytes)
		.max_headers(limits.max_headers);
	let (stop, stopping) = watch::channel(false);
	let mut connections = JoinSet::new();
	let accept_failures = Throttle::default();
	let mut shutdown = pin!(shutdown);
	loop {
		tokio::select! {
			biased;
			() = &mut shutdown => break,
			Some(_) = connections.join_next(), if !connections.is_empty() => {}
			accepted = listener.accept(), if connections.len() < limits.max_connections => {
				match accepted {
					Ok((stream, _)) => {
						let stream = WriteTimeout::new(stream, limits.write_timeout);
						let connection = http.serve_connection(
							TokioIo::new(stream),
							TowerToHyperService::new(app.clone()),
						);
						connections.spawn(until_stopped(connection, stopping.clone()));
					}
					Err(error) => {
						if let Some(suppressed) = accept_failures.admit(Instant::now()) {
							tracing::warn!(%error, suppressed, "accepting a connection failed");
						}
						tokio::time::sleep(ACCEPT_BACKOFF).await;
					}
				}
			}
		}
	}
	drop(listener);
	let _ = stop.send(true);
	let drained = tokio::time::timeout(limits.shutdown_deadline, async {
		while connections.join_next().await.is_some() {}
	})
	.await;
	if drained.is_err() {
		tracing::warn!(
			open = connections.len(),
			deadline_secs = limits.shutdown_deadline.as_secs(),
			"shutdown deadline reached: closing the connections still open"
		);
		connections.shutdown().await;
	}
}

/// A stream whose writes fail (`TimedOut`, which ends the connection) once one has waited
/// `timeout` for the peer to make room: a client that never reads cannot hold a connection
/// slot for ever. Reads are untouched (hyper times the request head itself).
struct WriteTimeout<S> {
	inner: S,
	timeout: Duration,
	/// Running while a write (or flush) waits for the peer.
	stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> WriteTimeout<S> {
	fn new(inner: S, timeout: Duration) -> Self {
		Self { inner, timeout, stalled: None }
	}

	/// `polled` as it is, unless it is still pending `timeout` after it first was.
	fn within_timeout<T>(
		&mut self,
		cx: &mut Context<'_>,
		polled: Poll<io::Result<T>>,
	) -> Poll<io::Result<T>> {
		if polled.is_ready() {
			self.stalled = None;
			return polled;
		}
		let timeout = self.timeout;
		let stalled = self.stalled.get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
		match stalled.as_mut().poll(cx) {
			Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
				io::ErrorKind::TimedOut,
				"the client read nothing of the answer within the write timeout",
			))),
			Poll::Pending => Poll::Pending,
		}
	}
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteTimeout<S> {
	fn poll_read(
		mut self: Pin<&mut Self>,
		cx: &mut Context<'_>,
		buf: &mut ReadBuf<'_>,
	) -> Poll<io::Result<()>> {
		Pin::new(&mut self.inner).poll_read(cx, buf)
	}
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteTimeout<S> {
	fn poll_write(
		mut self: Pin<&mut Self>,
		cx: &mut Context<'_>,
		buf: &[u8],
	) -> Poll<io::Result<usize>> {
		let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
		self.within_timeout(cx, polled)
	}

	fn poll_write_vectored(
		mut self: Pin<&mut Self>,
		cx: &mut Context<'_>,
		bufs: &[io::IoSlice<'_>],
	) -> Poll<io::Result<usize>> {
		let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
		self.within_timeout(cx, polled)
	}

	fn is_write_vectored(&self) -> bool {
		self.inner.is_write_vectored()
	}

	fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
		let polled = Pin::new(&mut self.inner).poll_flush(cx);
		self.within_timeout(cx, polled)
	}

	fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
		let polled = Pin::new(&mut self.inner).poll_shutdown(cx);
		self.within_timeout(cx, polled)
	}
}

/// Serves one connection; once `stopping` turns true, finishes its request in flight (if
/// any) and closes it.
async fn until_stopped(connection: Connection, mut stopping: watch::Receiver<bool>) {
	let mut connection = pin!(connection);
	tokio::select! {
		served = connection.as_mut() => {
			if let Err(error) = served {
				tracing::debug!(%error, "connection ended");
			}
		}
		// The guard `wait_for` returns is dropped here, not held across the awaits below.
		() = async { drop(stopping.wait_for(|stop| *stop).await) } => {
			connection.as_mut().graceful_shutdown();
			let _ = connection.await;
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use axum::routing::get;
	use tokio::io::{AsyncReadExt, AsyncWriteExt};

	/// The size of `/big`'s answer: more than loopback's socket buffers hold.
	const BIG: usize = 64 << 20;

	/// Serves a route that answers at once, one that never does and one with a large
	/// answer, within `limits`; the
	/// address, a trigger for the shutdown, and the server's task.
	async fn start(
		limits: Limits,
	) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
		let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
		let address = listener.local_addr().expect("bound");
		let app = Router::new()
			.route("/v1/health", get(|| async { "ok" }))
			.route("/hang", get(std::future::pending::<&'static str>))
			.route("/big", get(|| async { vec![7u8; BIG] }));
		let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
		let server = tokio::spawn(async move {
			serve(listener, app, &limits, async {
				let _ = stopped.await;
			})
			.await
		});
		(address, stop, server)
	}

	async fn get_health(address: std::net::SocketAddr) -> String {
		let mut stream = TcpStream::connect(address).await.expect("connects");
		stream
			.write_all(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
			.await
			.expect("sent");
		let mut answer = String::new();
		stream.read_to_string(&mut answer).await.expect("an answer");
		answer
	}

	/// Seconds until the server closes `stream`.
	async fn closed_after(mut stream: TcpStream) -> Duration {
		let started = Instant::now();
		let mut buffer = [0u8; 256];
		while matches!(stream.read(&mut buffer).await, Ok(n) if n > 0) {}
		started.elapsed()
	}

	#[tokio::test]
	async fn a_half_sent_request_is_cut_off_after_the_header_timeout() {
		let limits = Limits { header_timeout: Duration::from_millis(300), ..Default::default() };
		let (address, _stop, _server) = start(limits).await;
		let mut slow = TcpStream::connect(address).await.expect("connects");
		slow.write_all(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n").await.expect("sent");
		let idle = TcpStream::connect(address).await.expect("connects");
		let (slow, idle) = tokio::join!(closed_after(slow), closed_after(idle));
		for waited in [slow, idle] {
			assert!(waited >= Duration::from_millis(250), "{waited:?}");
			assert!(waited < Duration::from_secs(3), "{waited:?}");
		}
	}

	#[tokio::test]
	async fn a_client_that_never_reads_is_cut_off_after_the_write_timeout() {
		let limits = Limits { write_timeout: Duration::from_millis(300), ..Default::default() };
		let (address, _stop, _server) = start(limits).await;
		let mut stalling = TcpStream::connect(address).await.expect("connects");
		// An answer far larger than the connection's buffers, never read.
		stalling.write_all(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n").await.expect("sent");
		tokio::time::sleep(Duration::from_secs(2)).await;
		// Cut off: what was buffered is there to read, then the connection ends short of the
		// whole answer.
		let mut received = Vec::new();
		let ended =
			tokio::time::timeout(Duration::from_secs(5), stalling.read_to_end(&mut received))
				.await
				.expect("the vault closed the connection");
		assert!(ended.is_err() || received.len() < BIG, "{} bytes", received.len());
		assert!(get_health(address).await.starts_with("HTTP/1.1 200"));
	}

	#[tokio::test]
	async fn an_oversized_request_head_is_answered_431() {
		let (address, _stop, _server) = start(Limits::default()).await;
		let mut stream = TcpStream::connect(address).await.expect("connects");
		let header = format!("Authorization: MHR account={}\r\n", "5".repeat(256_000));
		let request = format!("GET /v1/health HTTP/1.1\r\nHost: x\r\n{header}\r\n");
		// The server may close before the whole head is sent.
		let _ = stream.write_all(request.as_bytes()).await;
		let mut answer = Vec::new();
		let _ = stream.read_to_end(&mut answer).await;
		let answer = String::from_utf8_lossy(&answer);
		assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
	}

	#[tokio::test]
	async fn connections_beyond_the_cap_wait_until_one_closes() {
		let limits = Limits {
			max_connections: 2,
			header_timeout: Duration::from_millis(500),
			..Default::default()
		};
		let (address, _stop, _server) = start(limits).await;
		let _hanging: Vec<TcpStream> = futures::future::join_all(
			(0..2).map(|_| async { TcpStream::connect(address).await.expect("connects") }),
		)
		.await;
		tokio::time::sleep(Duration::from_millis(50)).await;
		let started = Instant::now();
		let answer = get_health(address).await;
		assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
		// Served only once the header timeout closed one of the two idle connections.
		assert!(started.elapsed() >= Duration::from_millis(400), "{:?}", started.elapsed());
		let started = Instant::now();
		assert!(get_health(address).await.starts_with("HTTP/1.1 200"));
		assert!(started.elapsed() < Duration::from_millis(400), "{:?}", started.elapsed());
	}

	#[tokio::test]
	async fn shutdown_ends_within_its_deadline_even_if_clients_hang() {
		let limits = Limits {
			header_timeout: Duration::from_secs(60),
			shutdown_deadline: Duration::from_millis(500),
			..Default::default()
		};
		let (address, stop, server) = start(limits).await;
		let mut hanging = TcpStream::connect(address).await.expect("connects");
		hanging.write_all(b"GET /hang HTTP/1.1\r\nHost: x\r\n\r\n").await.expect("sent");
		let mut half_sent = TcpStream::connect(address).await.expect("connects");
		half_sent.write_all(b"GET /v1/health HTTP/1.1\r\n").await.expect("sent");
		assert!(get_health(address).await.starts_with("HTTP/1.1 200"));
		let started = Instant::now();
		stop.send(()).expect("the server runs");
		tokio::time::timeout(Duration::from_secs(3), server)
			.await
			.expect("shut down within the deadline")
			.expect("no panic");
		assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
		assert!(TcpStream::connect(address).await.is_err(), "still accepting");
		assert!(closed_after(hanging).await < Duration::from_secs(1));
	}
}
