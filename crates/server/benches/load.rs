//! The load test: `bash scripts/load.sh` (or `cargo bench -p
//! article-embed-server --bench load`, with `AE_TEST_POSTGRES` set for
//! PostgreSQL). The release binary on loopback, the load generator in this
//! process on the same two cores.
//!
//! Per store: cached article reads, then views by a new reader each, in
//! closed loop; it prints answers/s and p50/p99 latency, and fails unless
//! the stored count equals the acknowledged views exactly.
//! `--seconds N` (default 5) per phase, `--connections N` (default 256:
//! readers are many; with few connections a closed loop measures the group
//! commit's wait, not the server).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use support::{cms, load, Process};

const BIN: &str = env!("CARGO_BIN_EXE_article-embed-server");
const BASE: u64 = 47;

fn flag(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let seconds = Duration::from_secs(flag("--seconds", 5));
    let connections = flag("--connections", 256) as usize;
    let dir = tempfile::tempdir().unwrap();
    let stores = support::stores(dir.path()).await;
    let cms = cms().await;
    println!(
        "{connections} connections, {}s per phase, {} cores\n",
        seconds.as_secs(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "| store | phase | answers/s | p50 ms | p99 ms | not 2xx | server CPU | generator CPU |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    let mut exact = true;
    for (name, database) in stores {
        let server = Process::start(BIN, dir.path(), &database, cms).await;
        // Warm: the CMS's document fetched and read once.
        server.views().await;
        for (phase, views) in [("cached article reads", false), ("views", true)] {
            let cpu = (
                server.cpu_seconds(),
                support::cpu_seconds("/proc/self/stat"),
            );
            let mut outcome = load(
                server.addr,
                views,
                connections,
                seconds,
                Arc::new(AtomicBool::new(false)),
            )
            .await;
            let wall = outcome.elapsed.as_secs_f64();
            println!(
                "| {name} | {phase} | {:.0} | {:.1} | {:.1} | {:?} | {:.0}% | {:.0}% |",
                outcome.per_second(),
                outcome.percentile_ms(50.0),
                outcome.percentile_ms(99.0),
                outcome.failed,
                100.0 * (server.cpu_seconds() - cpu.0) / wall,
                100.0 * (support::cpu_seconds("/proc/self/stat") - cpu.1) / wall,
            );
            if views {
                let stored = server.views().await - BASE;
                if stored != outcome.ok {
                    exact = false;
                    eprintln!("{name}: {} views acknowledged, {stored} stored", outcome.ok);
                }
            }
        }
    }
    if !exact {
        std::process::exit(1);
    }
    println!("\nstored counts equal acknowledged views on every store");
}
