//! The components' lifecycle, as hooks: `use_article` (an embed's load:
//! lazy start, the quiet start, abort on cleanup, retry) and
//! `use_view_count` (the header drawn once it is in the page, joined to
//! the view it counts).

use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::Ui;
use crate::browser::sanitize;
use crate::config::{EmbedConfig, Layout};
use crate::loading::api::{load_article, register_view, Canceller, LoadError, Prefetched};
use crate::loading::dwell::{watch_dwell, DwellOptions, ViewOnce};
use crate::loading::observe::{observe_once, ObserveOptions};
use crate::render::header::{build_header, rest_of_opening, show_views};
use crate::timer::sleep_ms;
use article_embed_core::contract::Article;
use article_embed_markup::{CleanLimits, SafeNode, Urls};

/// What the host page learns about an embed.
#[derive(Clone, Debug)]
pub(crate) enum EmbedState {
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
pub(crate) struct StateListener(SendWrapper<Rc<StateFn>>);

type StateFn = dyn Fn(&EmbedState);

impl StateListener {
    /// Calls `f` on every state change.
    pub(crate) fn new(f: impl Fn(&EmbedState) + 'static) -> Self {
        StateListener(SendWrapper::new(Rc::new(f)))
    }

    pub(crate) fn notify(&self, state: &EmbedState) {
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

/// An embed's load, as [`use_article`] runs it.
pub(crate) struct ArticleLoad {
    /// Loading, the article (its body cleaned), or why not.
    pub state: RwSignal<EmbedState>,
    /// Whether a loading embed shows its skeleton yet (see
    /// `SKELETON_DELAY_MS`).
    pub skeleton_due: Arc<AtomicBool>,
    /// Loads again ("Try again").
    pub retry: Rc<dyn Fn()>,
}

/// Loads the article `config` asks for and cleans its body, telling
/// `on_state` of every change; with `config.lazy`, once `root` nears the
/// viewport. The request is aborted when the embed is unmounted.
///
/// A signal and `spawn_local` drive the load rather than `LocalResource` +
/// `Suspense`: same behaviour for a single fetch, ~16 KB less wasm.
pub(crate) fn use_article(
    config: &EmbedConfig,
    on_state: Option<StateListener>,
    prefetched: Option<Prefetched>,
    root: NodeRef<leptos::html::Div>,
) -> ArticleLoad {
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

    ArticleLoad {
        state,
        skeleton_due,
        retry: load,
    }
}

/// Draws the header into `opening` when it mounts and counts the view by
/// the rule, once per embed (`view_once`); the watch ends with the article.
pub(crate) fn use_view_count(
    opening: NodeRef<leptos::html::Header>,
    article: Arc<Article>,
    ui: Ui,
    card: bool,
    view_once: Option<SendWrapper<ViewOnce>>,
) {
    opening.on_load(move |header| {
        let once = view_once.map(SendWrapper::take);
        let Some(views) = build_header(&header, &article, &ui, card) else {
            return;
        };
        let Some(url) = article.views_url.clone() else {
            return;
        };
        if once.as_ref().is_some_and(ViewOnce::counted) {
            return;
        }
        let rest = {
            let header = header.clone();
            move || rest_of_opening(&header)
        };
        let dwell = watch_dwell(&header, rest, DwellOptions::default(), move || {
            if once.is_some_and(|once| !once.claim()) {
                return;
            }
            let (views, ui) = (views.clone(), ui.clone());
            leptos::task::spawn_local(async move {
                if let Some(n) = register_view(&url).await {
                    show_views(&views, &ui, Some(n));
                }
            });
        });
        let dwell = SendWrapper::new(dwell);
        on_cleanup(move || drop(dwell));
    });
}
