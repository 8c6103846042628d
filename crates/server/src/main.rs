//! `article-embed-server serve --config server.toml`: see the crate docs
//! and `docs/publishing.md`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use article_embed_server::app::{router, AppState};
use article_embed_server::client::ClientRules;
use article_embed_server::config::Config;
use article_embed_server::upstream::Fetcher;
use article_embed_server::views::Views;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(version, about = "The publisher's half of article-embed")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serves articles, views and the widget's files.
    Serve {
        /// The configuration file (TOML).
        #[arg(long, default_value = "server.toml")]
        config: PathBuf,
        /// Overrides `listen`.
        #[arg(long)]
        listen: Option<SocketAddr>,
        /// Overrides `database` (a SQLite file, or a postgres:// URL).
        #[arg(long)]
        database: Option<String>,
        /// Overrides `dist`.
        #[arg(long)]
        dist: Option<PathBuf>,
    },
    /// Fills the archive from what a CMS exports: WordPress export files
    /// (WXR), saved feeds and JSON documents, feeds by URL page after page.
    /// Resumable (run it again after a stop) and idempotent.
    Import {
        /// The configuration file (TOML): its database, and the source.
        #[arg(long, default_value = "server.toml")]
        config: PathBuf,
        /// The source the articles belong to (a `[[source]]` name).
        #[arg(long)]
        source: String,
        /// Overrides `database`.
        #[arg(long)]
        database: Option<String>,
        /// Files, or http(s) URLs of feeds.
        #[arg(required = true)]
        what: Vec<String>,
    },
    /// Withdraws articles (a legal request, a retraction): from then on
    /// they are answered 410, whatever the CMS lists (running servers see
    /// it within 10 seconds).
    Remove {
        /// The configuration file (TOML): its database.
        #[arg(long, default_value = "server.toml")]
        config: PathBuf,
        /// The source the articles belong to.
        #[arg(long)]
        source: String,
        /// Overrides `database`.
        #[arg(long)]
        database: Option<String>,
        /// Each article's URL, id or guid (any spelling of its link).
        #[arg(required = true)]
        items: Vec<String>,
    },
    /// Fetches a deployed embed.js and every file it loads, and reports
    /// each header a partner's page depends on (exit status 1 if any fails).
    Check {
        /// The deployed embed.js, e.g. https://cdn.publisher.example/article-embed/embed.js
        url: String,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let (config, listen, database, dist) = match Cli::parse().command {
        Command::Serve {
            config,
            listen,
            database,
            dist,
        } => (config, listen, database, dist),
        Command::Check { url } => return check(&url).await,
        Command::Import {
            config,
            source,
            database,
            what,
        } => return import(&config, &source, database, &what).await,
        Command::Remove {
            config,
            source,
            database,
            items,
        } => return remove(&config, &source, database, &items).await,
    };
    let config_path = config.clone();
    let mut config = match read_config(&config_path) {
        Ok(config) => config,
        Err(failed) => return failed,
    };
    config.listen = listen.unwrap_or(config.listen);
    config.database = database.unwrap_or(config.database);
    config.dist = dist.or(config.dist);
    // The flags' values are checked as the file's are.
    if let Err(error) = config.check() {
        eprintln!(
            "{} (or a flag overriding it): {error}",
            config_path.display()
        );
        return ExitCode::FAILURE;
    }
    match serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let (views, writer) = Views::open(&config.store(), &config.views).await?;
    let fetcher = Fetcher::new(config.upstream.clone())?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    if let Some(address) = config.metrics_listen {
        let metrics = tokio::net::TcpListener::bind(address).await?;
        article_embed_server::metrics::handle();
        let app = axum::Router::new().route(
            "/metrics",
            axum::routing::get(|| async { article_embed_server::metrics::render() }),
        );
        tokio::spawn(async move {
            if let Err(error) = axum::serve(metrics, app).await {
                tracing::error!(%error, "the metrics listener stopped");
            }
        });
        tracing::info!(%address, "metrics");
    }
    if let (Some(address), Some(dashboard)) = (
        config.dashboard.listen,
        article_embed_server::dashboard::DashboardState::new(&config, views.pool()),
    ) {
        let listener = tokio::net::TcpListener::bind(address).await?;
        let app = article_embed_server::dashboard::router(dashboard)
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                tracing::error!(%error, "the dashboard listener stopped");
            }
        });
        tracing::info!(%address, "dashboard");
    }
    tracing::info!(listen = %config.listen, sources = config.sources.len(), "serving");
    let (limits, rules) = (config.clients.clone(), Arc::new(ClientRules::of(&config)));
    let app = router(AppState::new(config, fetcher, views));
    article_embed_server::serve::serve(listener, app, limits, rules, shutdown()).await;
    // Every sender is gone with the app: the writer commits what is queued,
    // then ends. No acknowledged view is left behind.
    writer.await?;
    tracing::info!("stopped");
    Ok(())
}

