use leptos::prelude::*;

use super::Ui;

/// Placeholder with the article's shape, so nothing jumps when it arrives.
// `#[component]` writes the props struct `pub` whatever the function's visibility.
#[allow(unreachable_pub)]
#[component]
pub(crate) fn Skeleton(
    /// Its language's words (the loading label).
    ui: Ui,
    /// The card's shape (`layout="card"`) rather than a full article's.
    card: bool,
) -> impl IntoView {
    let lines = if card { 2 } else { 9 };
    view! {
        <div class="ae-skeleton" role="status" aria-live="polite">
            <span class="ae-visually-hidden">{ui.words.loading}</span>
            <div class="ae-skeleton__rubrics" aria-hidden="true">
                <span class="ae-skeleton__pill"></span>
                <span class="ae-skeleton__pill"></span>
            </div>
            <div class="ae-skeleton__title" aria-hidden="true"></div>
            <div class="ae-skeleton__meta" aria-hidden="true"></div>
            {card.then(|| view! { <div class="ae-skeleton__image" aria-hidden="true"></div> })}
            <div class="ae-skeleton__text" aria-hidden="true">
                {(0..lines).map(|_| view! { <span class="ae-skeleton__line"></span> }).collect_view()}
            </div>
        </div>
    }
}
