use std::sync::atomic::Ordering;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::article::ArticleView;
use super::error_state::ErrorState;
use super::hooks::{use_article, ArticleLoad, EmbedState, StateListener};
use super::skeleton::Skeleton;
use super::Ui;
use crate::config::{ui_locale, EmbedConfig, Layout};
use crate::loading::api::Prefetched;
use crate::loading::dwell::ViewOnce;

/// One article embed: skeleton while loading, the article, or an error with
/// "Try again" ([`use_article`] holds the load and its lifecycle).
// `#[component]` writes the props struct `pub` whatever the function's visibility.
#[allow(unreachable_pub)]
#[component]
pub(crate) fn ArticleEmbed(
    /// What the element's attributes ask for.
    config: EmbedConfig,
    /// The page's language, the last fallback for the UI language.
    #[prop(optional)]
    page_lang: Option<String>,
    /// Told of every state change (the custom element's `data-state` and events).
    #[prop(optional)]
    on_state: Option<StateListener>,
    /// The article request `embed.js` started for this element, if any.
    #[prop(default = None)]
    prefetched: Option<Prefetched>,
    /// This embed's identity for "one view per embed"; without it, each
    /// mount counts once.
    #[prop(optional)]
    view_once: Option<SendWrapper<ViewOnce>>,
) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    let ArticleLoad {
        state,
        skeleton_due,
        retry,
    } = use_article(&config, on_state, prefetched, root);
    let pre_ui = Ui::new(ui_locale(
        config.lang.as_deref(),
        None,
        page_lang.as_deref(),
    ));
    let card = config.layout == Layout::Card;
    let layout = config.layout;
    let retry = SendWrapper::new(retry);
    let root_lang = pre_ui.locale.clone();
    let root_dir = pre_ui.dir();
    let attr_lang = config.lang.clone();
    view! {
        <div
            class="ae"
            part="root"
            node_ref=root
            data-theme=config.theme.as_str()
            data-layout=layout.as_str()
            lang=root_lang
            dir=root_dir
        >
            {move || match state.get() {
                EmbedState::Loading if !skeleton_due.load(Ordering::Relaxed) => view! {
                    <div class="ae-pending" role="status" aria-live="polite">
                        <span class="ae-visually-hidden">{pre_ui.words.loading}</span>
                    </div>
                }
                .into_any(),
                EmbedState::Loading => view! { <Skeleton ui=pre_ui.clone() card /> }.into_any(),
                EmbedState::Ready(article, nodes) => {
                    let locale = ui_locale(attr_lang.as_deref(), article.lang.as_deref(), page_lang.as_deref());
                    let ui = Ui::new(locale.clone());
                    let dir = ui.dir();
                    view! {
                        <div class="ae-content" lang=locale dir=dir>
                            <ArticleView article nodes ui layout view_once=view_once.clone() />
                        </div>
                    }
                    .into_any()
                }
                EmbedState::Error(error) => {
                    let retry = retry.clone();
                    view! { <ErrorState ui=pre_ui.clone() error on_retry=move || (retry)() /> }.into_any()
                }
            }}
        </div>
    }
}
