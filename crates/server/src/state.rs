//! What every request shares: the configuration, the articles, the view
//! store, the view limiter and the client rules (the `Client` extractor's).

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;

use crate::articles::Articles;
use crate::client::ClientRules;
use crate::config::Config;
use crate::limiter::SlidingWindow;
use crate::upstream::Fetcher;
use crate::views::Views;

/// What every request shares.
#[derive(Clone)]
pub struct AppState {
    /// The configuration, as read at start.
    pub config: Arc<Config>,
    /// The sources' articles, read from the CMS's documents.
    pub articles: Arc<Articles>,
    /// The view store.
    pub views: Views,
    /// Views per client, over a sliding minute.
    pub(crate) limiter: Arc<SlidingWindow<IpAddr>>,
    clients: Arc<ClientRules>,
}

impl FromRef<AppState> for Arc<ClientRules> {
    fn from_ref(state: &AppState) -> Arc<ClientRules> {
        state.clients.clone()
    }
}

impl AppState {
    /// The state of a server with this configuration, fetcher and store.
    pub fn new(config: Config, fetcher: Fetcher, views: Views) -> AppState {
        let config = Arc::new(config);
        AppState {
            articles: Arc::new(Articles::new(config.clone(), fetcher, views.archive())),
            views,
            limiter: Arc::new(SlidingWindow::new(
                config.views.per_minute,
                Duration::from_secs(60),
            )),
            clients: Arc::new(ClientRules::of(&config)),
            config,
        }
    }
}
