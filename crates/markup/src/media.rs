//! Embedded players (`iframe`, `embed`, `object`, CMS embed blocks, a bare
//! provider URL alone in a paragraph) become a media card: the provider's
//! name and a link to the original. Nothing third-party loads until the
//! reader clicks. This module names providers and finds the original page
//! behind a player URL; it only ever sees URLs that already passed the
//! http(s) check.

/// Known providers by host suffix, and the name readers know them by.
const PROVIDERS: &[(&str, &str)] = &[
    ("youtube.com", "YouTube"),
    ("youtube-nocookie.com", "YouTube"),
    ("youtu.be", "YouTube"),
    ("vimeo.com", "Vimeo"),
    ("twitter.com", "X"),
    ("x.com", "X"),
    ("t.me", "Telegram"),
    ("telegram.org", "Telegram"),
    ("vkvideo.ru", "VK Video"),
    ("vk.com", "VK Video"),
    ("vk.ru", "VK Video"),
    ("rutube.ru", "Rutube"),
    ("soundcloud.com", "SoundCloud"),
    ("spotify.com", "Spotify"),
    ("instagram.com", "Instagram"),
    ("facebook.com", "Facebook"),
    ("fb.watch", "Facebook"),
    ("tiktok.com", "TikTok"),
    ("dailymotion.com", "Dailymotion"),
    ("wordpress.tv", "WordPress.tv"),
];

/// Social posts as their platforms publish them for readers without the
/// platform's script: a blockquote of the post's text, its author, date and
/// link, known by its class. The widget keeps it as the quoted post it is,
/// the platform named, and never loads the script.
const SOCIAL_POSTS: &[(&str, &str)] = &[
    ("twitter-tweet", "X"),
    ("twitter-video", "X"),
    ("instagram-media", "Instagram"),
    // Facebook's blockquote, inside its `div.fb-post`.
    ("fb-xfbml-parse-ignore", "Facebook"),
    ("tiktok-embed", "TikTok"),
    ("mastodon-embed", "Mastodon"),
    ("bluesky-embed", "Bluesky"),
    ("text-post-media", "Threads"),
    ("reddit-embed-bq", "Reddit"),
    ("reddit-card", "Reddit"),
];

/// The platform whose post a blockquote with these classes (`has_class`)
/// quotes.
pub(crate) fn social_platform(has_class: impl Fn(&str) -> bool) -> Option<&'static str> {
    SOCIAL_POSTS
        .iter()
        .find_map(|(class, platform)| has_class(class).then_some(*platform))
}

/// The lower-case host of an absolute http(s) URL, without port or userinfo.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_end_matches('.');
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

fn known(host: &str) -> Option<&'static str> {
    PROVIDERS.iter().find_map(|(suffix, name)| {
        let matches = host == *suffix
            || host
                .strip_suffix(suffix)
                .is_some_and(|rest| rest.ends_with('.'));
        matches.then_some(*name)
    })
}

/// The provider a reader would name for `url`: a known one, else the host
/// without `www.`.
pub(crate) fn provider_name(url: &str) -> Option<String> {
    let host = host_of(url)?;
    Some(match known(&host) {
        Some(name) => name.to_owned(),
        None => host.strip_prefix("www.").unwrap_or(&host).to_owned(),
    })
}

/// Whether a bare URL alone in a paragraph is an embed (WordPress's oEmbed
/// convention): only for providers we know, so an ordinary address stays text.
pub(crate) fn is_known_provider(url: &str) -> bool {
    host_of(url).is_some_and(|h| known(&h).is_some())
}

/// The page a reader should open for a player URL: a YouTube or Vimeo
/// player becomes its watch page; anything else stays as it is.
pub(crate) fn original_url(url: &str) -> String {
    let Some(host) = host_of(url) else {
        return url.to_owned();
    };
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').and_then(|i| rest.get(i..)))
        .unwrap_or("");
    let path = path.split(['?', '#']).next().unwrap_or("");
    let id_after = |prefix: &str| {
        path.strip_prefix(prefix)
            .map(|id| id.trim_end_matches('/'))
            .filter(|id| {
                !id.is_empty()
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            })
    };
    if known(&host) == Some("YouTube") && host != "youtu.be" {
        if let Some(id) = id_after("/embed/") {
            return format!("https://www.youtube.com/watch?v={id}");
        }
    }
    if host == "player.vimeo.com" {
        if let Some(id) = id_after("/video/") {
            return format!("https://vimeo.com/{id}");
        }
    }
    url.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_are_named_by_host_suffix_not_substring() {
        assert_eq!(
            provider_name("https://www.youtube.com/embed/abc").as_deref(),
            Some("YouTube")
        );
        assert_eq!(
            provider_name("https://player.vimeo.com/video/1").as_deref(),
            Some("Vimeo")
        );
        assert_eq!(
            provider_name("https://x.com/a/status/1").as_deref(),
            Some("X")
        );
        assert_eq!(
            provider_name("https://notyoutube.com/v").as_deref(),
            Some("notyoutube.com")
        );
        assert_eq!(
            provider_name("https://user:pw@www.example.org:8080/x").as_deref(),
            Some("example.org")
        );
        assert!(is_known_provider("https://t.me/channel/5"));
        assert!(!is_known_provider("https://evil-youtube.com.example/"));
        assert!(!is_known_provider("https://publisher.example/news/1"));
    }

    #[test]
    fn players_lead_to_their_watch_pages() {
        assert_eq!(
            original_url("https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0"),
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        );
        assert_eq!(
            original_url("https://player.vimeo.com/video/93206523"),
            "https://vimeo.com/93206523"
        );
        // Anything odd in the id: keep the URL as given.
        assert_eq!(
            original_url("https://www.youtube.com/embed/a\"b"),
            "https://www.youtube.com/embed/a\"b"
        );
        assert_eq!(
            original_url("https://example.org/embed/x"),
            "https://example.org/embed/x"
        );
    }
}
