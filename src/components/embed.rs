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
#[component]
pub fn ArticleEmbed(
    config: EmbedConfig,
    /// The page's language, the last fallback for the UI language.
    #[prop(optional)]
    page_lang: Option<String>,
    #[prop(optional)] on_state: Option<StateListener>,
) -> impl IntoView {
    let canceller = Canceller::default();
    let resource = {
        let canceller = canceller.clone();
        let src = config.src.clone();
        let options = config.fetch;
        LocalResource::new(move || {
            let canceller = canceller.clone();
            let src = src.clone();
            async move { load_article(&src, options, &canceller).await.map(Arc::new) }
        })
    };
    let canceller = SendWrapper::new(canceller);
    on_cleanup(move || canceller.cancel());

    if let Some(listener) = on_state.clone() {
        Effect::new(move |_| {
            let state = match resource.get() {
                None => EmbedState::Loading,
                Some(Ok(article)) => EmbedState::Ready(article),
                Some(Err(error)) => EmbedState::Error(error),
            };
            listener.notify(&state);
        });
    }

    let attr_lang = config.lang.clone();
    let pre_ui = Ui::new(ui_locale(attr_lang.as_deref(), None, page_lang.as_deref()));
    let card = config.layout == Layout::Card;
    let layout = config.layout;
    let retry = move || {
        if let Some(listener) = &on_state {
            listener.notify(&EmbedState::Loading);
        }
        resource.refetch();
    };
    let retry = SendWrapper::new(Rc::new(retry));
    let skeleton_ui = pre_ui.clone();
    let root_lang = pre_ui.locale.clone();
    view! {
        <div
            class="ae"
            part="root"
            data-theme=config.theme.as_str()
            data-layout=layout.as_str()
            lang=root_lang
        >
            <Suspense fallback=move || view! { <Skeleton ui=skeleton_ui.clone() card /> }>
                {move || {
                    let pre_ui = pre_ui.clone();
                    let attr_lang = attr_lang.clone();
                    let page_lang = page_lang.clone();
                    let retry = retry.clone();
                    Suspend::new(async move {
                        match resource.await {
                            Ok(article) => {
                                let locale = ui_locale(attr_lang.as_deref(), article.lang.as_deref(), page_lang.as_deref());
                                let ui = Ui::new(locale.clone());
                                view! {
                                    <div class="ae-content" lang=locale>
                                        <ArticleView article ui layout />
                                    </div>
                                }
                                .into_any()
                            }
                            Err(error) => {
                                let retry = retry.clone();
                                view! { <ErrorState ui=pre_ui error on_retry=move || (retry)() /> }.into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}
