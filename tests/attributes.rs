//! Every list of `<article-embed>`'s attributes agrees with the one table
//! (`src/attributes.rs`): the config's reads, `element.js`'s observed
//! attributes, `frame.js`'s parameters, the builder's fields and the docs'
//! table.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::cell::RefCell;
use std::collections::BTreeSet;

use article_embed::attributes::{markdown_table, ReadBy, ATTRIBUTES};
use article_embed::config::EmbedConfig;

fn names(filter: impl Fn(&article_embed::attributes::Attribute) -> bool) -> BTreeSet<String> {
    ATTRIBUTES
        .iter()
        .filter(|a| filter(a))
        .map(|a| a.name.to_owned())
        .collect()
}

fn file(path: &str) -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_owned() + path).unwrap()
}

/// The quoted names in the JS array literal that follows `marker` in `path`.
fn js_list(path: &str, marker: &str) -> BTreeSet<String> {
    let text = file(path);
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {path}"))
        + marker.len();
    let list = &text[start..start + text[start..].find(']').unwrap()];
    list.split(',')
        .map(|n| n.trim().trim_matches('"').to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

#[test]
fn the_config_reads_exactly_the_widgets_attributes() {
    let asked = RefCell::new(BTreeSet::new());
    EmbedConfig::from_attributes(|name| {
        asked.borrow_mut().insert(name.to_owned());
        None
    });
    assert_eq!(asked.into_inner(), names(|a| a.read_by == ReadBy::Widget));
}

#[test]
fn the_element_observes_every_attribute() {
    assert_eq!(
        js_list("src/element.js", "return ["),
        names(|_| true),
        "src/element.js observedAttributes"
    );
}

#[test]
fn the_frame_passes_on_its_attributes() {
    assert_eq!(
        js_list("public/frame.js", "for (const name of ["),
        names(|a| a.in_frame),
        "public/frame.js"
    );
}

#[test]
fn the_builder_offers_its_attributes() {
    // Its other fields are the look (custom properties), not attributes.
    let look = ["accent", "font", "radius"].map(String::from);
    let fields: BTreeSet<String> = js_list("public/builder.js", "const FIELDS = [")
        .into_iter()
        .filter(|f| !look.contains(f))
        .collect();
    assert_eq!(fields, names(|a| a.in_builder), "public/builder.js FIELDS");
}

#[test]
fn the_docs_table_is_the_table() {
    let docs = file("docs/embedding.md");
    let expected = markdown_table();
    assert!(
        docs.contains(&expected),
        "docs/embedding.md's \"Attributes\" table should read, as src/attributes.rs has it:\n{expected}"
    );
}

#[test]
fn the_consent_buttons_words_are_the_same_for_the_element_and_the_frame() {
    // `element.js` (the element) and `frame-parent.js` (the frame, on the
    // partner's page) each carry them: one is a module the glue loads, the
    // other a classic script.
    let words = |path: &str, marker: &str| {
        let text = file(path);
        let start = text
            .find(marker)
            .unwrap_or_else(|| panic!("{marker} in {path}"))
            + marker.len();
        text[start..start + text[start..].find("};").unwrap()]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let element = words("src/element.js", "const CONSENT = {");
    assert_eq!(element.len(), 12, "{element:?}");
    assert_eq!(element, words("public/frame-parent.js", "const LABELS = {"));
}