/// The configuration at `path`, or the exit status after saying why not.
fn read_config(path: &std::path::Path) -> Result<Config, ExitCode> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        eprintln!("cannot read {}: {error}", path.display());
        ExitCode::FAILURE
    })?;
    Config::from_toml(&text).map_err(|error| {
        eprintln!("{}: {error}", path.display());
        ExitCode::FAILURE
    })
}

/// What `import` and `remove` work on: the configuration at `path` (its
/// `database` overridden), its store opened and migrated, and `source`,
/// which must be one of its sources; or the exit status after saying why
/// not.
async fn open_source(
    path: &std::path::Path,
    source: &str,
    database: Option<String>,
) -> Result<(Config, Views, article_embed_server::views::Writer), ExitCode> {
    let mut config = read_config(path)?;
    config.database = database.unwrap_or(config.database);
    if config.source(source).is_none() {
        let names: Vec<&str> = config.sources.iter().map(|s| s.name.as_str()).collect();
        eprintln!(
            "no source named \"{source}\" in {} (there are: {})",
            path.display(),
            names.join(", ")
        );
        return Err(ExitCode::FAILURE);
    }
    let (views, writer) = Views::open(&config.store(), &config.views)
        .await
        .map_err(|error| {
            eprintln!("{error}");
            ExitCode::FAILURE
        })?;
    Ok((config, views, writer))
}

/// `remove`: each item withdrawn, or said not to be archived.
async fn remove(
    config_path: &std::path::Path,
    source: &str,
    database: Option<String>,
    items: &[String],
) -> ExitCode {
    let (_, views, writer) = match open_source(config_path, source, database).await {
        Ok(opened) => opened,
        Err(failed) => return failed,
    };
    let archive = views.archive();
    let mut failed = false;
    for item in items {
        let spelling = article_embed_server::spelling::spelling(item);
        match archive.remove(source, &spelling).await {
            Ok(Some(key)) => println!("removed: {} ({item})", key.replace('\n', " ")),
            Ok(None) => {
                eprintln!(
                    "{source}: {item}: no archived article is known by this link, id or guid"
                );
                failed = true;
            }
            Err(error) => {
                eprintln!("{source}: {item}: {error}");
                failed = true;
            }
        }
    }
    drop(archive);
    drop(views);
    let _ = writer.await;
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `import`: each file or URL in turn, progress on stderr.
async fn import(
    config_path: &std::path::Path,
    source: &str,
    database: Option<String>,
    what: &[String],
) -> ExitCode {
    use std::io::{IsTerminal, Write};
    let (config, views, writer) = match open_source(config_path, source, database).await {
        Ok(opened) => opened,
        Err(failed) => return failed,
    };
    let importer = article_embed_server::import::Importer {
        source: source.to_owned(),
        base: config
            .source(source)
            .map(|s| s.url.clone())
            .unwrap_or_default(),
        archive: views.archive(),
        pool: views.pool(),
    };
    // Pages by URL are asked as the CMS is: same origin, time and size.
    let fetcher = match Fetcher::new(config.upstream.clone()) {
        Ok(fetcher) => fetcher,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let terminal = std::io::stderr().is_terminal();
    let mut failed = false;
    for one in what {
        let show = |p: &article_embed_server::import::Progress| {
            let line = format!(
                "{source}: {one}: {} items read: {} archived, {} unchanged, {} skipped, {} unreadable",
                p.read, p.kept, p.unchanged, p.skipped, p.unreadable
            );
            let mut err = std::io::stderr();
            let _ = if terminal {
                write!(err, "\r{line}")
            } else {
                writeln!(err, "{line}")
            };
        };
        let result = if one.starts_with("http://") || one.starts_with("https://") {
            importer.url(&fetcher, one, show).await
        } else {
            importer.file(std::path::Path::new(one), show).await
        };
        if terminal {
            eprintln!();
        }
        if let Err(error) = result {
            eprintln!("{source}: {one}: {error}");
            failed = true;
        }
    }
    drop(views);
    let _ = writer.await;
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

async fn check(url: &str) -> ExitCode {
    match article_embed_server::check::check(url).await {
        Ok(findings) => {
            for f in &findings {
                let mark = if f.ok { "ok  " } else { "FAIL" };
                println!("{mark} {:<60} {} ({})", f.file, f.what, f.found);
            }
            if findings.iter().all(|f| f.ok) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("cannot check {url}: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
