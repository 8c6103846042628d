//! A serde [`Deserializer`] over an already parsed JSON tree, with an error
//! type that says *where* (the field path) and *what was expected*, and never
//! formats the offending value.
//!
//! Why our own and not `serde_json` / `serde-wasm-bindgen` in the wasm:
//! - the browser's `JSON.parse` already parses; serde_json's number parser
//!   alone is ~13 KB brotli;
//! - serde's default error constructors format the unexpected value
//!   (`invalid type: floating point 1.5`), which links float and `{:?}`
//!   formatting (~6 KB brotli); [`DeError`] overrides every one of them;
//! - errors carry the field path (`images.3.src`), which neither crate gives;
//! - only the fields a derived type asks for are walked: unknown fields are
//!   skipped without converting them out of the JS heap.
//!
//! The same code runs natively over `serde_json::Value`, so the contract's
//! native tests exercise exactly the wasm's deserializer.
//!
//! ```
//! use article_embed_core::de;
//!
//! #[derive(serde::Deserialize)]
//! struct ViewsAnswer {
//!     views: f64,
//!     // Optional: a malformed value is dropped, not an error.
//!     updated: de::Lenient<String>,
//! }
//! let answer: ViewsAnswer = de::from_tree(de::parse_text(r#"{"views": 48, "updated": 7}"#)?)?;
//! assert_eq!((answer.views, answer.updated.0), (48.0, None));
//! // A required field that is absent fails with its path.
//! let wrong: Result<ViewsAnswer, _> = de::from_tree(de::parse_text("{}")?);
//! assert_eq!(wrong.err().map(|e| e.field()).as_deref(), Some("views"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde::de::{
    self, value::StringDeserializer, Deserialize, DeserializeSeed, Deserializer, Expected,
    MapAccess, SeqAccess, Unexpected, Visitor,
};

/// One level of a parsed JSON document, as a [`Tree`] exposes it.
pub enum Node<T> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// A list.
    Array(Vec<T>),
    /// Entries in document order; a repeated key's last value wins, as in
    /// `JSON.parse`.
    Object(Vec<(String, T)>),
}

/// A parsed JSON value that can be opened one level at a time.
pub trait Tree: Sized {
    /// What this value is, one level deep.
    fn node(self) -> Node<Self>;
    /// `null` (or, in the browser, `undefined`), checked without opening.
    fn is_null(&self) -> bool;
    /// How a publisher would name this value's type in an error message
    /// ("null", "an array", [`OBJECT`], …), checked without opening.
    fn type_name(&self) -> &'static str;
    /// An object's keys (empty for anything else), without opening it:
    /// formats are told apart by them.
    fn keys(&self) -> Vec<String>;
    /// The value as the platform's parsed JSON (for [`Raw`]).
    fn into_parsed(self) -> Option<ParsedJson>;
}

const RAW: &str = "$article_embed::Raw";

thread_local! {
    /// The values [`Raw`] fields stand for, while a document is read.
    static ARENA: std::cell::RefCell<Vec<ParsedJson>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A field kept as the parsed value it is, read when the mapping needs it
/// ([`Raw::read`], [`Raw::items`]).
///
/// Why: a derived visitor carries code per field, and per field that owns
/// something to drop on every early return. A `Raw` is a plain index (the
/// value waits in a side table until [`clear_raw`]), so serde's derived types
/// still pick the fields by name while one copy of the code reads each kind
/// of value: the publishing formats cost a fraction of what typed fields
/// cost in the wasm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Raw(u32);

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RawVisitor;
        impl<'de> Visitor<'de> for RawVisitor {
            type Value = Raw;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_u32<E: de::Error>(self, slot: u32) -> Result<Raw, E> {
                Ok(Raw(slot))
            }
        }
        deserializer.deserialize_newtype_struct(RAW, RawVisitor)
    }
}

/// Keeps `value` for a [`Raw`] to name.
fn stash(value: ParsedJson) -> Raw {
    ARENA.with(|arena| match arena.try_borrow_mut() {
        Ok(mut arena) => {
            arena.push(value);
            Raw(u32::try_from(arena.len()).unwrap_or(0))
        }
        Err(_) => Raw(0),
    })
}

/// Forgets every value [`Raw`]s stood for: after a document is read.
pub fn clear_raw() {
    ARENA.with(|arena| {
        if let Ok(mut arena) = arena.try_borrow_mut() {
            arena.clear();
        }
    });
}

