//! `<article-embed>`: one custom element per article, each rendering in its
//! own open shadow root with the widget's styles adopted as a constructable
//! stylesheet (allowed by a strict CSP without `'unsafe-inline'`).
//!
//! One wasm instance serves every element on the page; elements added later
//! by a single-page app are picked up by the custom element registry, and a
//! removed element unmounts, which aborts its fetch.

use std::any::Any;
use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{
    CssStyleSheet, CustomEvent, CustomEventInit, HtmlElement, ShadowRoot, ShadowRootInit,
    ShadowRootMode,
};

use send_wrapper::SendWrapper;

use crate::components::embed::ArticleEmbed;
use crate::components::hooks::{EmbedState, StateListener};
use crate::config::EmbedConfig;
use crate::loading::api::Prefetched;
use crate::loading::dwell::ViewOnce;
use crate::timer::sleep_ms;

/// The widget's stylesheet (style/embed.css, minified by build.rs), compiled
/// into the wasm so it needs no extra request and no `style-src` exception.
pub(crate) const STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/embed.min.css"));

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
    /// Whether the first of embeds that connected together is loading.
    static LEADING: Cell<bool> = const { Cell::new(false) };
    /// The others, with their mount points, waiting for it.
    static WAITING: RefCell<Vec<(HtmlElement, HtmlElement, EmbedConfig)>> = const { RefCell::new(Vec::new()) };
}

/// Registers `<article-embed>` (once, however often the script is included).
pub(crate) fn define() {
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
    set_state(&host, &config.src, &EmbedState::Loading);
    // An embed whose article is on its way shows nothing until it comes
    // (`ArticleEmbed`'s quiet start), so it may as well mount later: when
    // fifty connect in one task, the first mounts now and the others once
    // it shows its article (or after `LEAD_MS`), in one task, so the first
    // is drawn without waiting for forty-nine mounts (docs/performance.md).
    // One task for the others, not one each: mounts spread over many tasks
    // made the page lay out again every frame (28 layouts instead of 4 in a
    // traced view of fifty), and the last embed came later. The space is
    // held meanwhile.
    // (A lazy embed waits for the viewport instead.)
    let quiet = !config.lazy && config.starts_quiet(Prefetched::waiting(&host));
    if quiet {
        if LEADING.get() {
            // The space held as the quiet start holds it: mounting moves nothing.
            let _ = container.set_attribute("class", "ae-mount ae-pending");
            WAITING.with(|w| w.borrow_mut().push((host, container, config)));
            return;
        }
        LEADING.set(true);
        mount_waiting_in(LEAD_MS);
    }
    mount(host, container, config);
}

/// How long embeds wait for the first of them at most: a slow article
/// must not hold back the others.
const LEAD_MS: u32 = 100;

/// Mounts the embeds that wait for the first after `ms` (0: in the next
/// task), in the order they connected.
fn mount_waiting_in(ms: u32) {
    wasm_bindgen_futures::spawn_local(async move {
        sleep_ms(ms).await;
        mount_waiting();
    });
}

fn mount_waiting() {
    LEADING.set(false);
    // A changed attribute connects the embed again: its config is current.
    for (host, container, config) in WAITING.with(|w| w.take()) {
        let _ = container.set_attribute("class", "ae-mount");
        mount(host, container, config);
    }
}

fn mount(host: HtmlElement, container: HtmlElement, config: EmbedConfig) {
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
    WAITING.with(|w| w.borrow_mut().retain(|(waiting, ..)| *waiting != host));
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
    // An embed drawn (the first, as a rule) lets the others that wait
    // mount, in the next task: not in this one, which draws it.
    if LEADING.get() && !matches!(state, EmbedState::Loading) {
        mount_waiting_in(0);
    }
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
                crate::loading::api::LoadError::Http { status } => JsValue::from(*status),
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
