//! The server's configuration: a TOML file (`server.example.toml` shows
//! every key), a few keys overridable by flags.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use ipnet::IpNet;
use serde::{Deserialize, Deserializer};

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
    /// believed, as addresses or ranges (`10.0.0.5`, `2001:db8::/32`);
    /// anyone else's is ignored. An IPv4 proxy matches however the
    /// listener sees it (`::ffff:10.0.0.5` on a dual-stack one).
    #[serde(default, deserialize_with = "addresses_or_ranges")]
    pub trusted_proxies: Vec<IpNet>,
    /// What the CMS publishes.
    #[serde(default, rename = "source")]
    pub sources: Vec<Source>,
    #[serde(default)]
    /// How the CMS is asked.
    pub upstream: Upstream,
    #[serde(default)]
    /// How views are let in.
    pub views: ViewLimits,
    #[serde(default)]
    /// What one client, and all of them, may hold of the server.
    pub clients: ClientLimits,
    #[serde(default)]
    /// The publisher's dashboard: off without a token.
    pub dashboard: Dashboard,
}

/// The publisher's dashboard (`/dashboard`) and its API: views by day, by
/// article and by partner site.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Dashboard {
    /// The access token (at least 16 characters): without one, no
    /// dashboard is served (the default). Browsers sign in with it once
    /// (a cookie); the API takes it as `Authorization: Bearer <token>`.
    pub token: Option<String>,
    /// An address of its own (like `metrics_listen`), kept off the public
    /// one; none: served on `listen`, under `/dashboard`.
    pub listen: Option<SocketAddr>,
}

/// Shortest dashboard token accepted.
pub const MIN_TOKEN_CHARS: usize = 16;

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
    /// After the CMS failed, it is not asked again for this long, whatever
    /// the number of readers: they get the last good document, or the
    /// failure. Default: 10.
    pub retry_secs: u64,
}

impl Default for Upstream {
    fn default() -> Self {
        Upstream {
            timeout_secs: 10,
            fresh_secs: 60,
            stale_secs: 86_400,
            retry_secs: 10,
        }
    }
}

/// How views are let in.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ViewLimits {
    /// Views one client may register in any 60 seconds (all articles, a
    /// sliding window). Default: 60.
    pub per_minute: u32,
    /// Readers one client address (an IPv6 client's prefix) may add to one
    /// article's count in a day, whatever browsers it says it is: a
    /// household or an office behind one address counts up to this many,
    /// one address rotating its `User-Agent` no more. Default: 20.
    pub readers_per_address: u32,
    /// How long a view waits to share its transaction with others, in
    /// milliseconds (group commit). Default: 5.
    pub batch_wait_ms: u64,
    /// Days the daily counts in all and per article are kept; 0: forever
    /// (the default).
    pub article_days_kept: u32,
    /// Days the daily counts per partner site are kept; 0: forever.
    /// Default: 396 (13 months).
    pub partner_days_kept: u32,
}

impl Default for ViewLimits {
    fn default() -> Self {
        ViewLimits {
            per_minute: 60,
            readers_per_address: 20,
            batch_wait_ms: 5,
            article_days_kept: 0,
            partner_days_kept: 396,
        }
    }
}

/// What one client, and all clients together, may hold of the server: the
/// figures `docs/publishing.md` gives for an instance with the systemd
/// default of 1,024 open files.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClientLimits {
    /// One IPv6 client is its address's first this many bits (a /64 is one
    /// household's or one machine's network): rate limits, connection caps
    /// and "one reader" all use it. Default: 64.
    pub ipv6_prefix: u8,
    /// Connections open at once, all clients together; past it a new
    /// connection is closed at once. Default: 768.
    pub max_connections: usize,
    /// Connections open at once from one client (its address, its IPv6
    /// prefix); trusted proxies are not capped. Default: 32.
    pub connections_per_address: usize,
    /// Seconds a connection has to send a whole request head, from when it
    /// opens or from its previous answer: a slow, silent or idle connection
    /// is closed past it. Default: 10.
    pub header_timeout_secs: u64,
}

