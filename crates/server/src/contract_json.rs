//! An article as the contract's JSON (version 1, `schema/article.v1.schema.json`):
//! what the server answers, whatever format the CMS published.

use article_embed_core::contract::Article;
use article_embed_core::date::{civil_from_days, Timestamp};
use article_embed_core::srcset::Descriptor;
use serde_json::{json, Map, Value};

/// The contract document for `article`, with its view count and the URL
/// that registers a view.
pub fn contract_json(article: &Article, views: Option<u64>, views_url: Option<&str>) -> Value {
    // Required, and `null` when the source has no date (a feed item
    // without one): the one field written even when empty.
    let mut doc = Map::new();
    doc.insert(
        "published_at".to_owned(),
        json!(article.published_at.map(rfc3339)),
    );
    let mut set = |key: &str, value: Value| {
        if !value.is_null() {
            doc.insert(key.to_owned(), value);
        }
    };
    set("id", json!(article.id));
    set("url", json!(article.url));
    set("title", json!(article.title));
    set("body_html", json!(article.body_html));
    set("lead", json!(article.lead));
    set("lang", json!(article.lang));
    set("updated_at", json!(article.updated_at.map(rfc3339)));
    set("author", json!(article.author));
    let images: Vec<Value> = article
        .images
        .iter()
        .map(|image| {
            let srcset: Vec<Value> = image
                .srcset
                .iter()
                .filter_map(|c| match c.descriptor {
                    Descriptor::Width(width) => Some(json!({"src": c.src, "width": width})),
                    Descriptor::Density(_) => None,
                })
                .collect();
            let mut out = Map::new();
            out.insert("src".to_owned(), json!(image.src));
            out.insert("alt".to_owned(), json!(image.alt));
            for (key, value) in [
                ("caption", json!(image.caption)),
                ("width", json!(image.width)),
                ("height", json!(image.height)),
                (
                    "srcset",
                    if srcset.is_empty() {
                        Value::Null
                    } else {
                        json!(srcset)
                    },
                ),
            ] {
                if !value.is_null() {
                    out.insert(key.to_owned(), value);
                }
            }
            Value::Object(out)
        })
        .collect();
    if !images.is_empty() {
        set("images", json!(images));
    }
    set("views", json!(views));
    set("views_url", json!(views_url));
    if !article.categories.is_empty() {
        let categories: Vec<Value> = article
            .categories
            .iter()
            .map(|c| match &c.url {
                Some(url) => json!({"name": c.name, "url": url}),
                None => json!({"name": c.name}),
            })
            .collect();
        set("categories", json!(categories));
    }
    if let Some(p) = &article.publisher {
        let mut publisher = Map::new();
        publisher.insert("name".to_owned(), json!(p.name));
        for (key, value) in [("url", &p.url), ("logo", &p.logo)] {
            if let Some(value) = value {
                publisher.insert(key.to_owned(), json!(value));
            }
        }
        set("publisher", Value::Object(publisher));
    }
    Value::Object(doc)
}

/// RFC 3339 in the publisher's own offset: `2021-08-29T10:15:00+03:00`.
pub fn rfc3339(t: Timestamp) -> String {
    let local_ms = t.epoch_ms + i64::from(t.offset_minutes) * 60_000;
    let days = local_ms.div_euclid(86_400_000);
    let ms = local_ms.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    let offset = match t.offset_minutes {
        0 => "Z".to_owned(),
        o => format!(
            "{}{:02}:{:02}",
            if o < 0 { '-' } else { '+' },
            o.abs() / 60,
            o.abs() % 60
        ),
    };
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}{offset}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use article_embed_core::date::{days_from_civil, parse_rfc3339};

    #[test]
    fn dates_round_trip_in_their_own_offset() {
        for text in [
            "2021-08-29T10:15:00+03:00",
            "1999-12-31T23:59:59Z",
            "2000-02-29T00:00:00-05:30",
            "1969-07-20T20:17:40Z",
        ] {
            assert_eq!(rfc3339(parse_rfc3339(text).unwrap()), text);
        }
        for days in [-800_000, -1, 0, 1, 59, 60, 11_016, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn an_article_without_a_date_is_written_with_null_and_read_back_without_one() {
        let json = serde_json::json!({
            "id": "1", "url": "https://p.example/a", "title": "T",
            "published_at": null, "body_html": "<p>x</p>"
        });
        let article = article_embed_core::contract::parse_article(
            json.to_string().as_bytes(),
            "https://p.example/",
        )
        .unwrap();
        assert_eq!(article.published_at, None);
        let written = contract_json(&article, None, None);
        assert_eq!(written["published_at"], Value::Null);
        assert!(written.as_object().unwrap().contains_key("published_at"));
        let again = article_embed_core::contract::parse_article(
            written.to_string().as_bytes(),
            "https://p.example/",
        )
        .unwrap();
        assert_eq!(again.published_at, None);
    }
}
