//! What a request can fail with, as the widget shows it: a status, words,
//! and when to try again. Every API answer, good or bad, is readable from
//! any partner's page: the partner headers are one layer over the API's
//! routes (`crate::app`).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Why an API request is not answered with what it asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request itself is wrong (400): an overlong item, a URL that is
    /// not http(s).
    BadRequest(String),
    /// No such source, item or page (404).
    NotFound(String),
    /// Withdrawn by the publisher (410): not to be retried.
    Gone(String),
    /// A format the endpoint does not speak (501).
    NotImplemented(String),
    /// One client past a limit (429), for this many seconds.
    TooMany {
        /// What was limited.
        what: &'static str,
        /// Seconds until the client is within the limit again.
        retry_after: u64,
    },
    /// The CMS's answer cannot be read, or is too large (502).
    BadUpstream(String),
    /// The CMS cannot be reached, or the view store cannot commit (503),
    /// for about this many seconds.
    Unavailable {
        /// Why.
        message: String,
        /// Seconds to wait before trying again.
        retry_after: u64,
    },
    /// A bug or a crashed task (500).
    Internal(String),
}

impl ApiError {
    /// The status it is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Gone(_) => StatusCode::GONE,
            ApiError::NotImplemented(_) => StatusCode::NOT_IMPLEMENTED,
            ApiError::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::BadUpstream(_) => StatusCode::BAD_GATEWAY,
            ApiError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::BadRequest(m)
            | ApiError::NotFound(m)
            | ApiError::Gone(m)
            | ApiError::NotImplemented(m)
            | ApiError::BadUpstream(m)
            | ApiError::Internal(m)
            | ApiError::Unavailable { message: m, .. } => f.write_str(m),
            ApiError::TooMany { what, .. } => f.write_str(what),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let retry_after = match &self {
            ApiError::TooMany { retry_after, .. } | ApiError::Unavailable { retry_after, .. } => {
                Some(*retry_after)
            }
            _ => None,
        };
        let mut response = (status, Json(json!({"error": self.to_string()}))).into_response();
        if let Some(seconds) = retry_after {
            // The widget honours it on 429 and 503.
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
        }
        response
    }
}
