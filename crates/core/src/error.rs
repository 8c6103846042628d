//! Why a document could not be read, layered by what failed: its bytes
//! ([`TextError`]), its syntax ([`SyntaxError`]), its format
//! ([`FormatError`]) or its data ([`DataError`]). [`DocumentError`] is one
//! of the four; network and HTTP failures are the widget's own layer above
//! it (`api::LoadError`).
//!
//! Every message says what was found and what was expected, in words a
//! publisher's developer can act on: the widget prints it in the console
//! and in its `article-embed:error` event, the server in its log and its
//! error answers. A value from the document is repeated cut short
//! ([`quoted`]).

use std::{error::Error, fmt};

use crate::de::{DeError, DeErrorKind, JsonSyntaxError};

/// Why a document could not be read.
///
/// Its message is the layer's own (`Display` forwards to it), and so is its
/// [`source`](Error::source): the layer is a classification, not another
/// failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentError {
    /// The bytes could not become text.
    Text(TextError),
    /// The text is not a JSON or XML document.
    Syntax(SyntaxError),
    /// A document, but not one of the formats, or not the one asked for.
    Format(FormatError),
    /// The format's fields break the contract.
    Data(DataError),
}

/// The bytes could not become text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextError {
    /// Nothing was sent.
    Empty,
    /// More than the embed accepts; reading stopped at the limit.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
        /// How many bytes there were at least.
        bytes: usize,
    },
    /// XML in an encoding the browser does not know.
    UnknownEncoding {
        /// The label the document gave.
        label: String,
    },
    /// JSON that is not UTF-8 (RFC 8259 §8.1).
    JsonNotUtf8,
}

/// The text is not a JSON or XML document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxError {
    /// Not JSON; the parser's words are the [`source`](Error::source).
    NotJson(JsonSyntaxError),
    /// XML that is not well-formed.
    NotXml,
    /// An HTML page: an error page, a login, a CDN's challenge.
    HtmlPage,
    /// The XML declares entities in its DTD (see `formats::prolog`).
    EntityDeclarations,
    /// XML nested deeper than it may be (`formats::MAX_XML_DEPTH`).
    TooDeep {
        /// The levels it may have.
        limit: usize,
    },
}

/// A document, but not one of the formats, or not the one asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// Not a format the widget reads.
    Unrecognized {
        /// What it is, in words.
        found: String,
    },
    /// `format="…"` asked for one format, the answer is another.
    Mismatch {
        /// The format `format=` asked for.
        asked: &'static str,
        /// What the document is, in words.
        found: String,
    },
    /// Valid JSON, but not an object.
    NotAnObject {
        /// What it is instead (`an array`, `a number`…).
        found: &'static str,
    },
    /// A feed with no item at all.
    NoItems,
    /// The feed has no item with this id or URL among the ones read.
    NoSuchItem {
        /// The item asked for, quoted and shortened.
        item: String,
        /// How many items were read.
        among: usize,
    },
}

/// The format's fields break the contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataError {
    /// A required field is absent.
    Missing {
        /// The field, as a dotted path from the document's root
        /// (`title`, `images.3.src`).
        field: String,
    },
    /// A field of the wrong type.
    WrongType {
        /// The field, as a path.
        field: String,
        /// What it should be.
        expected: String,
    },
    /// A contract date that is not RFC 3339.
    BadDate {
        /// The field.
        field: &'static str,
    },
    /// A URL that is not http(s).
    BadUrl {
        /// The field.
        field: &'static str,
    },
}

/// An error's message followed by its sources' (`outer: inner`), as one
/// line for a console, an event or a log: each layer says only its own part.
pub fn report(error: &dyn Error) -> String {
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        line = format!("{line}: {cause}");
        source = cause.source();
    }
    line
}

/// How much of a value from the document an error message repeats.
const MAX_QUOTED_CHARS: usize = 80;

/// A value from the document as an error repeats it: cut, with "…".
pub fn quoted(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(MAX_QUOTED_CHARS).collect();
    if chars.next().is_some() {
        head + "…"
    } else {
        head
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::Text(e) => e.fmt(f),
            DocumentError::Syntax(e) => e.fmt(f),
            DocumentError::Format(e) => e.fmt(f),
            DocumentError::Data(e) => e.fmt(f),
        }
    }
}

