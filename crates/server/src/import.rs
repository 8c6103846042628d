//! The back catalogue: `article-embed-server import` fills the archive from
//! what CMSs export, so that an article from five years ago can be
//! embedded.
//!
//! - **What it reads**: a WordPress export (WXR, what Tools → Export
//!   writes: its published posts and pages; attachments, menus and drafts
//!   are skipped), any saved RSS or Atom feed in its own encoding, a saved
//!   JSON document (JSON Feed, a WordPress REST list, Ghost's posts, the
//!   contract), and feeds by URL, page after page: RFC 5005's
//!   `<link rel="next">`, else WordPress's `?paged=N`, until a page adds
//!   nothing.
//! - **Bounded**: a file is read as a stream, one item at a time (the
//!   channel's head, one item and a read buffer in memory, whatever the
//!   file's size); each item is mapped alone, through the same mapping as a
//!   live feed, within the same caps; a URL's pages are fetched within the
//!   CMS's limits, at most [`MAX_PAGES`].
//! - **Resumable and idempotent**: how far each file or URL got is kept in
//!   the database after each batch of items; run again, it goes on from
//!   there, and an article already archived with the same content is left
//!   as it is: importing twice changes nothing.

use std::io::Read;

use article_embed_core::contract::MAX_JSON_BYTES;
use article_embed_core::formats::{parse_document, Answer};
use sha2::Digest;
use sqlx::Row;

use crate::archive::Archive;
use crate::contract_json::contract_json;
use crate::db::{on_pool, Pool};
use crate::platform::PLATFORM;
use crate::spelling::spelling;
use crate::upstream::{Document, FetchError, Fetcher};

/// Pages of one URL read at most.
pub const MAX_PAGES: u32 = 10_000;

/// A channel's head (what comes before its first item) read at most.
const MAX_HEAD: usize = 8 << 20;

/// Items between two saves of how far an import got.
const BATCH: u64 = 100;

/// How an import went, so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Items read (skipped ones included).
    pub read: u64,
    /// Articles archived new or changed.
    pub kept: u64,
    /// Articles already archived as they are.
    pub unchanged: u64,
    /// Items skipped: not published posts or pages (WXR), or done by an
    /// earlier run.
    pub skipped: u64,
    /// Items that could not be read as an article (the reason logged).
    pub unreadable: u64,
}

/// Why an import stopped.
#[derive(Debug)]
pub enum ImportError {
    /// The file cannot be read.
    Io(std::io::Error),
    /// Not a feed or a document the widget reads.
    NotADocument(String),
    /// The database failed: what was imported before is kept, and a new
    /// run goes on from there.
    Store(sqlx::Error),
    /// A page of a URL could not be fetched.
    Fetch(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Io(e) => write!(f, "cannot read it: {e}"),
            ImportError::NotADocument(what) => write!(f, "not a feed or document: {what}"),
            ImportError::Store(e) => write!(f, "the database failed: {e}"),
            ImportError::Fetch(e) => write!(f, "cannot fetch it: {e}"),
        }
    }
}

impl std::error::Error for ImportError {}

impl From<sqlx::Error> for ImportError {
    fn from(error: sqlx::Error) -> Self {
        ImportError::Store(error)
    }
}

/// One import's target: a source of the configuration, the archive, and
/// where progress is kept.
pub struct Importer {
    /// The source the articles belong to (their views keys, their
    /// `/api/articles/<source>` URL).
    pub source: String,
    /// The base of relative URLs in the items: the source's URL.
    pub base: String,
    /// Where the articles go.
    pub archive: Archive,
    /// Where progress is kept.
    pub pool: Pool,
}