impl Default for ClientLimits {
    fn default() -> Self {
        ClientLimits {
            ipv6_prefix: 64,
            max_connections: 768,
            connections_per_address: 32,
            header_timeout_secs: 10,
        }
    }
}

/// `trusted_proxies`: each an address (a proxy) or a range in CIDR notation.
fn addresses_or_ranges<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<IpNet>, D::Error> {
    let texts = Vec::<String>::deserialize(deserializer)?;
    texts
        .iter()
        .map(|text| {
            let text = text.trim();
            text.parse::<IpNet>()
                .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    serde::de::Error::custom(format!(
                        "\"{text}\" is neither an IP address nor a range such as 10.0.0.0/8"
                    ))
                })
        })
        .collect()
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8787))
}

fn default_database() -> String {
    "data/views.db".to_owned()
}

/// Why a configuration is refused: the key, and what is wrong with it.
#[derive(Debug)]
pub enum ConfigError {
    /// Not TOML, an unknown key, or a value of the wrong type (toml's
    /// message names the line).
    Syntax(toml::de::Error),
    /// A key whose value the server cannot run with.
    Invalid {
        /// The key, as written in the file (`source[2].url`).
        key: String,
        /// What is wrong with it.
        problem: String,
    },
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Syntax(error) => write!(f, "{error}"),
            ConfigError::Invalid { key, problem } => write!(f, "{key}: {problem}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Syntax(error) => Some(error),
            ConfigError::Invalid { .. } => None,
        }
    }
}

fn invalid(key: impl Into<String>, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: key.into(),
        problem: problem.into(),
    }
}

/// `text` as an absolute http(s) URL with a host, or why not.
fn http_url(text: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(text.trim()).map_err(|e| format!("\"{text}\" is not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "\"{text}\" is a {}: URL; only http:// and https:// are served or fetched",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("\"{text}\" has no host"));
    }
    Ok(url)
}

/// Longest source name: it is a path segment of every URL of the source.
const MAX_SOURCE_NAME: usize = 64;