impl Error for DocumentError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            DocumentError::Syntax(e) => e.source(),
            _ => None,
        }
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Empty => write!(f, "the article API answered with an empty body"),
            TextError::TooLarge { limit, bytes } => write!(
                f,
                "the article is larger than the {limit} bytes an embed accepts (at least {bytes} bytes); reading it stopped there"
            ),
            TextError::UnknownEncoding { label } => write!(
                f,
                "the feed says it is in the encoding \"{}\", which the browser does not know",
                quoted(label)
            ),
            TextError::JsonNotUtf8 => write!(
                f,
                "the article API answered with JSON in UTF-16; JSON must be UTF-8"
            ),
        }
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyntaxError::NotJson(_) => write!(
                f,
                "the article API answered with something that is not valid JSON"
            ),
            SyntaxError::HtmlPage => write!(
                f,
                "the article API answered with an HTML page instead of JSON or a feed"
            ),
            SyntaxError::NotXml => {
                write!(f, "the article URL answered with XML that is not well-formed")
            }
            SyntaxError::EntityDeclarations => write!(
                f,
                "the feed declares entities in its DTD (<!ENTITY …>), which the widget refuses: a few kilobytes of them can expand to gigabytes"
            ),
            SyntaxError::TooDeep { limit } => write!(
                f,
                "the feed nests its elements more than {limit} levels deep"
            ),
        }
    }
}

impl Error for SyntaxError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            SyntaxError::NotJson(detail) => Some(detail),
            _ => None,
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Unrecognized { found } => write!(
                f,
                "the article URL answered with {}, which is none of the formats the widget reads (article contract, WordPress, Ghost, JSON Feed, RSS, Atom)",
                quoted(found)
            ),
            FormatError::Mismatch { asked, found } => write!(
                f,
                "the embed asks for format=\"{asked}\", but the article URL answered with {}",
                quoted(found)
            ),
            FormatError::NotAnObject { found } => {
                write!(f, "the article JSON must be an object, but it is {found}")
            }
            FormatError::NoItems => write!(f, "the feed has no items"),
            FormatError::NoSuchItem { item, among } => write!(
                f,
                "the feed has no item with the id or URL \"{}\" among its first {among} items",
                quoted(item)
            ),
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::Missing { field } => {
                write!(f, "the article has no \"{field}\" field, which is required")
            }
            DataError::WrongType { field, expected } => {
                write!(f, "the article field \"{field}\" must be {expected}")
            }
            DataError::BadDate { field } => write!(
                f,
                "the article field \"{field}\" is not an RFC 3339 date such as 2021-08-29T10:15:00+03:00"
            ),
            DataError::BadUrl { field } => {
                write!(f, "the article field \"{field}\" is not an http(s) URL")
            }
        }
    }
}

impl Error for TextError {}
impl Error for FormatError {}
impl Error for DataError {}

impl From<DeError> for DataError {
    fn from(e: DeError) -> Self {
        let field = e.field();
        match e.kind {
            DeErrorKind::Missing => DataError::Missing { field },
            DeErrorKind::WrongType { expected } => DataError::WrongType { field, expected },
            DeErrorKind::Invalid => DataError::WrongType {
                field,
                expected: "something else".to_owned(),
            },
        }
    }
}

impl From<TextError> for DocumentError {
    fn from(e: TextError) -> Self {
        DocumentError::Text(e)
    }
}

impl From<SyntaxError> for DocumentError {
    fn from(e: SyntaxError) -> Self {
        DocumentError::Syntax(e)
    }
}

impl From<FormatError> for DocumentError {
    fn from(e: FormatError) -> Self {
        DocumentError::Format(e)
    }
}

impl From<DataError> for DocumentError {
    fn from(e: DataError) -> Self {
        DocumentError::Data(e)
    }
}

impl From<DeError> for DocumentError {
    fn from(e: DeError) -> Self {
        DocumentError::Data(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::parse_article;

    #[test]
    fn each_layer_says_its_own_part_and_the_report_joins_them() {
        let Err(error) = parse_article(br#"{"id": "1", "title": "cut"#, "https://p.example/a")
        else {
            panic!("truncated JSON parsed");
        };
        assert!(matches!(
            error,
            DocumentError::Syntax(SyntaxError::NotJson(_))
        ));
        assert_eq!(
            error.to_string(),
            "the article API answered with something that is not valid JSON"
        );
        let parser = error.source().map(ToString::to_string).unwrap_or_default();
        assert!(!parser.is_empty(), "the parser's words are the source");
        assert_eq!(report(&error), format!("{error}: {parser}"));
        // A layer with nothing beneath it reports its message alone.
        let missing = DocumentError::from(DataError::Missing {
            field: "title".to_owned(),
        });
        assert!(missing.source().is_none());
        assert_eq!(report(&missing), missing.to_string());
    }

    #[test]
    fn an_html_page_is_named_whether_it_parses_as_xml_or_not() {
        let page = parse_article(
            b"<!doctype html><h1>502 Bad Gateway</h1>",
            "https://p.example/",
        );
        assert_eq!(
            page.err(),
            Some(DocumentError::Syntax(SyntaxError::HtmlPage))
        );
    }

    #[test]
    fn quoted_values_are_cut_with_an_ellipsis() {
        assert_eq!(quoted("short"), "short");
        let long = quoted(&"я".repeat(200));
        assert_eq!(long.chars().count(), MAX_QUOTED_CHARS + 1);
        assert!(long.ends_with('…'));
    }
}