impl Raw {
    /// Whether the field was absent (nothing was read into it).
    pub fn is_absent(self) -> bool {
        self.0 == 0
    }

    /// The value, if the field was there.
    pub fn value(self) -> Option<ParsedJson> {
        let slot = usize::try_from(self.0.checked_sub(1)?).ok()?;
        ARENA.with(|arena| arena.try_borrow().ok()?.get(slot).cloned())
    }

    /// The value read as `T`, `None` when absent or malformed.
    pub fn read<T: for<'de> Deserialize<'de>>(self) -> Option<T> {
        from_tree(self.value()?).ok()
    }

    /// A required field's value read as `T`: absent or `null` is
    /// [`DeErrorKind::Missing`], a value of another type names what `T`
    /// expects; either error's path is `field`.
    pub fn require<T: for<'de> Deserialize<'de>>(self, field: &str) -> Result<T, DeError> {
        match self.value().filter(|v| !v.is_null()) {
            Some(value) => from_tree(value),
            None => Err(DeError::new(DeErrorKind::Missing)),
        }
        .map_err(|e| e.inside(field.to_owned()))
    }

    /// A list's elements (the first [`MAX_LIST_ITEMS`]); nothing when the
    /// value is not a list.
    pub fn list(self) -> Vec<Raw> {
        match self.value().map(Tree::node) {
            Some(Node::Array(items)) => items.into_iter().take(MAX_LIST_ITEMS).map(stash).collect(),
            _ => Vec::new(),
        }
    }

    /// A list's elements (the first [`MAX_LIST_ITEMS`]), or the value
    /// alone (a feed repeats an element only when there are several).
    pub fn items(self) -> Vec<Raw> {
        let Some(value) = self.value() else {
            return Vec::new();
        };
        if value.type_name() != "an array" {
            return vec![self];
        }
        match value.node() {
            Node::Array(items) => items.into_iter().take(MAX_LIST_ITEMS).map(stash).collect(),
            _ => Vec::new(),
        }
    }

    /// How a publisher would name the value's type, `None` when absent.
    pub fn type_name(self) -> Option<&'static str> {
        self.value().map(|v| v.type_name())
    }

    /// An object's values, its keys dropped (WordPress's image sizes).
    pub fn values(self) -> Vec<Raw> {
        match self.value().map(Tree::node) {
            Some(Node::Object(entries)) => entries.into_iter().map(|(_, v)| stash(v)).collect(),
            _ => Vec::new(),
        }
    }
}

/// Declares a struct of [`Raw`] fields and reads it through a table of
/// keys, not serde's derive, whose per-field code and duplicate checks cost
/// kilobytes of wasm for each struct (figures: docs/performance.md). Each
/// field lists the keys it is read from; of two keys for one field, the
/// first in the document is read; other keys are skipped. Its uses:
/// `formats::fields::Fields` (every format's vocabulary) and the contract's
/// documents (`contract`).
macro_rules! keyed {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $($(#[$doc:meta])* $field:ident: $($key:literal)|+,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Default, Clone, Copy)]
        $vis struct $name {
            $($(#[$doc])* $vis $field: $crate::de::Raw,)*
        }

        impl $name {
            /// Each key, and the field it fills: a test can walk it.
            $vis const KEYS: $crate::de::Keys<$name> = &[
                $($(($key, |f| &mut f.$field),)+)*
            ];
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map($crate::de::KeyedVisitor($name::KEYS))
            }
        }
    };
}
pub(crate) use keyed;

/// A `keyed!` struct's table: each key, and the field of `T` it fills.
pub type Keys<T> = &'static [(&'static str, fn(&mut T) -> &mut Raw)];

/// Reads a `keyed!` struct from a map: each key in `.0` fills its field.
pub struct KeyedVisitor<T: 'static>(pub Keys<T>);