impl Config {
    /// Reads the file and checks every value ([`Config::check`]); the
    /// error names the key and what is wrong.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(ConfigError::Syntax)?;
        config.check()?;
        Ok(config)
    }

    /// Refuses what the server cannot run with, naming the key: URLs that
    /// are not http(s) with a host, source names no route reaches or two
    /// sources named alike, an unknown format, limits of zero, a `dist`
    /// that is not a folder. Run again after flags override keys.
    pub fn check(&self) -> Result<(), ConfigError> {
        let public = http_url(&self.public_url).map_err(|p| invalid("public_url", p))?;
        if public.query().is_some() || public.fragment().is_some() {
            return Err(invalid(
                "public_url",
                format!(
                    "\"{}\" has a query or a fragment: give the address alone",
                    self.public_url
                ),
            ));
        }
        if let Some(embed_js) = &self.embed_js {
            http_url(embed_js).map_err(|p| invalid("embed_js", p))?;
        }
        if self.metrics_listen == Some(self.listen) {
            return Err(invalid(
                "metrics_listen",
                format!(
                    "{} is also `listen`: metrics need an address of their own",
                    self.listen
                ),
            ));
        }
        if let Some(token) = &self.dashboard.token {
            if token.trim().chars().count() < MIN_TOKEN_CHARS || token.trim() != token {
                return Err(invalid(
                    "dashboard.token",
                    format!("give at least {MIN_TOKEN_CHARS} characters, with no spaces around them (openssl rand -hex 24 makes one)"),
                ));
            }
        }
        if let Some(address) = self.dashboard.listen {
            if address == self.listen || Some(address) == self.metrics_listen {
                return Err(invalid(
                    "dashboard.listen",
                    format!("{address} is also `listen` or `metrics_listen`: give the dashboard an address of its own"),
                ));
            }
            if self.dashboard.token.is_none() {
                return Err(invalid(
                    "dashboard.listen",
                    "set, but dashboard.token is not: the dashboard is served only with a token",
                ));
            }
        }
        if self.database.trim().is_empty() {
            return Err(invalid(
                "database",
                "empty: give a SQLite file's path or a postgres:// URL",
            ));
        }
        if let Some(dist) = &self.dist {
            if !dist.is_dir() {
                return Err(invalid(
                    "dist",
                    format!(
                        "{} is not a folder (build it with trunk build --release)",
                        dist.display()
                    ),
                ));
            }
        }
        if self.sources.is_empty() {
            return Err(invalid(
                "source",
                "no [[source]]: the server would have no article to answer",
            ));
        }
        for (n, source) in self.sources.iter().enumerate() {
            let key = |field: &str| format!("source[{}].{field}", n + 1);
            let name = &source.name;
            let reachable = !name.is_empty()
                && name.len() <= MAX_SOURCE_NAME
                && name != "."
                && name != ".."
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
            if !reachable {
                return Err(invalid(
                    key("name"),
                    format!(
                        "\"{name}\" cannot be a path segment of /api/articles/<name>: use 1 to {MAX_SOURCE_NAME} of a-z, A-Z, 0-9, '-', '_', '.'"
                    ),
                ));
            }
            if let Some(first) = self
                .sources
                .iter()
                .take(n)
                .position(|other| other.name.eq_ignore_ascii_case(name))
            {
                return Err(invalid(
                    key("name"),
                    format!(
                        "\"{name}\" is also source[{}]'s name (names differ in more than case)",
                        first + 1
                    ),
                ));
            }
            http_url(&source.url).map_err(|p| invalid(key("url"), p))?;
            if let Some(format) = &source.format {
                if article_embed_core::formats::Format::from_attr(format).is_none() {
                    return Err(invalid(
                        key("format"),
                        format!("\"{format}\" is none of contract, wordpress, ghost, jsonfeed, rss, atom"),
                    ));
                }
            }
        }
        let positive = [
            ("upstream.timeout_secs", self.upstream.timeout_secs),
            ("views.per_minute", u64::from(self.views.per_minute)),
            (
                "views.readers_per_address",
                u64::from(self.views.readers_per_address),
            ),
            (
                "clients.max_connections",
                self.clients.max_connections as u64,
            ),
            (
                "clients.connections_per_address",
                self.clients.connections_per_address as u64,
            ),
            (
                "clients.header_timeout_secs",
                self.clients.header_timeout_secs,
            ),
        ];
        if let Some((key, _)) = positive.iter().find(|(_, value)| *value == 0) {
            return Err(invalid(*key, "0 would refuse everything: give at least 1"));
        }
        if self.upstream.timeout_secs > 300 {
            return Err(invalid(
                "upstream.timeout_secs",
                "over 300: a reader would wait minutes for a hung CMS",
            ));
        }
        if self.upstream.stale_secs < self.upstream.fresh_secs {
            return Err(invalid(
                "upstream.stale_secs",
                format!(
                    "{} is shorter than fresh_secs ({}): a document is stale only after it is no longer fresh",
                    self.upstream.stale_secs, self.upstream.fresh_secs
                ),
            ));
        }
        if self.views.batch_wait_ms > 1_000 {
            return Err(invalid(
                "views.batch_wait_ms",
                "over 1000: every view would wait over a second",
            ));
        }
        if !(16..=128).contains(&self.clients.ipv6_prefix) {
            return Err(invalid(
                "clients.ipv6_prefix",
                format!("{} is not 16 to 128 bits", self.clients.ipv6_prefix),
            ));
        }
        if self.clients.connections_per_address > self.clients.max_connections {
            return Err(invalid(
                "clients.connections_per_address",
                "more than max_connections: one client could take them all",
            ));
        }
        Ok(())
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
