use leptos::prelude::*;

use super::Ui;
use crate::loading::api::LoadError;

/// A readable failure with a way to try again. The partner's fallback content
/// (usually a plain link to the article) is projected below it via `<slot>`.
// `#[component]` writes the props struct `pub` whatever the function's visibility.
#[allow(unreachable_pub)]
#[component]
pub(crate) fn ErrorState(
    /// Its language's words.
    ui: Ui,
    /// What failed.
    error: LoadError,
    /// Loads the article again (not offered for a bad `src` or a withdrawn article).
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    let words = ui.words;
    let reason = match &error {
        LoadError::BadSource(_) => words.err_source.to_owned(),
        LoadError::Network(_) => words.err_network.to_owned(),
        LoadError::Timeout { .. } => words.err_timeout.to_owned(),
        LoadError::Http { status: 404 } => words.err_not_found.to_owned(),
        LoadError::Http { status: 410 } => words.err_removed.to_owned(),
        LoadError::Http { status } => format!("{} ({status}).", words.err_http),
        LoadError::Document(_) => format!("{}.", words.err_data),
    };
    // A bad `src` cannot load, and an article its publisher withdrew (410)
    // is gone for good: asking again would only ask again.
    let retryable = !matches!(
        error,
        LoadError::BadSource(_) | LoadError::Http { status: 410 }
    );
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
