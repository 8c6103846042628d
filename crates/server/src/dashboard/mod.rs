//! The publisher's dashboard: views by day, by article and by partner site,
//! as HTML pages (server-rendered, no script: `page`) and as JSON and CSV
//! (`export`), behind one access token.
//!
//! | route | answer |
//! |---|---|
//! | `GET /dashboard/?period=7d\|30d\|12m` or `?from=YYYY-MM-DD&to=YYYY-MM-DD` | the overview: views per day, top articles, top partner sites |
//! | `GET /dashboard/article?key=…&period=…` | one article: views per day, its partner sites with their first and last day |
//! | `GET /dashboard/api/{days,articles,partners,article-days,article-partners}.{json,csv}` | the same figures for BI tools (`Authorization: Bearer <token>`) |
//! | `POST /dashboard/login`, `POST /dashboard/logout` | a browser's sign-in (a cookie derived from the token) |
//!
//! Off unless `[dashboard] token` is set; without the token (or its
//! cookie) every route but the sign-in answers 401 and no figure. The
//! token is compared in constant time (digests, so its length is not told
//! either); no route sends CORS headers, so no partner page can read it.

mod export;
mod page;
pub mod stats;
pub mod words;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{FromRef, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::client::{Client, ClientRules};
use crate::config::Config;
use crate::db::Pool;
use crate::limiter::{retry_seconds, SlidingWindow};
use stats::Period;
use words::Words;

/// The cookie a signed-in browser carries.
const COOKIE: &str = "ae_dashboard";

/// Sign-in attempts one client may make a minute.
const SIGN_INS_PER_MINUTE: u32 = 10;

/// The longest custom period, in days (ten years).
pub const MAX_PERIOD_DAYS: i64 = 3_660;

/// What the dashboard's routes share.
#[derive(Clone)]
pub struct DashboardState {
    pool: Pool,
    /// SHA-256 of the token.
    token: [u8; 32],
    /// The cookie's value: the token's HMAC, never the token itself.
    session: String,
    /// Whether the cookie is `Secure` (the public address is https).
    secure: bool,
    clients: Arc<ClientRules>,
    sign_ins: Arc<SlidingWindow<std::net::IpAddr>>,
}

impl FromRef<DashboardState> for Arc<ClientRules> {
    fn from_ref(state: &DashboardState) -> Self {
        state.clients.clone()
    }
}

impl DashboardState {
    /// The dashboard of `config` over `pool`; `None` when it has no token.
    pub fn new(config: &Config, pool: Pool) -> Option<DashboardState> {
        let token = config.dashboard.token.as_deref()?;
        let session = Hmac::<Sha256>::new_from_slice(token.as_bytes())
            .ok()?
            .chain_update(b"article-embed dashboard session")
            .finalize()
            .into_bytes();
        Some(DashboardState {
            pool,
            token: Sha256::digest(token.as_bytes()).into(),
            session: session.iter().map(|b| format!("{b:02x}")).collect(),
            secure: config.public_url.starts_with("https:"),
            clients: Arc::new(ClientRules::of(config)),
            sign_ins: Arc::new(SlidingWindow::new(
                SIGN_INS_PER_MINUTE,
                Duration::from_secs(60),
            )),
        })
    }

    fn is_token(&self, given: &str) -> bool {
        let given: [u8; 32] = Sha256::digest(given.as_bytes()).into();
        given.ct_eq(&self.token).into()
    }