impl<'de, T: Default> Visitor<'de> for KeyedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(key) = map.next_key::<String>()? {
            match self.0.iter().find(|(k, _)| *k == key) {
                Some((_, slot)) if slot(&mut out).is_absent() => {
                    *slot(&mut out) = map.next_value()?;
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

/// Elements of one list past this count are not read (a feed's items,
/// an article's tags): no real document comes near it.
pub const MAX_LIST_ITEMS: usize = 1_000;

/// [`Tree::type_name`] of an object.
pub const OBJECT: &str = "an object";

/// What went wrong, and where: the path from the document's root, outermost
/// first (`["images", "3", "src"]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeError {
    /// Where it failed: field names and list indices, outermost first.
    pub path: Vec<String>,
    /// What failed there.
    pub kind: DeErrorKind,
}

/// What a deserialization error was about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeErrorKind {
    /// Absent or `null`.
    Missing,
    /// Present with the wrong type or shape; `expected` is serde's wording
    /// ("a string").
    WrongType {
        /// What the value should have been.
        expected: String,
    },
    /// Any other complaint; deliberately without detail (see module docs).
    Invalid,
}

impl DeError {
    fn new(kind: DeErrorKind) -> Self {
        DeError {
            path: Vec::new(),
            kind,
        }
    }

    /// The path joined with dots, as a publisher would write it.
    pub fn field(&self) -> String {
        self.path.join(".")
    }

    fn inside(mut self, key: String) -> Self {
        self.path.insert(0, key);
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = self.field();
        match &self.kind {
            DeErrorKind::Missing => write!(f, "\"{field}\" is missing"),
            DeErrorKind::WrongType { expected } => write!(f, "\"{field}\" must be {expected}"),
            DeErrorKind::Invalid => write!(f, "\"{field}\" is not valid"),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    // No formatting of `msg`: whatever a caller passes (floats included)
    // stays out of the wasm.
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        DeError::new(DeErrorKind::Invalid)
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        match unexp {
            Unexpected::Unit | Unexpected::Option => DeError::new(DeErrorKind::Missing),
            _ => Self::invalid_value(unexp, exp),
        }
    }

    fn invalid_value(_unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        DeError::new(DeErrorKind::WrongType {
            expected: exp.to_string(),
        })
    }

    fn invalid_length(_len: usize, exp: &dyn Expected) -> Self {
        Self::invalid_value(Unexpected::Other(""), exp)
    }

    fn unknown_variant(_variant: &str, _expected: &'static [&'static str]) -> Self {
        DeError::new(DeErrorKind::Invalid)
    }

    fn unknown_field(_field: &str, _expected: &'static [&'static str]) -> Self {
        DeError::new(DeErrorKind::Invalid)
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::new(DeErrorKind::Missing).inside(field.to_owned())
    }

    fn duplicate_field(_field: &'static str) -> Self {
        DeError::new(DeErrorKind::Invalid)
    }
}

/// Deserializes a `T` from a parsed tree.
pub fn from_tree<'de, T: Deserialize<'de>, V: Tree>(tree: V) -> Result<T, DeError> {
    T::deserialize(Value(tree))
}

/// A field that is dropped (becomes `None`) when it is malformed, instead of
/// failing the whole document. Only sound over a tree, where a failed value
/// leaves nothing half-read; this module's deserializer is one.
///
/// ```
/// use article_embed_core::de;
///
/// #[derive(serde::Deserialize)]
/// struct Post {
///     #[serde(default, deserialize_with = "de::lenient")]
///     lead: Option<String>,
/// }
/// let post: Post = de::from_tree(de::parse_text(r#"{"lead": ["not", "text"]}"#)?)?;
/// assert_eq!(post.lead, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn lenient<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Ok(T::deserialize(deserializer).ok())
}

/// A list element that is skipped when malformed (see [`lenient`]).
#[derive(Debug, PartialEq)]
pub struct Lenient<T>(pub Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        lenient(deserializer).map(Lenient)
    }
}

/// The deserializer: one tree value.
pub struct Value<T>(pub T);

fn unexpected<T>(node: &Node<T>) -> Unexpected<'static> {
    match node {
        Node::Null => Unexpected::Unit,
        Node::Bool(b) => Unexpected::Bool(*b),
        Node::Number(n) => Unexpected::Float(*n),
        Node::String(_) => Unexpected::Other("a string"),
        Node::Array(_) => Unexpected::Seq,
        Node::Object(_) => Unexpected::Map,
    }
}

impl<'de, T: Tree> Deserializer<'de> for Value<T> {
    type Error = DeError;

