use leptos::prelude::*;

use super::Ui;
use crate::api::LoadError;

/// A readable failure with a way to try again. The partner's fallback content
/// (usually a plain link to the article) is projected below it via `<slot>`.
#[component]
pub fn ErrorState(
    /// Its language's words.
    ui: Ui,
    /// What failed.
    error: LoadError,
    /// Loads the article again (not offered for a bad `src`).
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    let words = ui.words;
    let reason = match &error {
        LoadError::BadSource(_) => words.err_source.to_owned(),
        LoadError::Network(_) => words.err_network.to_owned(),
        LoadError::Timeout { .. } => words.err_timeout.to_owned(),
        LoadError::Http { status: 404 | 410 } => words.err_not_found.to_owned(),
        LoadError::Http { status } => format!("{} ({status}).", words.err_http),
        LoadError::Document(_) => format!("{}.", words.err_data),
    };
    let retryable = !matches!(error, LoadError::BadSource(_));
    view! {
        <div class="ae-error" role="alert">
            <p class="ae-error__title">{words.error_title}</p>
            <p class="ae-error__reason">{reason}</p>
            <p class="ae-error__detail">{error.to_string()}</p>
            {retryable.then(|| view! {
                <button type="button" class="ae-button ae-error__retry" on:click=move |_| on_retry()>
                    {words.try_again}
                </button>
            })}
            <div class="ae-error__fallback"><slot></slot></div>
        </div>
    }
}
