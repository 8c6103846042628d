//! Real feeds, as feed readers read them: every one of the 121 feeds
//! captured from real sites in `../shared/corpora/feeds/` (PROVENANCE.md
//! there) is mapped by the core's formats through the server's parsers —
//! the same mapping the widget runs — and each that is a feed with
//! articles gives its first item. Skipped, saying so, when the corpora are
//! absent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use article_embed_core::formats::{parse_document, Answer};
use article_embed_server::platform::PLATFORM;

/// Refused, and rightly, with these words: not a feed of articles
/// (`json-other`), or XML that is not well-formed (an undefined entity, a
/// stray `&`), which no XML parser — the browser's included — reads.
const REFUSED: [(&str, &str); 4] = [
    ("rsparser-scriptingnews-rssjson.json", "none of the formats"),
    ("feeder-myanimelist.rss", "not well-formed"),
    ("feeder-theguardian.rss", "not well-formed"),
    ("feedrs-dbengines.rss", "not well-formed"),
];

/// A feed with no date anywhere: its item is read, and has no date.
const DATELESS: &str = "feedrs-rss091-ptbr-latin1.rss";

#[test]
fn every_real_feed_gives_its_first_item() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/feeds");
    if !dir.exists() {
        eprintln!("../shared/corpora/feeds/ is absent: skipped, not passed");
        return;
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| {
            [".rss", ".atom", ".json", ".xml", ".rdf"]
                .iter()
                .any(|x| n.ends_with(x))
        })
        .filter(|n| n != "feeds.json")
        .collect();
    names.sort();
    let mut refused = Vec::new();
    for name in &names {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let content_type = std::fs::read_to_string(dir.join(format!("{name}.ctype"))).ok();
        let answer = Answer {
            bytes: &bytes,
            content_type: content_type.as_deref().map(str::trim),
            url: "https://feeds.example/feed",
        };
        let expected = REFUSED.iter().find(|(n, _)| n == name).map(|(_, why)| *why);
        match (parse_document(answer, None, None, &PLATFORM), expected) {
            (Ok(article), None) => {
                assert!(
                    !article.title.is_empty() || !article.body_html.is_empty(),
                    "{name}"
                );
                assert!(article.url.starts_with("http"), "{name}: {}", article.url);
                // Every item has a date, its own or its feed's, but one.
                assert_eq!(article.published_at.is_none(), name == DATELESS, "{name}");
            }
            (Ok(_), Some(why)) => panic!("{name} was read, though {why}"),
            (Err(error), Some(why)) => assert!(error.to_string().contains(why), "{name}: {error}"),
            (Err(error), None) => refused.push(format!("{name}: {error}")),
        }
    }
    eprintln!(
        "{} feeds; refused beside the expected: {}",
        names.len(),
        refused.len()
    );
    assert!(refused.is_empty(), "refused:\n{}", refused.join("\n"));
}

#[test]
fn turbo_content_and_escaped_html_in_full_text_are_read_as_the_body() {
    let read = |feed: &str| {
        let answer = Answer {
            bytes: feed.as_bytes(),
            content_type: Some("application/rss+xml"),
            url: "https://p.example/rss",
        };
        parse_document(answer, None, None, &PLATFORM).unwrap()
    };
    // A Yandex Turbo item: the body without Turbo's header (its title is
    // the item's own); the header's cover opens the body, as the item names
    // no image of its own.
    let turbo = read(
        r#"<rss xmlns:yandex="http://news.yandex.ru" xmlns:turbo="http://turbo.yandex.ru" version="2.0"><channel><title>T</title><link>https://p.example/</link>
<item turbo="true"><title>Turbo item</title><link>https://p.example/1</link><pubDate>Tue, 01 Dec 2026 10:00:00 +0300</pubDate>
<turbo:content><![CDATA[<header><h1>Turbo item</h1><figure><img src="https://p.example/a.jpg"></figure></header><p>Body of the <b>turbo</b> article.</p>]]></turbo:content>
</item></channel></rss>"#,
    );
    assert_eq!(turbo.title, "Turbo item");
    assert_eq!(
        turbo.body_html,
        r#"<figure><img src="https://p.example/a.jpg"></figure><p>Body of the <b>turbo</b> article.</p>"#
    );
    // Escaped HTML in yandex:full-text, as Bitrix sites export it: markup.
    let bitrix = read(
        r#"<rss xmlns:yandex="http://news.yandex.ru" version="2.0"><channel><title>T</title><link>https://p.example/</link>
<item><title>Bitrix item</title><link>https://p.example/2</link><pubDate>Tue, 01 Dec 2026 10:00:00 +0300</pubDate>
<yandex:full-text>&lt;p&gt;First paragraph.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</yandex:full-text>
</item></channel></rss>"#,
    );
    assert_eq!(bitrix.body_html, "<p>First paragraph.</p><p>Second.</p>");
}

/// A real feed by name from `../shared/corpora/feeds/`, its first item
/// mapped; `None` (said) when the corpora are absent.
fn real_item(name: &str) -> Option<article_embed_core::contract::Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/feeds");
    let Ok(bytes) = std::fs::read(dir.join(name)) else {
        eprintln!("../shared/corpora/feeds/{name} is absent: skipped, not passed");
        return None;
    };
    let answer = Answer {
        bytes: &bytes,
        content_type: None,
        url: "https://feeds.example/feed",
    };
    Some(parse_document(answer, None, None, &PLATFORM).unwrap())
}

#[test]
fn elements_straight_in_a_description_are_the_body() {
    // nixos.org's news feed puts its HTML unescaped into <description>.
    let Some(item) = real_item("feeder-nixos.rss") else {
        return;
    };
    assert_eq!(item.title, "NixOS 18.09 released");
    assert!(
        item.body_html
            .contains("NixOS 18.09 “Jellyfish” has been released"),
        "{}",
        item.body_html
    );
    assert!(item
        .body_html
        .contains(r#"<a href="nixos/download.html">download page</a>"#));
    assert!(item.body_html.contains("<img "));
}

#[test]
fn a_turbo_item_without_a_title_is_titled_by_its_header() {
    // h1k0.fun's items have no <title>: their Turbo page's <h1> is theirs.
    let Some(item) = real_item("h1k0-turbo-ru.rss") else {
        return;
    };
    assert_eq!(item.title, "花嵐月雪：嵐");
    // The cover figure opens the body (the item names no image); the
    // header's menu and breadcrumbs (the site's navigation) are left out.
    assert!(
        item.body_html.starts_with("<figure>"),
        "{}",
        &item.body_html[..200]
    );
    assert!(item.body_html.contains("Доброе утро, славяне!"));
    assert!(!item.body_html.contains("Статейки Хико"));
    assert!(item.images.is_empty());
}
