//! Storage faults under a load of views, with the server binary as a real
//! process on a real file system the test mounts (a tmpfs of its own):
//! the disk full, the database file moved away and back, its lock held by
//! another process; and PostgreSQL
//! with its tables on a disk that fills. Each time: only 503s with
//! `Retry-After` while the store cannot commit, recovered without a
//! restart, no transaction left open, and after a restart exactly the
//! acknowledged views stored.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use sqlx::Connection;
use support::{cms, load, Process};

const BIN: &str = env!("CARGO_BIN_EXE_article-embed-server");
/// The seed article's count at its CMS.
const BASE: u64 = 47;

/// A tmpfs mounted for one test, unmounted however the test ends.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts `size` (`16m`) at `dir`; `None` when not root (then the
    /// test says it was skipped). As root, a failed mount fails the test.
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        if !root {
            eprintln!("not root: no file system of its own to fill; skipped, not passed");
            return None;
        }
        std::fs::create_dir_all(dir).unwrap();
        let status = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0777"),
                "tmpfs",
            ])
            .arg(dir)
            .status()
            .unwrap();
        assert!(status.success(), "mount tmpfs at {}", dir.display());
        Some(Tmpfs(dir.to_owned()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fills the file system at `dir` with one file, until it is full.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    let chunk = vec![0u8; 64 * 1024];
    while file.write_all(&chunk).is_ok() {}
    // What a last partial chunk could not take, byte by byte.
    while file.write_all(&[0]).is_ok() {}
    path
}

/// A fault, and its remedy, on a SQLite file `db` inside `mount`.
struct Fault {
    name: &'static str,
    inject: Box<dyn FnOnce() -> Box<dyn FnOnce() + Send> + Send>,
}

/// The load of new readers' views through the fault: while it is on and
/// after it is healed. Answers what the load saw.
async fn views_through(server: &Process, fault: Fault) -> (u64, u64) {
    let stop = Arc::new(AtomicBool::new(false));
    let running = tokio::spawn(load(
        server.addr,
        true,
        8,
        Duration::from_millis(6_500),
        stop.clone(),
    ));
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    let heal = (fault.inject)();
    tokio::time::sleep(Duration::from_millis(3_000)).await;
    heal();
    let outcome = running.await.unwrap();
    let name = fault.name;
    let unavailable = outcome.failed.get(&503).copied().unwrap_or(0);
    assert!(
        unavailable > 0,
        "{name}: no 503 while the store could not commit ({} acknowledged)",
        outcome.ok
    );
    assert_eq!(
        outcome.failed.keys().copied().collect::<Vec<_>>(),
        vec![503],
        "{name}: only 503s: {:?}",
        outcome.failed
    );
    assert_eq!(
        outcome.retry_after_missing, 0,
        "{name}: every 503 says when to try again"
    );
    // Recovered by itself: a short load after the remedy is all 2xx.
    let after = load(
        server.addr,
        true,
        4,
        Duration::from_millis(700),
        Arc::new(AtomicBool::new(false)),
    )
    .await;
    assert!(
        after.ok > 0 && after.failed.is_empty(),
        "{name}: not recovered: {} acknowledged, {:?}",
        after.ok,
        after.failed
    );
    (outcome.ok + after.ok, unavailable)
}

/// An outside writer gets the lock at once: no transaction was left open.
async fn no_transaction_left_open(db: &Path, name: &str) {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db)
        .busy_timeout(Duration::from_secs(3));
    let mut outside = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    let begun = sqlx::query("BEGIN IMMEDIATE").execute(&mut outside).await;
    assert!(
        begun.is_ok(),
        "{name}: a transaction was left open: {begun:?}"
    );
    sqlx::query("ROLLBACK").execute(&mut outside).await.unwrap();
    outside.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_faults_refuse_views_until_healed_and_lose_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let Some(mount) = Tmpfs::mount(&dir.path().join("disk"), "16m") else {
        return;
    };
    let cms = cms().await;
    let db = mount.0.join("views.db");
    let database = db.display().to_string();
    let faults: Vec<Fault> = vec![
        Fault {
            name: "disk full",
            inject: Box::new({
                let dir = mount.0.clone();
                move || {
                    let filler = fill(&dir);
                    Box::new(move || std::fs::remove_file(filler).unwrap())
                }
            }),
        },
        Fault {
            name: "database file moved away (deleted, then restored)",
            inject: Box::new({
                let db = db.clone();
                move || {
                    let away = db.with_extension("moved");
                    std::fs::rename(&db, &away).unwrap();
                    Box::new(move || std::fs::rename(away, db).unwrap())
                }
            }),
        },
        Fault {
            name: "lock held by another process",
            inject: Box::new({
                let db = db.clone();
                move || {
                    // Another process's writer: sqlite3 holding an exclusive
                    // transaction until its input closes.
                    let mut holder = Command::new("python3")
                        .args([
                            "-c",
                            "import sqlite3,sys\n\
                             c=sqlite3.connect(sys.argv[1],isolation_level=None)\n\
                             c.execute('BEGIN EXCLUSIVE')\n\
                             print('locked',flush=True)\n\
                             sys.stdin.read()\n\
                             c.execute('ROLLBACK')",
                        ])
                        .arg(&db)
                        .stdin(std::process::Stdio::piped())
                        .stdout(std::process::Stdio::piped())
                        .spawn()
                        .unwrap();
                    let mut line = String::new();
                    std::io::BufRead::read_line(
                        &mut std::io::BufReader::new(holder.stdout.take().unwrap()),
                        &mut line,
                    )
                    .unwrap();
                    assert_eq!(line.trim(), "locked");
                    Box::new(move || {
                        drop(holder.stdin.take());
                        holder.wait().unwrap();
                    })
                }
            }),
        },
    ];
    // Acknowledged, and answered 503, so far.
    let (mut acknowledged, mut refused) = (0, 0);
    for fault in faults {
        let name = fault.name;
        let mut server = Process::start(BIN, dir.path(), &database, cms).await;
        let (ok, unavailable) = views_through(&server, fault).await;
        server.terminate();
        no_transaction_left_open(&db, name).await;
        acknowledged += ok;
        refused += unavailable;
        let restarted = Process::start(BIN, dir.path(), &database, cms).await;
        let stored = restarted.views().await - BASE;
        eprintln!(
            "{name}: {ok} acknowledged, {unavailable} answered 503; in all {acknowledged} acknowledged, {stored} stored"
        );
        // Every acknowledged view is stored. A few answered 503 may be
        // stored too: committed into the file while it was moved away,
        // refused because it was, and back with it.
        assert!(
            stored >= acknowledged && stored <= acknowledged + refused,
            "{name}: {acknowledged} acknowledged, {stored} stored"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_with_its_disk_full_refuses_views_until_space_returns() {
    let Ok(admin) = std::env::var("AE_TEST_POSTGRES") else {
        eprintln!("AE_TEST_POSTGRES is unset: skipped, not passed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The cluster's owner must reach the mount.
    let _ = Command::new("chmod").arg("755").arg(dir.path()).status();
    let Some(mount) = Tmpfs::mount(&dir.path().join("pgdisk"), "48m") else {
        return;
    };
    let space = mount.0.join("tablespace");
    std::fs::create_dir(&space).unwrap();
    let _ = Command::new("chown").arg("postgres:").arg(&space).status();
    // The database's tables on that disk (its WAL stays on the cluster's).
    let name = format!("ae_full_{}", std::process::id());
    let tablespace = format!("{name}_space");
    let mut connection = sqlx::PgConnection::connect(&admin).await.unwrap();
    for statement in [
        format!(
            "CREATE TABLESPACE {tablespace} LOCATION '{}'",
            space.display()
        ),
        format!("CREATE DATABASE {name} TABLESPACE {tablespace}"),
    ] {
        sqlx::query(&statement)
            .execute(&mut connection)
            .await
            .unwrap();
    }
    let (base, _) = admin.rsplit_once('/').unwrap();
    let database = format!("{base}/{name}");
    let cms = cms().await;
    let mut server = Process::start(BIN, dir.path(), &database, cms).await;
    let fault = Fault {
        name: "PostgreSQL's disk full",
        inject: Box::new({
            let disk = mount.0.clone();
            move || {
                let filler = fill(&disk);
                Box::new(move || std::fs::remove_file(filler).unwrap())
            }
        }),
    };
    let (ok, unavailable) = views_through(&server, fault).await;
    server.terminate();
    let restarted = Process::start(BIN, dir.path(), &database, cms).await;
    let stored = restarted.views().await - BASE;
    drop(restarted);
    eprintln!(
        "PostgreSQL's disk full: {ok} acknowledged, {unavailable} answered 503, {stored} stored"
    );
    // A commit cut off by the fault may have landed though answered 503.
    assert!(
        stored >= ok && stored <= ok + unavailable,
        "{ok} acknowledged, {stored} stored"
    );
    for statement in [
        format!("DROP DATABASE {name} WITH (FORCE)"),
        format!("DROP TABLESPACE {tablespace}"),
    ] {
        sqlx::query(&statement)
            .execute(&mut connection)
            .await
            .unwrap();
    }
}
