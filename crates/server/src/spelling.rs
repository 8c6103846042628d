//! One article, many spellings: the key an `item=` (or oEmbed's `url=`) is
//! looked up by in the archive, the same for every spelling a real link
//! carries.
//!
//! An http(s) URL is reduced to its host and path and the query parameters
//! that name something:
//!
//! - the scheme goes (`http://` and `https://` are one page);
//! - the host is lowercased, a leading `www.` goes, a default port goes;
//! - `%xx` escapes of letters, digits and `-._~` are decoded, the others
//!   written in capitals (`%c3%a9` and `%C3%A9` are one path);
//! - a trailing `/` goes (`/news/a/` and `/news/a` are one page);
//! - the fragment goes;
//! - tracking parameters go (`utm_*`, `fbclid`, `gclid`, `yclid`, the list
//!   in [`TRACKERS`]), the others stay, sorted (`?ID=123` still tells
//!   Bitrix's articles apart).
//!
//! Anything else (an id, a guid that is not a URL) is itself, trimmed.

/// Query parameters that say where a link was shared, not what it names
/// (beside every `utm_*`): dropped from a spelling.
pub const TRACKERS: [&str; 24] = [
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "gbraid",
    "wbraid",
    "yclid",
    "ysclid",
    "msclkid",
    "twclid",
    "ttclid",
    "li_fat_id",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "ref_src",
    "s_cid",
    "oly_anon_id",
    "oly_enc_id",
];

/// The key `item` is looked up by.
pub fn spelling(item: &str) -> String {
    let item = item.trim();
    let Ok(url) = url::Url::parse(item) else {
        return item.to_owned();
    };
    let Some(host) = url
        .host_str()
        .filter(|_| matches!(url.scheme(), "http" | "https"))
    else {
        return item.to_owned();
    };
    let host = host.strip_prefix("www.").unwrap_or(host);
    let mut out = String::with_capacity(item.len());
    out.push_str(host);
    if let Some(port) = url.port() {
        out.push(':');
        out.push_str(&port.to_string());
    }
    let path = escapes(url.path());
    out.push_str(path.trim_end_matches('/'));
    let mut pairs: Vec<String> = url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair
                .split('=')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            !(name.starts_with("utm_") || TRACKERS.contains(&name.as_str()))
        })
        .map(escapes)
        .collect();
    pairs.sort_unstable();
    if !pairs.is_empty() {
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}