    #[inline(never)]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.node() {
            Node::Null => visitor.visit_unit(),
            Node::Bool(b) => visitor.visit_bool(b),
            Node::Number(n) => visitor.visit_f64(n),
            Node::String(s) => visitor.visit_string(s),
            Node::Array(items) => visitor.visit_seq(Seq {
                items: items.into_iter(),
                index: 0,
            }),
            Node::Object(entries) => visitor.visit_map(Map {
                entries: entries.into_iter(),
                pending: None,
            }),
        }
    }

    #[inline(never)]
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.0.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    /// Only an object is a struct: serde's derived structs would otherwise
    /// also accept an array of their fields in order.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    #[inline(never)]
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.node() {
            Node::Object(entries) => visitor.visit_map(Map {
                entries: entries.into_iter(),
                pending: None,
            }),
            node => Err(de::Error::invalid_type(unexpected(&node), &visitor)),
        }
    }

    /// Unknown fields are dropped without being opened.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if name == RAW {
            // [`Raw`] keeps the value as it is, in the side table.
            return match self.0.into_parsed() {
                Some(value) => visitor.visit_u32(stash(value).0),
                None => visitor.visit_u32(0),
            };
        }
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct enum identifier
    }
}

struct Seq<I> {
    items: I,
    index: usize,
}

impl<'de, T: Tree, I: Iterator<Item = T>> SeqAccess<'de> for Seq<I> {
    type Error = DeError;

    #[inline(never)]
    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, DeError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(Value(item))
            .map(Some)
            .map_err(|e| e.inside(index.to_string()))
    }
}

struct Map<I, T> {
    entries: I,
    pending: Option<(String, T)>,
}

impl<'de, T: Tree, I: Iterator<Item = (String, T)>> MapAccess<'de> for Map<I, T> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        let parsed = seed.deserialize(StringDeserializer::<DeError>::new(key.clone()));
        self.pending = Some((key, value));
        parsed.map(Some)
    }

    #[inline(never)]
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        let (key, value) = self
            .pending
            .take()
            .ok_or_else(|| DeError::new(DeErrorKind::Invalid))?;
        seed.deserialize(Value(value)).map_err(|e| e.inside(key))
    }
}

/// Parses JSON text into a tree; the error is the parser's own description
/// (with the position where it stopped).
pub fn parse_text(text: &str) -> Result<ParsedJson, JsonSyntaxError> {
    imp::parse(text).map_err(|message| JsonSyntaxError { message })
}

/// Why JSON text did not parse, in the parser's own words (`JSON.parse`'s
/// in the browser, `serde_json`'s natively), position included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonSyntaxError {
    /// The parser's message.
    pub message: String,
}

impl fmt::Display for JsonSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonSyntaxError {}

