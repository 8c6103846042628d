//! The service: the routes (`crate::routes`, by resource) with the layers
//! they share (the partner headers over the API; metrics, a body limit and
//! a timeout over every route), then the publisher's dashboard
//! (`/dashboard/…`, with `[dashboard] token`: `crate::dashboard`) and the
//! widget's `dist/`, with the headers partners need, for anything else.
//! What every request shares is [`AppState`] (`crate::state`).

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

pub use crate::state::AppState;

use crate::dashboard::DashboardState;
use crate::routes;
use crate::static_files::static_files;

/// The whole service.
pub fn router(state: AppState) -> Router {
    let api = with_partner_headers(
        Router::new()
            .merge(routes::articles::routes())
            .merge(routes::views::routes())
            .merge(routes::oembed::routes()),
    )
    .merge(routes::pages::routes())
    .merge(routes::health::routes())
    .layer(axum::middleware::from_fn(crate::metrics::track))
    .layer(tower_http::limit::RequestBodyLimitLayer::new(1024))
    .layer(tower_http::timeout::TimeoutLayer::with_status_code(
        StatusCode::SERVICE_UNAVAILABLE,
        Duration::from_secs(30),
    ));
    let api = match &state.config.dist {
        Some(dist) => api
            .merge(routes::pages::frame_routes())
            .fallback_service(static_files(dist)),
        None => api,
    };
    // The dashboard, when it has a token and no address of its own.
    let dashboard = state
        .config
        .dashboard
        .listen
        .is_none()
        .then(|| DashboardState::new(&state.config, state.views.pool()))
        .flatten();
    let app = api.with_state(state);
    match dashboard {
        Some(dashboard) => app.merge(crate::dashboard::router(dashboard)),
        None => app,
    }
}

/// What partners' pages need of the API's answers, good or bad, as one
/// layer: any page may read them, and the widget the `Retry-After` of a 429
/// or a 503.
fn with_partner_headers(routes: Router<AppState>) -> Router<AppState> {
    routes
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("Retry-After"),
        ))
}