/// `%xx` escapes in one form: unreserved characters decoded, the rest in
/// capitals.
fn escapes(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match (byte, hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                let decoded = (high * 16 + low) as u8;
                if decoded.is_ascii_alphanumeric() || matches!(decoded, b'-' | b'.' | b'_' | b'~') {
                    out.push(decoded as char);
                } else {
                    out.push_str(&format!("%{decoded:02X}"));
                }
                i += 3;
            }
            _ => {
                // Whole characters: the text is UTF-8, escapes are ASCII.
                let rest = text.get(i..).unwrap_or_default();
                let c = rest.chars().next().unwrap_or('\u{FFFD}');
                out.push(c);
                i += c.len_utf8().max(1);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spellings_links_carry_are_one_article() {
        let page = spelling("https://publisher.example/news/container-terminal/");
        assert_eq!(page, "publisher.example/news/container-terminal");
        for other in [
            "https://publisher.example/news/container-terminal",
            "http://publisher.example/news/container-terminal/",
            "https://www.publisher.example/news/container-terminal/",
            "https://PUBLISHER.example:443/news/container-terminal/",
            "http://publisher.example:80/news/container-terminal",
            "https://publisher.example/news/container-terminal/#comments",
            "https://publisher.example/news/container-terminal/?utm_source=tg&utm_medium=social",
            "https://publisher.example/news/container-terminal/?fbclid=IwAR0x&gclid=1&yclid=2",
            "https://publisher.example/news/%63ontainer-terminal/",
            "  https://publisher.example/news/container-terminal/ ",
        ] {
            assert_eq!(spelling(other), page, "{other}");
        }
        assert_eq!(
            spelling("https://p.example/%d0%b0?b=2&a=1"),
            spelling("https://p.example/%D0%B0?a=1&b=2")
        );
    }

    #[test]
    fn what_names_an_article_still_tells_articles_apart() {
        assert_ne!(
            spelling("https://p.example/news/detail.php?ID=123"),
            spelling("https://p.example/news/detail.php?ID=124")
        );
        assert_ne!(
            spelling("https://p.example/a"),
            spelling("https://p.example/b")
        );
        assert_ne!(
            spelling("https://p.example/a"),
            spelling("https://other.example/a")
        );
        assert_ne!(
            spelling("https://p.example:8443/a"),
            spelling("https://p.example/a")
        );
        assert_eq!(
            spelling("news-container-terminal"),
            "news-container-terminal"
        );
        assert_eq!(spelling("123"), "123");
        assert_eq!(spelling("urn:uuid:1225c695"), "urn:uuid:1225c695");
    }
}

#[cfg(test)]
mod properties {
    use super::spelling;
    use proptest::prelude::*;

    fn segment() -> impl Strategy<Value = String> {
        "[a-z0-9][a-z0-9-]{0,12}"
    }

    fn param() -> impl Strategy<Value = (String, String)> {
        ("[A-Za-z][A-Za-z0-9]{0,6}", "[A-Za-z0-9]{1,8}").prop_filter(
            "not a tracker",
            |(name, _)| {
                let name = name.to_ascii_lowercase();
                !name.starts_with("utm_") && !super::TRACKERS.contains(&name.as_str())
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// However a link to a page is spelled, it is the page; another
        /// value of a parameter that names something is another page.
        #[test]
        fn spellings_of_a_page_are_one_and_other_pages_are_not(
            // A host whose first label is `www` is its own case: its
            // `www.` is the one spelling drops (`www.com` and `com`).
            host in "[a-z]{1,10}\\.(com|ru|example)".prop_filter("no www host", |h| !h.starts_with("www.")),
            path in prop::collection::vec(segment(), 0..4),
            params in prop::collection::btree_map("[A-Za-z][A-Za-z0-9]{0,6}", "[A-Za-z0-9]{1,8}", 0..3),
            https in any::<bool>(),
            www in any::<bool>(),
            slash in any::<bool>(),
            fragment in prop::option::of("[a-z0-9]{1,8}"),
            trackers in prop::collection::vec(("utm_[a-z]{1,8}|fbclid|gclid|yclid|_ga", "[A-Za-z0-9]{1,10}"), 0..3),
            extra in param(),
        ) {
            let params: Vec<(String, String)> = params
                .into_iter()
                .filter(|(name, _)| {
                    let name = name.to_ascii_lowercase();
                    !name.starts_with("utm_") && !super::super::spelling::TRACKERS.contains(&name.as_str())
                })
                .collect();
            let query = |pairs: &[(String, String)]| {
                pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
            };
            let path = path.join("/");
            let plain = format!("https://{host}/{path}{}", if params.is_empty() { String::new() } else { format!("?{}", query(&params)) });
            let mut shared_params = params.clone();
            shared_params.extend(trackers.iter().cloned());
            shared_params.reverse();
            let shared = format!(
                "{}://{}{host}/{path}{}{}{}",
                if https { "https" } else { "http" },
                if www { "www." } else { "" },
                if slash && !path.is_empty() { "/" } else { "" },
                if shared_params.is_empty() { String::new() } else { format!("?{}", query(&shared_params)) },
                fragment.map(|f| format!("#{f}")).unwrap_or_default(),
            );
            prop_assert_eq!(spelling(&shared), spelling(&plain), "{} and {}", shared, plain);
            if !params.iter().any(|(name, _)| *name == extra.0) {
                let mut more = params.clone();
                more.push(extra);
                let other = format!("https://{host}/{path}?{}", query(&more));
                prop_assert_ne!(spelling(&other), spelling(&plain));
            }
        }
    }
}
