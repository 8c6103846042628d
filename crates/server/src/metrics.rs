//! Prometheus metrics, on their own listener (`metrics_listen`): kept off
//! the public address, which a CDN fronts.
//!
//! | metric | labels | what |
//! |---|---|---|
//! | `http_requests_total` | `route`, `status` | requests answered |
//! | `http_request_duration_seconds` | `route` | time to the answer's head (histogram) |
//! | `views_total` | `outcome`: `counted`, `seen`, `bot`, `limited`, `failed` | view requests, by what became of them |
//! | `view_batch_size` | | views per group commit (histogram) |
//! | `view_commit_duration_seconds` | | one group commit's transaction (histogram) |
//! | `upstream_documents_total` | `outcome`: `fresh`, `revalidating`, `stale_if_error`, `fetched`, `failed` | where a served document came from |
//! | `db_errors_total` | | failed statements and transactions |

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Latency buckets, in seconds: fine below the 50 ms a view should take.
const SECONDS: [f64; 14] = [
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0,
];
const BATCH: [f64; 10] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's recorder, installed on first use (once per process: the
/// tests start several servers in one).
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &SECONDS)
                .ok()?
                .set_buckets_for_metric(Matcher::Full("view_batch_size".into()), &BATCH)
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            // Histograms are kept in windows the handle rolls over.
            let upkeep = handle.clone();
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(Duration::from_secs(5));
                loop {
                    tick.tick().await;
                    upkeep.run_upkeep();
                }
            });
            Some(handle)
        })
        .as_ref()
}

/// The text exposition (`GET /metrics` on the metrics listener).
pub fn render() -> String {
    handle().map(PrometheusHandle::render).unwrap_or_default()
}

/// Middleware: every request counted and timed by its route (the pattern,
/// not the path a client sent: no unbounded label values).
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("static", |p| p.as_str())
        .to_owned();
    let start = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route)
        .record(start.elapsed().as_secs_f64());
    response
}

/// One view request's outcome.
pub fn view(outcome: &'static str) {
    metrics::counter!("views_total", "outcome" => outcome).increment(1);
}

/// One group commit.
pub fn commit(views: usize, took: Duration, ok: bool) {
    metrics::histogram!("view_batch_size").record(views as f64);
    metrics::histogram!("view_commit_duration_seconds").record(took.as_secs_f64());
    if !ok {
        db_error();
    }
}

/// A failed statement or transaction.
pub fn db_error() {
    metrics::counter!("db_errors_total").increment(1);
}

/// Where a served document came from.
pub fn upstream(outcome: &'static str) {
    metrics::counter!("upstream_documents_total", "outcome" => outcome).increment(1);
}

/// A connection refused at a cap (`refused_total`, `refused_per_address`).
pub fn connection(outcome: &'static str) {
    metrics::counter!("connections_total", "outcome" => outcome).increment(1);
}

/// A document mapped for an item (what single-flight and the cache save).
pub fn mapping() {
    metrics::counter!("article_mappings_total").increment(1);
}

/// A document version's items listed (once per version, whatever the
/// number of items asked for).
pub fn index() {
    metrics::counter!("document_indexes_total").increment(1);
}
