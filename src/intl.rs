//! Dates, numbers and plural categories from the browser's `Intl`.
//!
//! `Intl` constructors throw on a malformed locale; a thrown exception
//! crossing into wasm would abort the embed, so every call goes through
//! `Reflect` (which catches) and falls back to English, then to plain text.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::{Words, COMPACT_FROM};
use article_embed_core::date::Timestamp;

thread_local! {
    /// Formatters already built, by kind, locale and options: constructing
    /// an `Intl` object costs about a millisecond (locale data is loaded),
    /// formatting with one costs microseconds, and fifty embeds on a page
    /// share a handful of them.
    static CACHE: RefCell<Vec<(String, Object)>> = const { RefCell::new(Vec::new()) };
}

/// An `Intl` formatter, built once per `(kind, locale, variant)`; `variant`
/// names the `options` (the same name must always mean the same options).
fn intl_object(
    kind: &str,
    locale: &str,
    variant: &str,
    options: &[(&str, JsValue)],
) -> Option<Object> {
    let key = format!("{kind}|{variant}|{locale}");
    let cached = CACHE.with(|c| {
        c.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, o)| o.clone())
    });
    if cached.is_some() {
        return cached;
    }
    let built = build_intl_object(kind, locale, options)?;
    CACHE.with(|c| c.borrow_mut().push((key, built.clone())));
    Some(built)
}

fn build_intl_object(kind: &str, locale: &str, options: &[(&str, JsValue)]) -> Option<Object> {
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: Function = Reflect::get(&intl, &kind.into()).ok()?.dyn_into().ok()?;
    let opts = Object::new();
    for (key, value) in options {
        Reflect::set(&opts, &(*key).into(), value).ok()?;
    }
    [locale, "en"].iter().find_map(|loc| {
        let args = Array::of2(&JsValue::from_str(loc), &opts);
        Reflect::construct(&ctor, &args).ok()?.dyn_into().ok()
    })
}

fn call_method(target: &Object, method: &str, arg: &JsValue) -> Option<JsValue> {
    let f: Function = Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
    f.call1(target, arg).ok()
}

/// The publisher's calendar date in the reader's language: "August 29, 2021",
/// "29 августа 2021 г.".
pub(crate) fn format_date(locale: &str, ts: Timestamp) -> String {
    // Shift to the publisher's wall clock and format as UTC, so a reader in
    // another zone sees the same date the publisher printed.
    let date = js_sys::Date::new(&JsValue::from_f64(ts.local_epoch_ms() as f64));
    let formatted = intl_object(
        "DateTimeFormat",
        locale,
        "long-utc",
        &[("dateStyle", "long".into()), ("timeZone", "UTC".into())],
    )
    .and_then(|f| call_method(&f, "format", &date))
    .and_then(|v| v.as_string());
    formatted.unwrap_or_else(|| {
        date.to_iso_string()
            .as_string()
            .and_then(|s| s.get(..10).map(str::to_owned))
            .unwrap_or_default()
    })
}

/// "47 views", "21 просмотр", "1.2M views", "1,2 млн просмотров".
pub(crate) fn format_views(locale: &str, words: &Words, count: u64) -> String {
    let n = JsValue::from_f64(count as f64);
    let number = if count >= COMPACT_FROM {
        intl_object(
            "NumberFormat",
            locale,
            "compact",
            &[
                ("notation", "compact".into()),
                ("maximumFractionDigits", 1.into()),
            ],
        )
    } else {
        intl_object("NumberFormat", locale, "plain", &[])
    }
    .and_then(|f| call_method(&f, "format", &n))
    .and_then(|v| v.as_string())
    .unwrap_or_else(|| count.to_string());
    let category = intl_object("PluralRules", locale, "cardinal", &[])
        .and_then(|p| call_method(&p, "select", &n))
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| {
            if count == 1 {
                "one".into()
            } else {
                "other".into()
            }
        });
    format!("{number} {}", words.views_word(&category))
}
