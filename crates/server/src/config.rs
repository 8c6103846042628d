//! The server's configuration: a TOML file (`server.example.toml` shows
//! every key), a few keys overridable by flags.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use serde::Deserialize;

/// Everything the server is told.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where to listen. Default: `127.0.0.1:8787`.
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// The address readers reach this server at (through the CDN, if
    /// any): `views_url` points there.
    pub public_url: String,
    /// Where Prometheus reads `/metrics`: its own address, kept off the
    /// public one. None (the default): no metrics listener.
    #[serde(default)]
    pub metrics_listen: Option<SocketAddr>,
    /// Where views are kept: a SQLite file's path (default
    /// `data/views.db`), or a `postgres://` URL when several instances
    /// share the counts.
    #[serde(default = "default_database")]
    pub database: String,
    /// The widget's `dist/`, served with the headers partners need; none
    /// when another host serves it.
    #[serde(default)]
    pub dist: Option<PathBuf>,
    /// Where partners load the widget's `embed.js` (oEmbed's snippet).
    /// Default: `<public_url>/embed.js`, as when this server serves `dist`.
    #[serde(default)]
    pub embed_js: Option<String>,
    /// Proxies (a CDN, a load balancer) whose `X-Forwarded-For` is
    /// believed; anyone else's is ignored.
    #[serde(default)]
    pub trusted_proxies: Vec<IpAddr>,
    /// What the CMS publishes.
    #[serde(default, rename = "source")]
    pub sources: Vec<Source>,
    #[serde(default)]
    /// How the CMS is asked.
    pub upstream: Upstream,
    #[serde(default)]
    /// How views are let in.
    pub views: ViewLimits,
}

/// One thing the CMS publishes: a feed, a post, a contract document.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The name in this server's URLs (`/api/articles/<name>`).
    pub name: String,
    /// Where the CMS publishes it: only this URL (and redirects on its own
    /// origin) is ever fetched.
    pub url: String,
    /// `contract`, `wordpress`, `ghost`, `jsonfeed`, `rss`, `atom`; told
    /// by the document's shape when absent.
    #[serde(default)]
    pub format: Option<String>,
}

/// How the CMS is asked.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Upstream {
    /// Seconds per request. Default: 10.
    pub timeout_secs: u64,
    /// A document is fresh this long: served without asking. Default: 60.
    pub fresh_secs: u64,
    /// Past fresh, it is served while it is asked again in the background
    /// (stale-while-revalidate), and whenever the CMS fails
    /// (stale-if-error), up to this age. Default: 86 400 (a day).
    pub stale_secs: u64,
}

impl Default for Upstream {
    fn default() -> Self {
        Upstream {
            timeout_secs: 10,
            fresh_secs: 60,
            stale_secs: 86_400,
        }
    }
}

/// How views are let in.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ViewLimits {
    /// Views one client may register per minute (all articles). Default: 60.
    pub per_minute: u32,
    /// How long a view waits to share its transaction with others, in
    /// milliseconds (group commit). Default: 5.
    pub batch_wait_ms: u64,
}

impl Default for ViewLimits {
    fn default() -> Self {
        ViewLimits {
            per_minute: 60,
            batch_wait_ms: 5,
        }
    }
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8787))
}

fn default_database() -> String {
    "data/views.db".to_owned()
}

impl Config {
    /// Reads the file; the error says what is wrong, and where.
    pub fn from_toml(text: &str) -> Result<Config, toml::de::Error> {
        toml::from_str(text)
    }

    /// The view store `database` names.
    pub fn store(&self) -> Store {
        Store::parse(&self.database)
    }

    /// The source with this name.
    pub fn source(&self, name: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.name == name)
    }
}

/// Where views are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Store {
    /// A SQLite file (created, with its folder, when missing).
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`postgres://user:password@host/database`).
    Postgres(String),
}

impl Store {
    /// `postgres://…` or `postgresql://…` is PostgreSQL; anything else is a
    /// SQLite file's path (`sqlite:` in front is allowed).
    pub fn parse(text: &str) -> Store {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Store::Postgres(text.to_owned())
        } else {
            Store::Sqlite(PathBuf::from(text.strip_prefix("sqlite:").unwrap_or(text)))
        }
    }
}