    fn is_session(&self, given: &str) -> bool {
        let given: [u8; 32] = Sha256::digest(given.as_bytes()).into();
        let expected: [u8; 32] = Sha256::digest(self.session.as_bytes()).into();
        given.ct_eq(&expected).into()
    }
}

/// The dashboard's routes (all under `/dashboard`).
pub fn router(state: DashboardState) -> Router {
    Router::new()
        // Every page is in /dashboard/, so that its relative links work
        // behind a proxy's path prefix too.
        .route("/dashboard", get(|| async { Redirect::to("dashboard/") }))
        .route("/dashboard/", get(overview))
        .route("/dashboard/article", get(article))
        .route("/dashboard/dashboard.css", get(stylesheet))
        .route("/dashboard/login", post(login))
        .route("/dashboard/logout", post(logout))
        .route("/dashboard/api/{file}", get(export::file))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(4096))
        .layer(axum::middleware::map_response(private))
        .with_state(state)
}

/// Every dashboard answer: never cached, never framed, no script, no CORS.
async fn private(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// A request the token (or its cookie) let in.
pub struct Publisher;

/// Why a dashboard request is not answered with figures.
#[derive(Debug)]
pub enum DashboardError {
    /// No token, or a wrong one (401).
    Unauthorized,
    /// A period or parameter that cannot be read (400).
    BadRequest(String),
    /// No such article (404).
    NotFound,
    /// Too many sign-ins from one client (429).
    TooMany(u64),
    /// The database failed (503).
    Store(sqlx::Error),
}

impl From<sqlx::Error> for DashboardError {
    fn from(error: sqlx::Error) -> Self {
        DashboardError::Store(error)
    }
}

impl DashboardError {
    fn status(&self) -> StatusCode {
        match self {
            DashboardError::Unauthorized => StatusCode::UNAUTHORIZED,
            DashboardError::BadRequest(_) => StatusCode::BAD_REQUEST,
            DashboardError::NotFound => StatusCode::NOT_FOUND,
            DashboardError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            DashboardError::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn message(&self) -> String {
        match self {
            DashboardError::Unauthorized => "a valid dashboard token is needed".to_owned(),
            DashboardError::BadRequest(why) => why.clone(),
            DashboardError::NotFound => "no views or archived article with this key".to_owned(),
            DashboardError::TooMany(_) => "too many sign-ins: wait a minute".to_owned(),
            DashboardError::Store(error) => {
                tracing::error!(%error, "dashboard figures not read");
                "the figures cannot be read right now".to_owned()
            }
        }
    }
}

/// The API's errors: JSON, with `WWW-Authenticate` on a 401.
impl IntoResponse for DashboardError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status(),
            axum::Json(serde_json::json!({ "error": self.message() })),
        )
            .into_response();
        if let DashboardError::Unauthorized = self {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"article-embed dashboard\""),
            );
        }
        if let DashboardError::TooMany(seconds) = self {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

impl FromRequestParts<DashboardState> for Publisher {
    type Rejection = DashboardError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &DashboardState,
    ) -> Result<Self, Self::Rejection> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|token| state.is_token(token.trim()));
        let cookie = cookie(&parts.headers, COOKIE).is_some_and(|v| state.is_session(v));
        if bearer || cookie {
            Ok(Publisher)
        } else {
            Err(DashboardError::Unauthorized)
        }
    }
}

/// A cookie's value from the request's `Cookie` headers.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then_some(value)
        })
}

/// What every page's URL may carry.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct View {
    /// `7d`, `30d` (the default) or `12m`.
    pub period: Option<String>,
    /// A custom period's first day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// A custom period's last day.
    pub to: Option<String>,
    /// The UI language (else `Accept-Language`).
    pub lang: Option<String>,
    /// The articles table's order: `views` (the default), `-views`,
    /// `title`, `-title`.
    pub sort: Option<String>,
    /// The partner sites table's order: `views`, `-views`, `partner`,
    /// `-partner`.
    pub psort: Option<String>,
    /// An article's key (`/dashboard/article` and the article tables).
    pub key: Option<String>,
    /// Rows of a top list in the API (default 100, at most 10,000).
    pub limit: Option<i64>,
}

