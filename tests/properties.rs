//! Property tests on the pure-Rust parts that see untrusted input: markup
//! repair, the body allowlist, URL checks and contract parsing. None may
//! panic (a panic kills every embed on the page), and repair and cleaning
//! are idempotent.

use article_embed_core::contract::parse_article;
use article_embed_core::urls::{resolve_image, resolve_link, with_fragment};
use article_embed_markup::{
    clean, limit_markup, repair_markup, to_raw, CleanLimits, RawNode, Urls,
};
use proptest::prelude::*;

const BASE: &str = "https://publisher.example/api/articles/1.json";
const URLS: Urls<'static> = Urls {
    base: BASE,
    page: "https://publisher.example/news/1",
};

/// Names the generator puts outside the HTML namespace half the time.
const FOREIGN: [&str; 7] = [
    "svg",
    "math",
    "mi",
    "mfrac",
    "mtext",
    "mglyph",
    "annotation-xml",
];

/// Strings built from the pieces broken CMS markup and attacks are made of.
fn markupish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<".to_owned()),
        Just("< ".to_owned()),
        Just(">".to_owned()),
        Just("/".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("=".to_owned()),
        Just(" ".to_owned()),
        Just("<!--".to_owned()),
        Just("-->".to_owned()),
        prop::sample::select(vec![
            "b", "img", "p", "script", "a", "src", "alt", "i", "svg"
        ])
        .prop_map(str::to_owned),
        "[a-z0-9 ]{0,4}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn raw_tree() -> impl Strategy<Value = RawNode> {
    let leaf = prop_oneof![
        "[a-z <>&]{0,8}".prop_map(RawNode::Text),
        Just(RawNode::Other),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        (
            prop::sample::select(
                vec![
                    "p",
                    "b",
                    "strong",
                    "i",
                    "a",
                    "img",
                    "br",
                    "ul",
                    "li",
                    "div",
                    "span",
                    "script",
                    "style",
                    "h1",
                    "h4",
                    "figure",
                    "figcaption",
                    "blockquote",
                    "table",
                    "svg",
                    "td",
                    "th",
                    "tr",
                    "pre",
                    "code",
                    "ol",
                    "details",
                    "summary",
                    "iframe",
                    "video",
                    "source",
                    "picture",
                    "section",
                    "time",
                    "abbr",
                    "hr",
                    "dl",
                    "dt",
                    "dd",
                    "mjx-container",
                ]
                .into_iter()
                .chain(FOREIGN)
                .collect::<Vec<_>>(),
            ),
            any::<bool>(),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "href",
                        "src",
                        "alt",
                        "onclick",
                        "style",
                        "id",
                        "name",
                        "class",
                        "colspan",
                        "start",
                        "open",
                        "datetime",
                        "title",
                        "poster",
                        "type",
                        "align",
                        "srcset",
                        "data-src",
                        "media",
                        "width",
                        "display",
                        "mathvariant",
                        "alttext",
                    ]),
                    prop::sample::select(vec![
                        "/x.jpg",
                        "javascript:alert(1)",
                        "https://a.example/",
                        "mailto:a@b.example",
                        " a ",
                        "",
                        "#fn1",
                        "fn1",
                        "alignright wp-block-embed",
                        "https://www.youtube.com/embed/abc",
                        "float:left",
                        "99999",
                        "-3",
                        "2021-08-29T10:15:00Z",
                        "/a.jpg 300w, /b.jpg 2x, javascript:x 1x",
                        "/s.jpg, /l.jpg 2x",
                        "image/webp",
                        "(min-width: 40em)",
                        "wp-block-gallery",
                        "gallery",
                        "block",
                        "1em",
                        "bold",
                        "katex",
                        "emoji",
                    ]),
                ),
                0..3,
            ),
            prop::collection::vec(inner, 0..5),
        )
            .prop_map(|(name, html_namespace, attrs, children)| RawNode::Element {
                name: name.to_owned(),
                // Foreign names are foreign half the time (MathML, SVG).
                html_namespace: html_namespace || !FOREIGN.contains(&name),
                attrs: attrs
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect(),
                children,
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn repair_never_panics_and_is_idempotent(input in markupish()) {
        let once = repair_markup(&input);
        prop_assert_eq!(repair_markup(&once), once);
    }

    #[test]
    fn limiting_markup_never_panics_and_never_grows(input in markupish()) {
        let out = limit_markup(&input, 4, 16);
        prop_assert!(out.len() <= input.len());
    }

    #[test]
    fn repair_of_arbitrary_text_is_idempotent(input in any::<String>()) {
        let once = repair_markup(&input);
        prop_assert_eq!(repair_markup(&once), once);
    }

    #[test]
    fn clean_is_idempotent(nodes in prop::collection::vec(raw_tree(), 0..6)) {
        let limits = CleanLimits { max_depth: 32, max_nodes: 1_000_000 };
        let once = clean(&nodes, URLS, limits);
        prop_assert_eq!(clean(&to_raw(&once), URLS, limits), once);
    }

    #[test]
    fn a_fragment_added_to_a_resolved_page_is_what_resolving_it_gives(page in any::<String>(), tail in markupish(), fragment in any::<String>(), marks in markupish()) {
        for page in [page.clone(), format!("https://p.example/{page}{tail}"), format!("{tail}/a/../{page}?q={tail}#{page}")] {
            let Some(page) = resolve_link(BASE, &page) else { continue };
            let page = page.split('#').next().unwrap_or_default();
            for fragment in [fragment.clone(), format!("{fragment}{marks}"), format!("{marks} \\{fragment}\t")] {
                prop_assert_eq!(with_fragment(page, &fragment), resolve_link(page, &format!("#{fragment}")), "{} #{}", page, fragment);
            }
        }
    }

    #[test]
    fn urls_only_ever_come_out_http_or_mailto(reference in any::<String>(), tail in markupish()) {
        for candidate in [reference.clone(), format!("{reference}{tail}"), format!("java{tail}script:{reference}")] {
            if let Some(url) = resolve_link(BASE, &candidate) {
                prop_assert!(url.starts_with("https://") || url.starts_with("http://") || url.starts_with("mailto:"), "{url}");
                prop_assert!(!url.contains(['\t', '\n', '\r']));
            }
            if let Some(url) = resolve_image(BASE, &candidate) {
                prop_assert!(url.starts_with("https://") || url.starts_with("http://"), "{url}");
            }
        }
    }

    #[test]
    fn contract_parsing_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = parse_article(&bytes, BASE);
    }

    #[test]
    fn contract_parsing_never_panics_on_json(
        id in prop_oneof![Just(serde_json::json!("1")), Just(serde_json::json!(1)), Just(serde_json::json!(null)), Just(serde_json::json!([]))],
        date in prop_oneof![Just("2021-08-29T10:15:00+03:00".to_owned()), "[0-9TZ:+.-]{0,30}"],
        views in prop_oneof![any::<f64>().prop_map(serde_json::Value::from), any::<i64>().prop_map(serde_json::Value::from), Just(serde_json::json!("47"))],
        src in "[ -~]{0,20}",
    ) {
        let doc = serde_json::json!({
            "id": id, "url": "/a", "title": "T", "published_at": date, "body_html": "",
            "views": views, "images": [{"src": src, "width": views}], "categories": [src, {"name": src}],
        });
        let _ = parse_article(doc.to_string().as_bytes(), BASE);
    }
}
