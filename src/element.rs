//! `<article-embed>`: one custom element per article, each rendering in its
//! own open shadow root with the widget's styles adopted as a constructable
//! stylesheet (allowed by a strict CSP without `'unsafe-inline'`).
//!
//! One wasm instance serves every element on the page; elements added later
//! by a single-page app are picked up by the custom element registry, and a
//! removed element unmounts, which aborts its fetch.

use std::any::Any;
use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{
    CssStyleSheet, CustomEvent, CustomEventInit, HtmlElement, ShadowRoot, ShadowRootInit,
    ShadowRootMode,
};

use send_wrapper::SendWrapper;

use crate::api::Prefetched;
use crate::components::embed::{ArticleEmbed, EmbedState, StateListener};
use crate::config::EmbedConfig;
use crate::dwell::ViewOnce;

/// The widget's stylesheet (style/embed.css, minified by build.rs), compiled
/// into the wasm so it needs no extra request and no `style-src` exception.
pub const STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/embed.min.css"));

#[wasm_bindgen(module = "/src/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineArticleEmbed)]
    fn define_article_embed(
        connect: &Closure<dyn Fn(HtmlElement)>,
        disconnect: &Closure<dyn Fn(HtmlElement)>,
    ) -> bool;
}

struct Mounted {
    host: HtmlElement,
    _handle: Box<dyn Any>,
}

thread_local! {
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// Registers `<article-embed>` (once, however often the script is included).
pub fn define() {
    let connect = Closure::<dyn Fn(HtmlElement)>::new(connect);
    let disconnect = Closure::<dyn Fn(HtmlElement)>::new(disconnect);
    if define_article_embed(&connect, &disconnect) {
        // The element class holds these for the life of the page.
        connect.forget();
        disconnect.forget();
    }
}

fn connect(host: HtmlElement) {
    disconnect(host.clone());
    let Some(shadow) = shadow_root(&host) else {
        web_sys::console::error_1(&"article-embed: cannot attach a shadow root".into());
        return;
    };
    let Some(container) = host
        .owner_document()
        .and_then(|d| d.create_element("div").ok())
        .and_then(|el| el.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let _ = container.set_attribute("class", "ae-mount");
    let _ = shadow.append_child(&container);

    let config = EmbedConfig::from_attributes(|name| host.get_attribute(name));
    let page_lang = host
        .closest("[lang]")
        .ok()
        .flatten()
        .and_then(|el| el.get_attribute("lang"))
        .or_else(|| {
            host.owner_document()
                .and_then(|d| d.document_element())
                .and_then(|el| el.get_attribute("lang"))
        })
        .filter(|l| !l.trim().is_empty());
    set_state(&host, &config.src, &EmbedState::Loading);
    let listener = {
        let host = host.clone();
        let src = config.src.clone();
        StateListener::new(move |state| set_state(&host, &src, state))
    };
    let prefetched = Prefetched::take(&host);
    let view_once = SendWrapper::new(ViewOnce::new(
        host.clone().into(),
        config.src.trim(),
        config.read_as.item.as_deref(),
    ));
    let handle = leptos::mount::mount_to(container, move || {
        view! { <ArticleEmbed config page_lang=page_lang.unwrap_or_default() on_state=listener prefetched view_once /> }
    });
    MOUNTED.with(|m| {
        m.borrow_mut().push(Mounted {
            host,
            _handle: Box::new(handle),
        })
    });
}

fn disconnect(host: HtmlElement) {
    // Take it out first: dropping the handle runs cleanups, which must not
    // find the registry borrowed.
    let removed = MOUNTED.with(|m| {
        let mut mounted = m.borrow_mut();
        let index = mounted.iter().position(|entry| entry.host == host)?;
        Some(mounted.swap_remove(index))
    });
    drop(removed);
    if let Some(shadow) = host.shadow_root() {
        shadow.replace_children_with_node_0();
    }
}

fn shadow_root(host: &HtmlElement) -> Option<ShadowRoot> {
    let shadow = match host.shadow_root() {
        Some(existing) => existing,
        None => host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .ok()?,
    };
    adopt_styles(&shadow);
    Some(shadow)
}

fn adopt_styles(shadow: &ShadowRoot) {
    let sheet = SHEET.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = CssStyleSheet::new()
                .ok()
                .filter(|s| s.replace_sync(STYLES).is_ok());
        }
        cell.clone()
    });
    match sheet {
        Some(sheet) => shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet)),
        // Browsers without constructable stylesheets get a <style> element.
        None => {
            if let Some(style) = shadow
                .owner_document()
                .and_then(|d| d.create_element("style").ok())
            {
                style.set_text_content(Some(STYLES));
                let _ = shadow.append_child(&style);
            }
        }
    }
}

/// Reflects the state in `data-state` and tells the host page with a
/// bubbling, composed `article-embed:ready` / `article-embed:error` event.
fn set_state(host: &HtmlElement, src: &str, state: &EmbedState) {
    let (name, event) = match state {
        EmbedState::Loading => ("loading", None),
        EmbedState::Ready(article, _) => {
            let detail = detail(&[
                ("src", src.into()),
                ("id", article.id.as_str().into()),
                ("title", article.title.as_str().into()),
                ("url", article.url.as_str().into()),
            ]);
            ("ready", Some(("article-embed:ready", detail)))
        }
        EmbedState::Error(error) => {
            let status = match error {
                crate::api::LoadError::Http { status } => JsValue::from(*status),
                _ => JsValue::NULL,
            };
            let detail = detail(&[
                ("src", src.into()),
                ("kind", error.kind().into()),
                ("message", error.to_string().into()),
                ("status", status),
            ]);
            ("error", Some(("article-embed:error", detail)))
        }
    };
    if host.get_attribute("data-state").as_deref() == Some(name) && event.is_none() {
        return;
    }
    let _ = host.set_attribute("data-state", name);
    let _ = host.set_attribute(
        "aria-busy",
        if name == "loading" { "true" } else { "false" },
    );
    if let Some((type_, detail)) = event {
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(ev) = CustomEvent::new_with_event_init_dict(type_, &init) {
            let _ = host.dispatch_event(&ev);
        }
    }
}

fn detail(pairs: &[(&str, JsValue)]) -> JsValue {
    let obj = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&obj, &(*key).into(), value);
    }
    obj.into()
}