impl Importer {
    /// Imports a saved file; `report` is told the progress after each batch.
    pub async fn file(
        &self,
        path: &std::path::Path,
        mut report: impl FnMut(&Progress),
    ) -> Result<Progress, ImportError> {
        let what = format!("file:{}", path.display());
        let done = self.done(&what).await?;
        let mut file = std::fs::File::open(path).map_err(ImportError::Io)?;
        let mut first = [0u8; 1];
        let mut peek = Vec::new();
        // The first byte that is not whitespace tells JSON from XML.
        loop {
            if file.read(&mut first).map_err(ImportError::Io)? == 0 {
                return Err(ImportError::NotADocument("an empty file".to_owned()));
            }
            peek.push(first[0]);
            if !first[0].is_ascii_whitespace()
                && first[0] != 0xEF
                && first[0] != 0xBB
                && first[0] != 0xBF
            {
                break;
            }
        }
        let mut progress = Progress::default();
        let reader = std::io::Cursor::new(peek).chain(file);
        if matches!(first[0], b'{' | b'[') {
            let mut bytes = Vec::new();
            reader
                .take(MAX_JSON_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(ImportError::Io)?;
            if bytes.len() > MAX_JSON_BYTES {
                return Err(ImportError::NotADocument(format!(
                    "a JSON document over {MAX_JSON_BYTES} bytes"
                )));
            }
            for item in json_items(&bytes)? {
                self.item(item, None, done, &mut progress).await?;
            }
        } else {
            let mut items = XmlItems::new(reader)?;
            while let Some(item) = items.next_item()? {
                self.item(item, None, done, &mut progress).await?;
                if progress.read % BATCH == 0 {
                    self.save(&what, progress.read).await?;
                    report(&progress);
                }
            }
        }
        self.save(&what, progress.read).await?;
        report(&progress);
        Ok(progress)
    }

    /// Imports a feed by URL, page after page.
    pub async fn url(
        &self,
        fetcher: &Fetcher,
        url: &str,
        mut report: impl FnMut(&Progress),
    ) -> Result<Progress, ImportError> {
        let what = format!("url:{url}");
        let done = self.done(&what).await?;
        let mut progress = Progress::default();
        let mut page_url = url.to_owned();
        let mut seen_pages = std::collections::HashSet::new();
        let mut last_page = None;
        for page in 1..=MAX_PAGES {
            if !seen_pages.insert(page_url.clone()) {
                break;
            }
            let Some(answer) = fetch(fetcher, &page_url).await? else {
                break;
            };
            let bytes = answer.bytes;
            // A CMS that ignores `paged` answers its first page again: the
            // end.
            let digest = sha2::Sha256::digest(&bytes);
            if last_page == Some(digest) {
                break;
            }
            last_page = Some(digest);
            let before = progress.read;
            let mut items = XmlItems::new(std::io::Cursor::new(&bytes[..]))?;
            let next = items.next_link();
            while let Some(item) = items.next_item()? {
                self.item(item, Some(&answer.url), done, &mut progress)
                    .await?;
            }
            self.save(&what, progress.read).await?;
            report(&progress);
            if progress.read == before {
                break;
            }
            page_url = match next {
                Some(next) => next,
                None => paged(url, page + 1),
            };
        }
        Ok(progress)
    }

    /// One item, as a document of its own: archived unless an earlier run
    /// did it, or it is not a published post or page.
    async fn item(
        &self,
        document: Item,
        base: Option<&str>,
        done: u64,
        progress: &mut Progress,
    ) -> Result<(), ImportError> {
        progress.read += 1;
        if progress.read <= done || !document.published {
            progress.skipped += 1;
            return Ok(());
        }
        let base = base.unwrap_or(&self.base).to_owned();
        let bytes = document.bytes;
        let mapped = tokio::task::spawn_blocking(move || {
            let answer = Answer {
                bytes: &bytes,
                content_type: None,
                url: &base,
            };
            parse_document(answer, None, None, &PLATFORM).map(|mut article| {
                article.body_html = crate::absolute::absolute_urls(&article.body_html, &base);
                article
            })
        })
        .await
        .map_err(|e| ImportError::NotADocument(e.to_string()))?;
        let article = match mapped {
            Ok(article) => article,
            Err(error) => {
                progress.unreadable += 1;
                tracing::warn!(error = %article_embed_core::error::report(&error), item = progress.read, "an item cannot be read: skipped");
                return Ok(());
            }
        };
        let mut key = format!("{}\n{}", self.source, article.id);
        // Exports reuse ids (two posts of WordPress's own test data share a
        // guid): another page under the same id is another article.
        if self
            .archive
            .url_of(&key)
            .await?
            .is_some_and(|url| url != article.url)
        {
            key = format!("{key}\n{}", article.url);
        }
        let json = contract_json(&article, article.views, None).to_string();
        let mut spellings = vec![spelling(&article.url), spelling(&article.id)];
        spellings.dedup();
        if self
            .archive
            .keep_imported(&self.source, &key, &json, &article.url, &spellings)
            .await?
        {
            progress.kept += 1;
        } else {
            progress.unchanged += 1;
        }
        Ok(())
    }

    /// Items an earlier run of `what` got through.
    async fn done(&self, what: &str) -> Result<u64, sqlx::Error> {
        on_pool!(&self.pool, |pool| {
            let row = sqlx::query("SELECT items FROM imports WHERE source = $1 AND what = $2")
                .bind(&self.source)
                .bind(what)
                .fetch_optional(pool)
                .await?;
            Ok(row.map_or(0, |r| u64::try_from(r.get::<i64, _>(0)).unwrap_or(0)))
        })
    }

    async fn save(&self, what: &str, items: u64) -> Result<(), sqlx::Error> {
        let items = i64::try_from(items).unwrap_or(i64::MAX);
        on_pool!(&self.pool, |pool| {
            sqlx::query(
                "INSERT INTO imports (source, what, items) VALUES ($1, $2, $3) \
                 ON CONFLICT (source, what) DO UPDATE SET items = \
                 CASE WHEN excluded.items > imports.items THEN excluded.items ELSE imports.items END",
            )
            .bind(&self.source)
            .bind(what)
            .bind(items)
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}

/// `url` with WordPress's `paged=N`.
fn paged(url: &str, page: u32) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            let pairs: Vec<(String, String)> = parsed
                .query_pairs()
                .filter(|(k, _)| k != "paged")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            parsed
                .query_pairs_mut()
                .clear()
                .extend_pairs(pairs)
                .append_pair("paged", &page.to_string());
            parsed.to_string()
        }
        Err(_) => url.to_owned(),
    }
}

/// One page, through the fetcher's bounds; `None` past the last page (404,
/// 410).
async fn fetch(fetcher: &Fetcher, url: &str) -> Result<Option<Document>, ImportError> {
    match fetcher.fetch_once(url).await {
        Ok(document) => Ok(Some(document)),
        Err(FetchError::Status(404 | 410)) => Ok(None),
        Err(error) => Err(ImportError::Fetch(format!("{url}: {error}"))),
    }
}

/// One item made a document of its own.
pub struct Item {
    /// The document's bytes.
    pub bytes: Vec<u8>,
    /// Not a WXR item that is anything but a published post or page.
    pub published: bool,
}

/// Each post of a saved JSON document as a document of its own.
fn json_items(bytes: &[u8]) -> Result<Vec<Item>, ImportError> {
    use serde_json::Value;
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ImportError::NotADocument(format!("JSON that does not parse ({e})")))?;
    let one = |value: Value| Item {
        bytes: value.to_string().into_bytes(),
        published: true,
    };
    Ok(match value {
        // A WordPress REST list: each post is a list of one.
        Value::Array(posts) => posts
            .into_iter()
            .map(|p| one(Value::Array(vec![p])))
            .collect(),
        Value::Object(mut document) => {
            let list = ["items", "posts"]
                .into_iter()
                .find(|k| document.get(*k).is_some_and(Value::is_array));
            match list.and_then(|k| document.remove(k).map(|v| (k, v))) {
                Some((key, Value::Array(items))) => items
                    .into_iter()
                    .map(|item| {
                        let mut single = document.clone();
                        single.insert(key.to_owned(), Value::Array(vec![item]));
                        one(Value::Object(single))
                    })
                    .collect(),
                _ => vec![one(Value::Object(document))],
            }
        }
        other => {
            return Err(ImportError::NotADocument(format!(
                "JSON that is {}",
                match other {
                    Value::Null => "null",
                    Value::Bool(_) => "a boolean",
                    Value::Number(_) => "a number",
                    _ => "a string",
                }
            )))
        }
    })
}

