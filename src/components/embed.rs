use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::article::ArticleView;
use super::error_state::ErrorState;
use super::skeleton::Skeleton;
use super::Ui;
use crate::api::{load_article, Canceller, LoadError, Prefetched};
use crate::browser::sanitize;
use crate::config::{ui_locale, EmbedConfig, Layout};
use crate::contract::Article;
use crate::dwell::ViewOnce;
use crate::observe::{observe_once, ObserveOptions};
use crate::timer::sleep_ms;
use article_embed_markup::{CleanLimits, SafeNode, Urls};

/// What the host page learns about an embed.
#[derive(Clone, Debug)]
pub enum EmbedState {
    /// Fetching the article (the skeleton shows).
    Loading,
    /// The article, and its body cleaned (empty for a card).
    Ready(Arc<Article>, Arc<Vec<SafeNode>>),
    /// It could not be shown: why.
    Error(LoadError),
}

/// Called on every state change (the custom element reflects it as
/// `data-state` and events).
#[derive(Clone)]
pub struct StateListener(SendWrapper<Rc<StateFn>>);

type StateFn = dyn Fn(&EmbedState);

impl StateListener {
    /// Calls `f` on every state change.
    pub fn new(f: impl Fn(&EmbedState) + 'static) -> Self {
        StateListener(SendWrapper::new(Rc::new(f)))
    }

    fn notify(&self, state: &EmbedState) {
        (self.0)(state)
    }
}

/// How far ahead of the viewport a `loading="lazy"` embed starts: one and a
/// half screens, so it is usually ready before the reader gets there.
const LAZY_MARGIN: &str = "150% 0px";

/// How long an embed whose article was already asked for waits before it
/// shows the skeleton: long enough for an answered article to render
/// (fifty render in about half a second here), short enough that a slow
/// one is seen loading.
const SKELETON_DELAY_MS: u32 = 300;

/// One article embed: skeleton while loading, the article, or an error with
/// "Try again". The request is aborted when the embed is unmounted. With
/// `config.lazy`, nothing is fetched until the skeleton nears the viewport.
///
/// A signal and `spawn_local` drive the load rather than `LocalResource` +
/// `Suspense`: same behaviour for a single fetch, ~16 KB less wasm.
#[component]
pub fn ArticleEmbed(
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
    let state = RwSignal::new(EmbedState::Loading);
    // An article the loader asked for while the wasm downloaded has usually
    // come by the time the widget runs, and renders within a few tasks: a
    // skeleton for that moment would only flash, and fifty of them cost a
    // mount and a layout each (docs/performance.md). Such an embed holds
    // its space and says it is loading; the skeleton follows only if the
    // article takes longer than `SKELETON_DELAY_MS`. A retry shows it at once.
    let quiet = config.starts_quiet(prefetched.is_some());
    let skeleton_due = Arc::new(AtomicBool::new(!quiet));
    if quiet {
        let due = skeleton_due.clone();
        leptos::task::spawn_local(async move {
            sleep_ms(SKELETON_DELAY_MS).await;
            due.store(true, Ordering::Relaxed);
            // Still loading: drawn again, now with the skeleton.
            // (`try_`: an embed removed meanwhile has disposed of it.)
            if state.try_with_untracked(|s| matches!(s, EmbedState::Loading)) == Some(true) {
                state.try_set(EmbedState::Loading);
            }
        });
    }
    let canceller = Canceller::default();
    let prefetched = Cell::new(prefetched);
    let load = {
        let canceller = canceller.clone();
        let src = config.src.clone();
        let options = config.fetch;
        let read_as = config.read_as.clone();
        let layout = config.layout;
        move || {
            let set = {
                let on_state = on_state.clone();
                move |next: EmbedState| {
                    if let Some(listener) = &on_state {
                        listener.notify(&next);
                    }
                    state.try_set(next);
                }
            };
            set(EmbedState::Loading);
            let canceller = canceller.clone();
            let src = src.clone();
            let read_as = read_as.clone();
            let prefetched = prefetched.take();
            leptos::task::spawn_local(async move {
                // Each embed is read, cleaned and rendered in a task of its
                // own (`load_article` takes the turn before reading): fifty
                // embeds whose answers arrived together do not make one long
                // task (a long body takes more: `browser::sanitize`).
                let result = load_article(&src, options, &read_as, &canceller, prefetched).await;
                let next = match result {
                    Ok(article) => {
                        let nodes = match layout {
                            Layout::Card => Vec::new(),
                            Layout::Full => {
                                let urls = Urls {
                                    base: &article.source_url,
                                    page: &article.url,
                                };
                                sanitize(&article.body_html, urls, CleanLimits::default()).await
                            }
                        };
                        EmbedState::Ready(Arc::new(article), Arc::new(nodes))
                    }
                    Err(error) => EmbedState::Error(error),
                };
                // An unmounted embed reports nothing.
                if !canceller.is_cancelled() {
                    set(next);
                }
            });
        }
    };
    let load = Rc::new(load);
    let root = NodeRef::<leptos::html::Div>::new();
    if config.lazy {
        let load = SendWrapper::new(load.clone());
        root.on_load(move |el| {
            let near = ObserveOptions {
                root_margin: LAZY_MARGIN,
                ..ObserveOptions::default()
            };
            let load = load.take();
            let start = load.clone();
            match observe_once(&el, near, move || start()) {
                Some(observer) => {
                    let observer = SendWrapper::new(observer);
                    on_cleanup(move || observer.disconnect());
                }
                None => load(),
            }
        });
    } else {
        load();
    }
    let canceller = SendWrapper::new(canceller);
    on_cleanup(move || canceller.cancel());

    let pre_ui = Ui::new(ui_locale(
        config.lang.as_deref(),
        None,
        page_lang.as_deref(),
    ));
    let card = config.layout == Layout::Card;
    let layout = config.layout;
    let retry = SendWrapper::new(load);
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