pub use imp::ParsedJson;

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::{Node, Tree};
    use wasm_bindgen::{JsCast, JsValue};

    /// A parsed document in the browser: `JSON.parse`'s result (natively,
    /// `serde_json`'s value).
    pub type ParsedJson = JsValue;

    /// The engine's own `JSON.parse`: fast, and no parser in the wasm.
    pub(super) fn parse(text: &str) -> Result<JsValue, String> {
        js_sys::JSON::parse(text).map_err(|e| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "unreadable JSON".to_owned())
        })
    }

    impl Tree for JsValue {
        fn is_null(&self) -> bool {
            self.is_null() || self.is_undefined()
        }

        fn type_name(&self) -> &'static str {
            if Tree::is_null(self) {
                "null"
            } else if self.as_bool().is_some() {
                "a boolean"
            } else if self.as_f64().is_some() {
                "a number"
            } else if self.is_string() {
                "a string"
            } else if js_sys::Array::is_array(self) {
                "an array"
            } else if self.is_object() {
                super::OBJECT
            } else {
                "something else"
            }
        }

        fn into_parsed(self) -> Option<JsValue> {
            Some(self)
        }

        fn keys(&self) -> Vec<String> {
            if self.is_object() && !js_sys::Array::is_array(self) {
                js_sys::Object::keys(self.unchecked_ref::<js_sys::Object>())
                    .iter()
                    .filter_map(|k| k.as_string())
                    .collect()
            } else {
                Vec::new()
            }
        }

        fn node(self) -> Node<Self> {
            if let Some(b) = self.as_bool() {
                Node::Bool(b)
            } else if let Some(n) = self.as_f64() {
                Node::Number(n)
            } else if let Some(s) = self.as_string() {
                Node::String(s)
            } else if js_sys::Array::is_array(&self) {
                Node::Array(self.unchecked_into::<js_sys::Array>().to_vec())
            } else if self.is_object() {
                let entries = js_sys::Object::entries(self.unchecked_ref())
                    .iter()
                    .filter_map(|entry| {
                        let pair = entry.dyn_into::<js_sys::Array>().ok()?;
                        Some((pair.get(0).as_string()?, pair.get(1)))
                    })
                    .collect();
                Node::Object(entries)
            } else {
                Node::Null
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::{Node, Tree};

    /// A parsed document natively: `serde_json`'s value (in the browser, `JSON.parse`'s).
    pub type ParsedJson = serde_json::Value;

    pub(super) fn parse(text: &str) -> Result<serde_json::Value, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    impl Tree for serde_json::Value {
        fn is_null(&self) -> bool {
            self.is_null()
        }

        fn type_name(&self) -> &'static str {
            use serde_json::Value;
            match self {
                Value::Null => "null",
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                Value::String(_) => "a string",
                Value::Array(_) => "an array",
                Value::Object(_) => super::OBJECT,
            }
        }

        fn into_parsed(self) -> Option<serde_json::Value> {
            Some(self)
        }

        fn keys(&self) -> Vec<String> {
            self.as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default()
        }

        fn node(self) -> Node<Self> {
            use serde_json::Value;
            match self {
                Value::Null => Node::Null,
                Value::Bool(b) => Node::Bool(b),
                Value::Number(n) => n.as_f64().map_or(Node::Null, Node::Number),
                Value::String(s) => Node::String(s),
                Value::Array(items) => Node::Array(items),
                Value::Object(map) => Node::Object(map.into_iter().collect()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Inner {
        src: String,
        #[serde(default, deserialize_with = "lenient")]
        width: Option<f64>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Outer {
        title: String,
        #[serde(default, deserialize_with = "lenient")]
        lead: Option<String>,
        #[serde(default)]
        items: Vec<Inner>,
        #[serde(default)]
        loose: Vec<Lenient<Inner>>,
    }

    fn de(text: &str) -> Result<Outer, DeError> {
        from_tree(parse_text(text).unwrap())
    }

    #[test]
    fn reads_fields_and_ignores_unknown_ones() {
        let o = de(r#"{"title": "T", "lead": "L", "extra": {"deep": [1, 2]}, "items": [{"src": "a", "width": 3}]}"#).unwrap();
        assert_eq!(o.title, "T");
        assert_eq!(o.lead.as_deref(), Some("L"));
        assert_eq!(o.items.first().and_then(|i| i.width), Some(3.0));
    }

    #[test]
    fn errors_name_the_field_path_and_the_expectation() {
        let e = de(r#"{"lead": "L"}"#).unwrap_err();
        assert_eq!((e.field(), e.kind), ("title".into(), DeErrorKind::Missing));
        let e = de(r#"{"title": null}"#).unwrap_err();
        assert_eq!((e.field(), e.kind), ("title".into(), DeErrorKind::Missing));
        let e = de(r#"{"title": 1.5}"#).unwrap_err();
        assert_eq!(e.field(), "title");
        assert_eq!(
            e.kind,
            DeErrorKind::WrongType {
                expected: "a string".into()
            }
        );
        let e = de(r#"{"title": "T", "items": [{"src": "a"}, {"src": ["x"]}]}"#).unwrap_err();
        assert_eq!(e.field(), "items.1.src");
        assert_eq!(e.to_string(), "\"items.1.src\" must be a string");
    }

    #[test]
    fn lenient_fields_and_elements_are_dropped_not_fatal() {
        let o = de(r#"{"title": "T", "lead": 7, "loose": [{"src": 1}, "x", {"src": "ok", "width": "wide"}]}"#).unwrap();
        assert_eq!(o.lead, None);
        let kept: Vec<_> = o.loose.into_iter().flat_map(|l| l.0).collect();
        assert_eq!(
            kept,
            [Inner {
                src: "ok".into(),
                width: None
            }]
        );
    }

    #[test]
    fn an_array_is_not_accepted_as_a_struct() {
        let e = de(r#"{"title": "T", "items": [["a", 1]]}"#).unwrap_err();
        assert_eq!(e.field(), "items.0");
        assert!(matches!(e.kind, DeErrorKind::WrongType { .. }));
    }

    #[test]
    fn options_see_through_to_the_value() {
        #[derive(Deserialize)]
        struct WithOption {
            inner: Option<Inner>,
        }
        let v: WithOption = from_tree(parse_text(r#"{"inner": {"src": "s"}}"#).unwrap()).unwrap();
        assert_eq!(v.inner.map(|i| i.src).as_deref(), Some("s"));
        let v: WithOption = from_tree(parse_text(r#"{"inner": null}"#).unwrap()).unwrap();
        assert!(v.inner.is_none());
    }
}