/// A feed's items, one at a time, each with the feed's head around it,
/// read from a stream.
pub struct XmlItems<R> {
    reader: R,
    buffer: Vec<u8>,
    head: Vec<u8>,
    open: &'static [u8],
    close: &'static [u8],
    tail: &'static [u8],
    ended: bool,
}

impl<R: Read> XmlItems<R> {
    /// Reads the head (up to the first item) of an RSS, RDF or Atom feed.
    pub fn new(reader: R) -> Result<XmlItems<R>, ImportError> {
        let mut items = XmlItems {
            reader,
            buffer: Vec::new(),
            head: Vec::new(),
            open: b"<item",
            close: b"</item>",
            tail: b"</channel></rss>",
            ended: false,
        };
        loop {
            let entry = find_tag(&items.buffer, b"<entry", 0);
            let item = find_tag(&items.buffer, b"<item", 0);
            let first = match (entry, item) {
                (Some(e), Some(i)) => Some(e.min(i)),
                (e, i) => e.or(i),
            };
            if let Some(start) = first {
                items.head = items.buffer.drain(..start).collect();
                if first == entry {
                    items.open = b"<entry";
                    items.close = b"</entry>";
                    items.tail = b"</feed>";
                } else if find_tag(&items.head, b"<rdf:RDF", 0).is_some() {
                    // RSS 1.0: the items are beside the channel, closed before.
                    items.tail = b"</rdf:RDF>";
                }
                return Ok(items);
            }
            if items.buffer.len() > MAX_HEAD {
                return Err(ImportError::NotADocument(format!(
                    "no <item> or <entry> in its first {MAX_HEAD} bytes"
                )));
            }
            if !items.fill()? {
                return Err(ImportError::NotADocument(
                    "a document with no <item> or <entry>".to_owned(),
                ));
            }
        }
    }