impl View {
    /// The period asked for, relative to `today` (UTC days).
    pub fn period(&self, today: i64) -> Result<Period, DashboardError> {
        let custom = self.from.as_deref().filter(|s| !s.is_empty());
        if let Some(from) = custom {
            let from = parse_date(from)?;
            let to = match self.to.as_deref().filter(|s| !s.is_empty()) {
                Some(to) => parse_date(to)?,
                None => today,
            };
            if to < from {
                return Err(DashboardError::BadRequest(
                    "`to` is before `from`".to_owned(),
                ));
            }
            if to - from + 1 > MAX_PERIOD_DAYS {
                return Err(DashboardError::BadRequest(format!(
                    "a period is at most {MAX_PERIOD_DAYS} days"
                )));
            }
            return Ok(Period { from, to });
        }
        let days = match self.period.as_deref().unwrap_or("30d") {
            "7d" => 7,
            "30d" => 30,
            "12m" => 365,
            other => {
                return Err(DashboardError::BadRequest(format!(
                    "period \"{}\" is none of 7d, 30d, 12m (or give from and to)",
                    other.chars().take(20).collect::<String>()
                )))
            }
        };
        Ok(Period {
            from: today - days + 1,
            to: today,
        })
    }
}

/// A `YYYY-MM-DD` date as days since 1970-01-01.
pub fn parse_date(text: &str) -> Result<i64, DashboardError> {
    let bad = || {
        DashboardError::BadRequest(format!(
            "\"{}\" is not a date as YYYY-MM-DD",
            text.chars().take(20).collect::<String>()
        ))
    };
    let mut parts = text.splitn(3, '-');
    let mut number = |len: usize| {
        parts
            .next()
            .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<i64>().ok())
    };
    let (Some(year), Some(month), Some(day)) = (number(4), number(2), number(2)) else {
        return Err(bad());
    };
    let days = article_embed_core::date::days_from_civil(year, month, day);
    // 2021-02-31 is not a date: it must come back as it was written.
    if !(1..=12).contains(&month) || date(days) != text {
        return Err(bad());
    }
    Ok(days)
}

/// Days since 1970-01-01 as `YYYY-MM-DD`.
pub fn date(days: i64) -> String {
    let (year, month, day) = article_embed_core::date::civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Today, in days since 1970-01-01 (UTC, as views are counted).
pub fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

/// The words for this request.
fn words(view: &View, headers: &HeaderMap) -> &'static Words {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    words::choose(view.lang.as_deref(), accept)
}

/// A page, or the sign-in page (401) when the request has no token.
fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A page, or its failure as a page.
fn shown(page: Result<String, DashboardError>, words: &Words, view: &View) -> Response {
    let error = match page {
        Ok(body) => return html(StatusCode::OK, body),
        Err(error) => error,
    };
    match error {
        DashboardError::Unauthorized => {
            html(StatusCode::UNAUTHORIZED, page::sign_in(words, view, false))
        }
        other => html(other.status(), page::failure(words, view, &other.message())),
    }
}

async fn overview(
    State(state): State<DashboardState>,
    publisher: Result<Publisher, DashboardError>,
    Query(view): Query<View>,
    headers: HeaderMap,
) -> Response {
    let words = words(&view, &headers);
    let answer = async {
        publisher?;
        let period = view.period(today())?;
        let figures = page::Overview {
            period,
            days: stats::days(&state.pool, period).await?,
            previous: stats::total(&state.pool, period.previous()).await?,
            articles: stats::top_articles(&state.pool, period, stats::TOP).await?,
            partners: stats::top_partners(&state.pool, period, stats::TOP).await?,
        };
        Ok::<_, DashboardError>(page::overview(words, &view, figures))
    };
    shown(answer.await, words, &view)
}

