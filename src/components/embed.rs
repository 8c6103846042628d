use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::article::ArticleView;
use super::error_state::ErrorState;
use super::skeleton::Skeleton;
use super::Ui;
use crate::api::{load_article, Canceller, LoadError};
use crate::config::{ui_locale, EmbedConfig, Layout};
use crate::contract::Article;

/// What the host page learns about an embed.
#[derive(Clone, Debug)]
pub enum EmbedState {
    Loading,
    Ready(Arc<Article>),
    Error(LoadError),
}

/// Called on every state change (the custom element reflects it as
/// `data-state` and events).
#[derive(Clone)]
pub struct StateListener(SendWrapper<Rc<StateFn>>);

type StateFn = dyn Fn(&EmbedState);

impl StateListener {
    pub fn new(f: impl Fn(&EmbedState) + 'static) -> Self {
        StateListener(SendWrapper::new(Rc::new(f)))
    }

    fn notify(&self, state: &EmbedState) {
        (self.0)(state)
    }
}

/// One article embed: skeleton while loading, the article, or an error with
/// "Try again". The request is aborted when the embed is unmounted.
///
/// A signal and `spawn_local` drive the load rather than `LocalResource` +
/// `Suspense`: same behaviour for a single fetch, ~16 KB less wasm.
#[component]
pub fn ArticleEmbed(
    config: EmbedConfig,
    /// The page's language, the last fallback for the UI language.
    #[prop(optional)]
    page_lang: Option<String>,
    #[prop(optional)] on_state: Option<StateListener>,
) -> impl IntoView {
    let state = RwSignal::new(EmbedState::Loading);
    let canceller = Canceller::default();
    let load = {
        let canceller = canceller.clone();
        let src = config.src.clone();
        let options = config.fetch;
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
            leptos::task::spawn_local(async move {
                let result = load_article(&src, options, &canceller).await;
                // An unmounted embed reports nothing.
                if !canceller.is_cancelled() {
                    set(match result {
                        Ok(article) => EmbedState::Ready(Arc::new(article)),
                        Err(error) => EmbedState::Error(error),
                    });
                }
            });
        }
    };
    load();
    let canceller = SendWrapper::new(canceller);
    on_cleanup(move || canceller.cancel());

    let pre_ui = Ui::new(ui_locale(
        config.lang.as_deref(),
        None,
        page_lang.as_deref(),
    ));
    let card = config.layout == Layout::Card;
    let layout = config.layout;
    let retry = SendWrapper::new(Rc::new(load));
    let root_lang = pre_ui.locale.clone();
    let attr_lang = config.lang.clone();
    view! {
        <div
            class="ae"
            part="root"
            data-theme=config.theme.as_str()
            data-layout=layout.as_str()
            lang=root_lang
        >
            {move || match state.get() {
                EmbedState::Loading => view! { <Skeleton ui=pre_ui.clone() card /> }.into_any(),
                EmbedState::Ready(article) => {
                    let locale = ui_locale(attr_lang.as_deref(), article.lang.as_deref(), page_lang.as_deref());
                    let ui = Ui::new(locale.clone());
                    view! {
                        <div class="ae-content" lang=locale>
                            <ArticleView article ui layout />
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
