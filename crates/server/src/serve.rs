//! Accepting connections within limits: what `axum::serve` leaves open.
//!
//! - **Header timeout**: a connection has `header_timeout_secs` to send a
//!   whole request head, from when it opens and again from each answer
//!   (hyper's header read timeout, which needs a timer, which
//!   `axum::serve` does not give it). A slowloris sending a line every few
//!   seconds, a connection that sends nothing and an idle keep-alive
//!   connection are all closed past it.
//! - **Caps**: `max_connections` in all, `connections_per_address` per
//!   client (an IPv4 address, an IPv6 prefix); a trusted proxy, which
//!   carries many readers, is capped only by the total. Past a cap, a new
//!   connection is closed at once, before it costs a task or a buffer.
//! - **Small buffers**: a request head over [`MAX_HEAD`] is refused (431),
//!   so a connection holds at most that much of the server's memory.
//! - **Graceful shutdown**: on the signal, no new connection; requests in
//!   flight finish (within [`DRAIN`]), idle connections close.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::client::ClientRules;
use crate::config::ClientLimits;

/// The most a request head (request line and headers) may take: far over
/// any browser's, and the buffer each connection holds at most.
pub const MAX_HEAD: usize = 64 * 1024;

/// How long requests in flight have to finish after the shutdown signal.
pub const DRAIN: Duration = Duration::from_secs(30);

/// Connections open, in all and per client.
#[derive(Default)]
struct Open {
    total: usize,
    by_client: HashMap<IpAddr, usize>,
}

/// What accepting needs to decide whether a connection may stay.
struct Gate {
    limits: ClientLimits,
    rules: Arc<ClientRules>,
    open: Mutex<Open>,
}

/// A connection's place within the caps, given back when it closes.
struct Slot {
    gate: Arc<Gate>,
    client: Option<IpAddr>,
}

impl Gate {
    /// A place for a connection from `peer`, if the caps leave one.
    fn admit(self: &Arc<Gate>, peer: IpAddr) -> Option<Slot> {
        let client = (!self.rules.is_trusted(peer)).then(|| self.rules.client_of(peer));
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if open.total >= self.limits.max_connections {
            crate::metrics::connection("refused_total");
            return None;
        }
        if let Some(client) = client {
            let mine = open.by_client.entry(client).or_default();
            if *mine >= self.limits.connections_per_address {
                crate::metrics::connection("refused_per_address");
                return None;
            }
            *mine += 1;
        }
        open.total += 1;
        Some(Slot {
            gate: self.clone(),
            client,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.gate.open.lock().unwrap_or_else(|p| p.into_inner());
        open.total = open.total.saturating_sub(1);
        if let Some(client) = self.client {
            if let Some(mine) = open.by_client.get_mut(&client) {
                *mine = mine.saturating_sub(1);
                if *mine == 0 {
                    open.by_client.remove(&client);
                }
            }
        }
    }
}

/// Serves `app` on `listener` within `limits` until `shutdown` completes,
/// then lets requests in flight finish (up to [`DRAIN`]). Handlers see the
/// peer as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ClientLimits,
    rules: Arc<ClientRules>,
    shutdown: impl Future<Output = ()>,
) {
    let header_timeout = Duration::from_secs(limits.header_timeout_secs);
    let gate = Arc::new(Gate {
        limits,
        rules,
        open: Mutex::default(),
    });
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .max_buf_size(MAX_HEAD);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, mostly: wait for some to
                    // close rather than spin.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(slot) = gate.admit(peer.ip()) else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request
                .extensions_mut()
                .insert(ConnectInfo::<SocketAddr>(peer));
            app.clone().oneshot(request.map(axum::body::Body::new))
        });
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after the drain: closed");
    }
}