async fn article(
    State(state): State<DashboardState>,
    publisher: Result<Publisher, DashboardError>,
    Query(view): Query<View>,
    headers: HeaderMap,
) -> Response {
    let words = words(&view, &headers);
    let answer = async {
        publisher?;
        let period = view.period(today())?;
        let key = view.key.as_deref().ok_or(DashboardError::NotFound)?;
        let info = stats::article_info(&state.pool, key)
            .await?
            .ok_or(DashboardError::NotFound)?;
        let figures = page::Article {
            period,
            days: stats::article_days(&state.pool, key, period).await?,
            partners: stats::article_partners(&state.pool, key, period).await?,
            info,
        };
        Ok::<_, DashboardError>(page::article(words, &view, figures))
    };
    shown(answer.await, words, &view)
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("dashboard.css"),
    )
        .into_response()
}

#[derive(Deserialize)]
struct SignIn {
    token: String,
    #[serde(default)]
    lang: Option<String>,
}

async fn login(
    State(state): State<DashboardState>,
    client: Client,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Response {
    let view = View {
        lang: form.lang.clone(),
        ..View::default()
    };
    let words = words(&view, &headers);
    if let Err(wait) = state.sign_ins.check(&client.key) {
        let mut response = html(
            StatusCode::TOO_MANY_REQUESTS,
            page::failure(words, &view, &DashboardError::TooMany(0).message()),
        );
        if let Ok(value) = HeaderValue::from_str(&retry_seconds(wait).to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return response;
    }
    if !state.is_token(form.token.trim()) {
        return html(StatusCode::UNAUTHORIZED, page::sign_in(words, &view, true));
    }
    let secure = if state.secure { "; Secure" } else { "" };
    // No `Path`: the cookie's is the folder of this URL, `/dashboard` or
    // the proxy's prefix before it.
    let cookie = format!(
        "{COOKIE}={}; HttpOnly; SameSite=Strict; Max-Age=2592000{secure}",
        state.session
    );
    let target = match view.lang.as_deref().map(|l| words::choose(Some(l), None)) {
        Some(words) => format!("./?lang={}", words.tag),
        None => "./".to_owned(),
    };
    let mut response = Redirect::to(&target).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn logout() -> Response {
    let mut response = Redirect::to("./").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("ae_dashboard=; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_back_as_written_and_nothing_else() {
        assert_eq!(parse_date("1970-01-01").ok(), Some(0));
        assert_eq!(
            date(parse_date("2026-12-06").unwrap_or_default()),
            "2026-12-06"
        );
        assert_eq!(
            date(parse_date("2024-02-29").unwrap_or_default()),
            "2024-02-29"
        );
        for bad in [
            "2021-02-31",
            "2021-13-01",
            "2021-1-01",
            "20211-01-01",
            "",
            "x",
            "2021-00-10",
            "2021-01-01T00",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn periods() {
        let today = 20_000;
        let view = |period: Option<&str>, from: Option<&str>, to: Option<&str>| View {
            period: period.map(str::to_owned),
            from: from.map(str::to_owned),
            to: to.map(str::to_owned),
            ..View::default()
        };
        assert_eq!(
            view(None, None, None).period(today).ok(),
            Some(Period {
                from: today - 29,
                to: today
            })
        );
        assert_eq!(
            view(Some("7d"), None, None).period(today).ok(),
            Some(Period {
                from: today - 6,
                to: today
            })
        );
        assert_eq!(
            view(Some("12m"), None, None)
                .period(today)
                .ok()
                .map(Period::days),
            Some(365)
        );
        assert!(view(Some("1y"), None, None).period(today).is_err());
        let custom = view(None, Some("2024-01-01"), Some("2024-01-31")).period(today);
        assert_eq!(custom.ok().map(Period::days), Some(31));
        assert!(view(None, Some("2024-02-01"), Some("2024-01-31"))
            .period(today)
            .is_err());
        assert!(view(None, Some("1990-01-01"), Some("2024-01-31"))
            .period(today)
            .is_err());
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; ae_dashboard=abc"),
        );
        assert_eq!(cookie(&headers, COOKIE), Some("abc"));
        assert_eq!(cookie(&headers, "b"), None);
    }
}