    /// The head's `<link rel="next" href="…">` (RFC 5005), if any.
    pub fn next_link(&self) -> Option<String> {
        let head = String::from_utf8_lossy(&self.head);
        let mut from = 0;
        while let Some(at) = head.get(from..)?.find("<link") {
            let start = from + at;
            let end = start + head.get(start..)?.find('>')?;
            let tag = head.get(start..=end)?;
            from = end;
            let attribute = |name: &str| {
                let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
                let value = tag.get(at..)?;
                Some(value.get(..value.find('"')?)?.replace("&amp;", "&"))
            };
            if attribute("rel").as_deref() == Some("next") {
                return attribute("href")
                    .filter(|h| h.starts_with("http://") || h.starts_with("https://"));
            }
        }
        None
    }

    fn fill(&mut self) -> Result<bool, ImportError> {
        if self.ended {
            return Ok(false);
        }
        let mut chunk = [0u8; 64 * 1024];
        let n = self.reader.read(&mut chunk).map_err(ImportError::Io)?;
        if n == 0 {
            self.ended = true;
            return Ok(false);
        }
        self.buffer
            .extend_from_slice(chunk.get(..n).unwrap_or_default());
        Ok(true)
    }

    /// The next item as a document of its own (the head, the item, the
    /// closing tags), or `None` at the end.
    pub fn next_item(&mut self) -> Result<Option<Item>, ImportError> {
        loop {
            if let Some(start) = find_tag(&self.buffer, self.open, 0) {
                if let Some(end) = find_outside_cdata(&self.buffer, self.close, start) {
                    let end = end + self.close.len();
                    let item: Vec<u8> = self.buffer.drain(..end).skip(start).collect();
                    let mut bytes =
                        Vec::with_capacity(self.head.len() + item.len() + self.tail.len());
                    bytes.extend_from_slice(&self.head);
                    bytes.extend_from_slice(&item);
                    bytes.extend_from_slice(self.tail);
                    let published = wxr_published(&item);
                    return Ok(Some(Item { bytes, published }));
                }
                if self.buffer.len() - start > MAX_JSON_BYTES {
                    return Err(ImportError::NotADocument(format!(
                        "an item over {MAX_JSON_BYTES} bytes"
                    )));
                }
            } else if self.buffer.len() > self.open.len() {
                // Nothing that could start an item: keep only what could be
                // the start of a tag cut by the read.
                let keep = self.open.len();
                let cut = self.buffer.len() - keep;
                self.buffer.drain(..cut);
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }
}

/// A WXR item is imported only as a published post or page; any other
/// feed's item always.
fn wxr_published(item: &[u8]) -> bool {
    let text = String::from_utf8_lossy(item);
    let field = |name: &str| {
        let open = format!("<wp:{name}>");
        let at = text.find(&open)? + open.len();
        let rest = text.get(at..)?;
        let value = rest.get(..rest.find("</wp:")?)?;
        Some(
            value
                .trim()
                .trim_start_matches("<![CDATA[")
                .trim_end_matches("]]>")
                .trim()
                .to_owned(),
        )
    };
    match (field("post_type"), field("status")) {
        (None, None) => true,
        (kind, status) => {
            matches!(kind.as_deref(), Some("post" | "page") | None)
                && status.as_deref().is_none_or(|s| s == "publish")
        }
    }
}

/// Where `tag` (`<item`) opens an element (followed by `>`, a space or `/`)
/// at or after `from`, outside CDATA sections and comments.
fn find_tag(text: &[u8], tag: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let found = find_outside_cdata(text, tag, at)?;
        match text.get(found + tag.len()) {
            Some(b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/') => return Some(found),
            Some(_) => at = found + 1,
            None => return None,
        }
    }
}

/// Where `needle` is at or after `from`, outside `<![CDATA[…]]>` and
/// `<!--…-->` (an article about feeds may quote `</item>`).
fn find_outside_cdata(text: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while at < text.len() {
        let rest = text.get(at..)?;
        let next = |what: &[u8]| rest.windows(what.len()).position(|w| w == what);
        let hit = next(needle);
        let cdata = next(b"<![CDATA[");
        let comment = next(b"<!--");
        let skip = match (cdata, comment) {
            (Some(c), Some(m)) => Some(c.min(m)),
            (c, m) => c.or(m),
        };
        match (hit, skip) {
            (Some(h), Some(s)) if s < h => {
                let closing: &[u8] = if Some(s) == cdata { b"]]>" } else { b"-->" };
                let after = at + s + 4;
                let end = text
                    .get(after..)?
                    .windows(closing.len())
                    .position(|w| w == closing)?;
                at = after + end + closing.len();
            }
            (Some(h), _) => return Some(at + h),
            (None, _) => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(feed: &str) -> Vec<String> {
        let mut reader = XmlItems::new(std::io::Cursor::new(feed.as_bytes().to_vec())).unwrap();
        let mut out = Vec::new();
        while let Some(item) = reader.next_item().unwrap() {
            out.push(String::from_utf8(item.bytes).unwrap());
        }
        out
    }

    #[test]
    fn a_feed_is_cut_into_documents_of_one_item_each() {
        let feed = "<?xml version=\"1.0\"?><rss><channel><title>T</title>\
                    <item><title>A</title><description><![CDATA[an article about </item> tags]]></description></item>\
                    <!-- <item>not one</item> -->\
                    <item ><title>B</title></item><items>no</items></channel></rss>";
        let got = items(feed);
        assert_eq!(got.len(), 2);
        assert!(got[0].starts_with(
            "<?xml version=\"1.0\"?><rss><channel><title>T</title><item><title>A</title>"
        ));
        assert!(got[0].ends_with("tags]]></description></item></channel></rss>"));
        assert!(got[1].contains("<title>B</title></item></channel></rss>"));
        let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title>\
                    <link rel=\"next\" href=\"https://p.example/feed?page=2\"/>\
                    <entry><title>E</title></entry></feed>";
        let reader = XmlItems::new(std::io::Cursor::new(atom.as_bytes().to_vec())).unwrap();
        assert_eq!(
            reader.next_link().as_deref(),
            Some("https://p.example/feed?page=2")
        );
        assert_eq!(
            items(atom),
            vec![format!(
                "{}<entry><title>E</title></entry></feed>",
                &atom[..atom.find("<entry").unwrap()]
            )]
        );
    }

    #[test]
    fn only_published_posts_and_pages_of_a_wordpress_export_count() {
        let item = |kind: &str, status: &str| {
            format!("<item><wp:post_type><![CDATA[{kind}]]></wp:post_type><wp:status><![CDATA[{status}]]></wp:status></item>")
        };
        assert!(wxr_published(item("post", "publish").as_bytes()));
        assert!(wxr_published(item("page", "publish").as_bytes()));
        assert!(!wxr_published(item("attachment", "inherit").as_bytes()));
        assert!(!wxr_published(item("post", "draft").as_bytes()));
        assert!(!wxr_published(item("nav_menu_item", "publish").as_bytes()));
        assert!(wxr_published(
            b"<item><title>Any feed's item</title></item>"
        ));
        assert_eq!(
            paged("https://p.example/feed/?paged=2&x=1", 3),
            "https://p.example/feed/?x=1&paged=3"
        );
    }
}
